import postgres from "postgres";
import { NightshiftError } from "../errors";
import { createAppDatabaseSecret, parseAppDatabaseSecret } from "./app-secret";
import { provisionDatabase, teardownDatabase } from "./provision";
import {
  type ParsedProvisionEvent,
  type ProvisionInput,
  parseProvisionEvent,
  STANDING_INPUT_ENV,
} from "./provision-event";
import { generatePassword } from "./scram";
import { awsSecretStore, type SecretStore } from "./secret-store";

/** What the invocation returns (Terraform keeps it in state as `result`): names only, no password. */
export interface ProvisionResult {
  readonly environment: string;
  readonly action: "create" | "update" | "delete";
  readonly database: string;
  readonly role: string;
  /** What happened, for the apply log: `created`, `updated`, `rotated`, `dropped`, `kept`. */
  readonly outcome: string;
}

export interface ProvisionerDeps {
  readonly secrets: SecretStore;
  /** Opens an admin connection; the handler ends it. @default porsager postgres, one connection */
  readonly connect?: (options: postgres.Options<Record<string, postgres.PostgresType>>) => postgres.Sql;
  readonly generatePassword?: () => string;
  /** Where `NIGHTSHIFT_PROVISION_INPUT` is read from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** One line per step. @default JSON lines on stdout */
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
}

/**
 * The provisioner Lambda, invoked by Terraform's `aws_lambda_invocation` with
 * `lifecycle_scope = "CRUD"` (see `ProvisionInput` for the payload):
 *
 * - `create` / `update`: reads the master user from the instance's managed secret and the role's
 *   password from the environment's secret. Without one (first run), or when `passwordVersion`
 *   changed, it generates a password and writes the secret first, then makes the role (login,
 *   password, connection limit) and the database it owns exist, with `CONNECT` revoked from
 *   `PUBLIC`. Everything is re-applied every time, so a re-run converges the server to the secret.
 * - `delete`: ends the sessions and drops the database and the role when `allowDrop` (preview
 *   environments); otherwise keeps them and says so (production's data outlives its stack).
 * - by hand, `{"rotate": true}`: the rest of the input comes from `NIGHTSHIFT_PROVISION_INPUT`, and
 *   the role gets a new password (see docs/operations.md).
 */
export function createProvisionHandler(deps: ProvisionerDeps): (event: unknown) => Promise<ProvisionResult> {
  const log = deps.log ?? ((message, fields) => console.log(JSON.stringify({ message, ...fields })));
  const connect =
    deps.connect ?? ((options) => postgres({ ...options, max: 1, prepare: false, onnotice: () => {} }) as postgres.Sql);
  return async (event) => {
    const parsed = parseProvisionEvent(event, (deps.env ?? process.env)[STANDING_INPUT_ENV]);
    const { input } = parsed;
    const base = { environment: input.environment, action: parsed.action, database: input.database, role: input.role };
    log(`provisioner ${parsed.action} for ${input.environment}`, { database: input.database, role: input.role });

    if (parsed.action === "delete" && !input.allowDrop) {
      log(`kept database ${input.database} and role ${input.role}: allowDrop is false for ${input.environment}`);
      return { ...base, outcome: "kept" };
    }

    const master = await readMasterUser(deps.secrets, input.masterSecretArn);
    const admin = connect({
      host: input.host,
      port: input.port,
      database: "postgres",
      username: master.username,
      password: master.password,
      ssl: input.sslmode === "require" ? "require" : false,
      connect_timeout: 15,
    });
    try {
      if (parsed.action === "delete") {
        const outcome = await teardownDatabase(admin, input);
        log(`dropped ${input.environment}`, { ...outcome });
        return { ...base, outcome: "dropped" };
      }
      return { ...base, outcome: await ensure(admin, deps, parsed, log) };
    } finally {
      await admin.end({ timeout: 5 });
    }
  };
}

async function ensure(
  admin: postgres.Sql,
  deps: ProvisionerDeps,
  { action, input, previous, rotate: rotateNow }: ParsedProvisionEvent,
  log: (message: string, fields?: Record<string, unknown>) => void,
): Promise<string> {
  const current = parseAppDatabaseSecret(await deps.secrets.read(input.appSecretArn));
  const rotate =
    rotateNow || (action === "update" && previous !== null && previous.passwordVersion !== input.passwordVersion);
  const reusable = current && current.username === input.role && !rotate;
  const password = reusable ? current.password : (deps.generatePassword ?? generatePassword)();
  const secret = createAppDatabaseSecret(input, { username: input.role, password, dbname: input.database });
  // The secret is written before the role changes: if provisioning then fails, the next run sets
  // the role to what the secret says, so the two never stay apart.
  if (JSON.stringify(secret) !== JSON.stringify(current)) {
    await deps.secrets.write(input.appSecretArn, JSON.stringify(secret));
    log(reusable ? "updated the database secret" : "wrote a new password to the database secret");
  }
  const outcome = await provisionDatabase(admin, {
    database: input.database,
    role: input.role,
    password,
    connectionLimit: input.connectionLimit,
  });
  log(`provisioned ${input.environment}`, { ...outcome, rotated: rotate });
  if (rotate) return "rotated";
  return outcome.createdDatabase || outcome.createdRole ? "created" : "updated";
}

async function readMasterUser(
  secrets: SecretStore,
  secretArn: ProvisionInput["masterSecretArn"],
): Promise<{ username: string; password: string }> {
  const text = await secrets.read(secretArn);
  let value: { username?: unknown; password?: unknown } | undefined;
  try {
    value = text ? JSON.parse(text) : undefined;
  } catch {
    value = undefined;
  }
  if (typeof value?.username !== "string" || typeof value.password !== "string") {
    throw new NightshiftError(
      "E_CONFIG",
      `The master user secret ${secretArn} has no JSON { username, password } (RDS writes one when manage_master_user_password is true). Check that the instance finished creating and that the provisioner's role may read the secret (secretsmanager:GetSecretValue and kms:Decrypt).`,
    );
  }
  return { username: value.username, password: value.password };
}

/** The Lambda entry point (`provisioner/handler.handler`). */
export const handler = createProvisionHandler({ secrets: awsSecretStore() });
