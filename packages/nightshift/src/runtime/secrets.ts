import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { NightshiftError, show } from "../errors";
import { SECRETS_ENDPOINT_ENV, SECRETS_ENV_VAR, secretScope } from "../secrets/secret-names";
import { credentialsFor } from "./aws-clients";
import { onRuntimeConfigReset, readRuntimeConfig } from "./config";

/**
 * Declared secrets at run time. In a Lambda, `NIGHTSHIFT_SECRETS` maps each secret the function may
 * read to its Secrets Manager ARN; the first read fetches every one of them at once (one
 * `GetSecretValue` each, in parallel) and keeps the values for the life of the process, so a
 * warm invocation never calls Secrets Manager. On Vercel and locally (`.env.local`), secrets are
 * plain env vars. Values are never logged and never part of an error message.
 */

type Env = Readonly<Record<string, string | undefined>>;

export interface SecretReaderOptions {
  /** Where `NIGHTSHIFT_SECRETS`, `NIGHTSHIFT_ENV` and plain secrets are read. @default process.env */
  readonly env?: Env;
  /** The Secrets Manager client; created on first use from the runtime configuration when absent. */
  readonly client?: Pick<SecretsManagerClient, "send">;
}

export interface SecretReader {
  /** A secret's value; throws `E_MISSING_SECRETS` (with the command that sets it) when it has none. */
  get(name: string): Promise<string>;
  /** A secret's value, or undefined when it has none. */
  find(name: string): Promise<string | undefined>;
  /** Fetches every declared secret now (cold start); later reads come from memory. */
  load(): Promise<void>;
}

/** Reads `NIGHTSHIFT_SECRETS`: `{ "<NAME>": "<ARN>" }`, or `{}` when unset. */
export function declaredSecretArns(env: Env): Record<string, string> {
  const raw = env[SECRETS_ENV_VAR]?.trim();
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  const valid =
    typeof parsed === "object" &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((arn) => typeof arn === "string" && arn.startsWith("arn:"));
  if (!valid) {
    throw new NightshiftError(
      "E_CONFIG",
      `${SECRETS_ENV_VAR} must be a JSON object of secret names to Secrets Manager ARNs, as the deploy sets it (got ${show(raw.slice(0, 80))}); redeploy the environment, or unset it to read secrets from env vars.`,
    );
  }
  return parsed as Record<string, string>;
}

export function createSecretReader(options: SecretReaderOptions = {}): SecretReader {
  const env = options.env ?? process.env;
  let values: Promise<Map<string, string | undefined>> | undefined;

  const fetchAll = async (): Promise<Map<string, string | undefined>> => {
    const arns = declaredSecretArns(env);
    const entries = Object.entries(arns);
    if (entries.length === 0) return new Map();
    const sdk = await import("@aws-sdk/client-secrets-manager");
    const client = options.client ?? createClient(sdk, env);
    const fetched = await Promise.all(
      entries.map(async ([name, arn]) => {
        try {
          const result = await client.send(new sdk.GetSecretValueCommand({ SecretId: arn }));
          return [name, result.SecretString] as const;
        } catch (error) {
          // A secret created by the deploy but never set has no AWSCURRENT version yet.
          if ((error as { name?: string }).name === "ResourceNotFoundException") return [name, undefined] as const;
          throw new NightshiftError(
            "E_AWS",
            `reading secret ${name} from Secrets Manager failed (${(error as Error).name ?? "Error"}: ${(error as Error).message}); check that the function's role may read ${arn}.`,
            { cause: error },
          );
        }
      }),
    );
    return new Map(fetched);
  };

  const all = () => {
    if (!values) {
      const pending = fetchAll();
      values = pending;
      // A failed fetch is forgotten, so the next invocation tries again.
      pending.catch(() => {
        if (values === pending) values = undefined;
      });
    }
    return values;
  };

  const find = async (name: string): Promise<string | undefined> => {
    if (name in declaredSecretArns(env)) return (await all()).get(name);
    const plain = env[name];
    return plain === undefined || plain === "" ? undefined : plain;
  };

  return {
    find,
    async get(name) {
      const value = await find(name);
      if (value !== undefined) return value;
      throw missingSecret(name, env);
    },
    async load() {
      await all();
    },
  };
}

function missingSecret(name: string, env: Env): NightshiftError {
  const environment = env.NIGHTSHIFT_ENV?.trim();
  const declared = name in declaredSecretArns(env);
  if (declared && environment) {
    return new NightshiftError(
      "E_MISSING_SECRETS",
      `secret ${name} has no value in AWS Secrets Manager for "${environment}"; set it with \`nightshift secrets set ${name} --env ${secretScope(environment)}\`.`,
    );
  }
  return new NightshiftError(
    "E_MISSING_SECRETS",
    `secret ${name} is not set. Locally, add ${name}=… to .env.local; deployed, declare it in nightshift.config.ts secrets (targets "lambda" and/or "vercel"), deploy, and run \`nightshift secrets set ${name} --env <env>\`.`,
  );
}

function createClient(sdk: typeof import("@aws-sdk/client-secrets-manager"), env: Env): SecretsManagerClient {
  const config = readRuntimeConfig(env);
  const endpoint = env[SECRETS_ENDPOINT_ENV]?.trim() || undefined;
  return new sdk.SecretsManagerClient({
    ...(config.region ? { region: config.region } : {}),
    ...(endpoint ? { endpoint } : {}),
    credentials: credentialsFor(config, endpoint),
  });
}

let processReader: SecretReader | undefined;
onRuntimeConfigReset(() => {
  processReader = undefined;
});

function reader(): SecretReader {
  processReader ??= createSecretReader();
  return processReader;
}

/**
 * A declared secret's value: from Secrets Manager in a Lambda (fetched once per cold start), from
 * env vars on Vercel and locally (`.env.local`).
 * @example const url = await secret("SMTP_URL");
 */
export function secret(name: string): Promise<string> {
  return reader().get(name);
}

/** Like `secret()`, but undefined for a secret with no value (an optional secret). */
export function optionalSecret(name: string): Promise<string | undefined> {
  return reader().find(name);
}

/**
 * Fetches every declared secret now and copies each one that has a value into `env` (unless already
 * set there), so code that reads `process.env.SMTP_URL` works the same in a Lambda as on Vercel.
 * Lambda adapters call it once per cold start.
 */
export async function loadSecrets(env: Record<string, string | undefined> = process.env): Promise<void> {
  const current = env === process.env ? reader() : createSecretReader({ env });
  for (const name of Object.keys(declaredSecretArns(env))) {
    const value = await current.find(name);
    if (value !== undefined && !env[name]) env[name] = value;
  }
}
