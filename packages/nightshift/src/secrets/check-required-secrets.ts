import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import type { ParsedNightshiftConfig, ParsedSecretConfig } from "../config/parse-config";
import { NightshiftError } from "../errors";
import type { AwsSecrets } from "./aws-secrets";
import { secretId, secretScope } from "./secret-names";

/** Whether a secret has a value where a source looks. */
export type SecretPresence = "set" | "missing" | "not-created";

/** Where `checkRequiredSecrets` looks for values: the local files, or an environment in AWS. */
export interface SecretSource {
  /** Shown in the message: `".env.local"`, `"production (AWS Secrets Manager)"`. */
  readonly where: string;
  /**
   * True for a deploy: a secret that targets Vercel then needs a value even when optional, because
   * the deploy copies it into the Vercel project.
   */
  readonly deploy: boolean;
  /**
   * True when every declared secret must already exist, even optional ones: a `pr-<N>` stack looks
   * up the shared preview secrets, and cannot create them.
   */
  readonly mustExist?: boolean;
  presence(secret: ParsedSecretConfig): Promise<SecretPresence>;
  /** The exact command (or edit) that sets the secret here. */
  fix(secret: ParsedSecretConfig): string;
  /** What creates a secret that does not exist yet, when `mustExist`. */
  createFix?(secret: ParsedSecretConfig): string;
}

export interface MissingSecret {
  readonly name: string;
  readonly description: string;
  readonly fix: string;
}

export interface SecretCheck {
  /** Secrets that must have a value and have none. */
  readonly missing: readonly MissingSecret[];
  /** Secrets the deploy has not created yet (a first deploy creates them; set them right after). */
  readonly notCreated: readonly MissingSecret[];
}

const needed = (secret: ParsedSecretConfig, source: SecretSource) =>
  secret.required || (source.deploy && secret.targets.includes("vercel"));

/** Lists the declared secrets that `source` lacks. Never reads or returns a value. */
export async function findMissingSecrets(config: ParsedNightshiftConfig, source: SecretSource): Promise<SecretCheck> {
  const missing: MissingSecret[] = [];
  const notCreated: MissingSecret[] = [];
  for (const secret of config.secrets) {
    if (!needed(secret, source) && !source.mustExist) continue;
    const presence = await source.presence(secret);
    if (presence === "set" || (presence === "missing" && !needed(secret, source))) continue;
    if (presence === "not-created" && source.mustExist) {
      const fix = source.createFix?.(secret) ?? source.fix(secret);
      missing.push({ name: secret.name, description: secret.description, fix });
      continue;
    }
    const entry = { name: secret.name, description: secret.description, fix: source.fix(secret) };
    (presence === "missing" ? missing : notCreated).push(entry);
  }
  return { missing, notCreated };
}

/**
 * Stops `npm run dev` and the deploy when a required secret has no value: throws
 * `E_MISSING_SECRETS` listing each missing secret, what it is, and the command that sets it.
 * Returns the check (with secrets not created yet, which only a deploy can create) otherwise.
 * @example await checkRequiredSecrets(config, localSecretSource(root, process.env, localEnvVars(endpoints)))
 */
export async function checkRequiredSecrets(config: ParsedNightshiftConfig, source: SecretSource): Promise<SecretCheck> {
  const check = await findMissingSecrets(config, source);
  if (check.missing.length > 0) throw missingSecretsError(check.missing, source);
  return check;
}

export function missingSecretsError(missing: readonly MissingSecret[], source: SecretSource): NightshiftError {
  const count = missing.length === 1 ? "1 secret has" : `${missing.length} secrets have`;
  const lines = missing.map((entry) => `  ${entry.name}: ${entry.description}\n    ${entry.fix}`);
  return new NightshiftError("E_MISSING_SECRETS", `${count} no value in ${source.where}:\n${lines.join("\n")}`);
}

/** Reads `.env` then `.env.local` of `root` (later files win); missing files count as empty. */
export function readEnvFiles(root: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of [".env", ".env.local"]) {
    const file = path.join(root, name);
    if (existsSync(file)) Object.assign(values, parseEnv(readFileSync(file, "utf8")));
  }
  return values;
}

/**
 * The local environment's secrets: `.env` and `.env.local`, the shell's env vars, and whatever the
 * local environment provides itself (`provided`, e.g. `SMTP_URL` pointing at its mail catcher).
 */
export function localSecretSource(
  root: string,
  shell: Readonly<Record<string, string | undefined>> = {},
  provided: Readonly<Record<string, string | undefined>> = {},
): SecretSource {
  // An unset shell variable must not hide the value in .env.local.
  const defined = (vars: Readonly<Record<string, string | undefined>>) =>
    Object.fromEntries(Object.entries(vars).filter(([, value]) => value !== undefined));
  const values = { ...readEnvFiles(root), ...defined(shell), ...defined(provided) };
  return {
    where: ".env.local",
    deploy: false,
    async presence(secret) {
      return values[secret.name]?.trim() ? "set" : "missing";
    },
    fix: (secret) => `add ${secret.name}=… to .env.local`,
  };
}

/** An environment's secrets in AWS Secrets Manager (a `pr-<N>` uses the preview values). */
export function awsSecretSource(config: ParsedNightshiftConfig, environment: string, aws: AwsSecrets): SecretSource {
  const scope = secretScope(environment);
  return {
    where: `${scope} (AWS Secrets Manager${scope === environment ? "" : `, shared by ${environment}`})`,
    deploy: true,
    mustExist: scope !== environment,
    async presence(secret) {
      const state = await aws.describe(secretId(config.app, scope, secret.name));
      return state.hasValue ? "set" : state.exists ? "missing" : "not-created";
    },
    fix: (secret) => `nightshift secrets set ${secret.name} --env ${scope}`,
    createFix: (secret) =>
      `the ${scope} stack creates ${secretId(config.app, scope, secret.name)} when this change is deployed from main; then run: nightshift secrets set ${secret.name} --env ${scope}`,
  };
}
