import { NightshiftError, show } from "../errors";

/**
 * What `infra/constructs/database-environment.ts` puts in the provisioner's `aws_lambda_invocation` input. It
 * holds names and ARNs only: never a password.
 */
export interface ProvisionInput {
  /** `production`, `pr-42`… */
  readonly environment: string;
  readonly database: string;
  readonly role: string;
  /** The instance's endpoint address and port. */
  readonly host: string;
  readonly port: number;
  /** @default "require" */
  readonly sslmode: "require" | "disable";
  /** The instance's master user secret (`manage_master_user_password`): `{ username, password }`. */
  readonly masterSecretArn: string;
  /** The environment's secret; the provisioner writes `AppDatabaseSecret` JSON to it. */
  readonly appSecretArn: string;
  /** The role's `CONNECTION LIMIT` (its share of `max_connections`). @default -1 (none) */
  readonly connectionLimit: number;
  /** Change it (e.g. bump 1 → 2) to rotate the role's password on the next apply. @default "1" */
  readonly passwordVersion: string;
  /** Whether `delete` may drop the database. False for production: its data outlives the stack. */
  readonly allowDrop: boolean;
}

export type ProvisionAction = "create" | "update" | "delete";

/** The input plus the `tf` key Terraform adds with `lifecycle_scope = "CRUD"`. */
export interface ParsedProvisionEvent {
  readonly action: ProvisionAction;
  readonly input: ProvisionInput;
  /** The previous input on `update` and `delete`; null on `create`. */
  readonly previous: ProvisionInput | null;
  /** `"rotate": true` in a manual invocation: generate a new password now. */
  readonly rotate: boolean;
}

/**
 * Env var holding the environment's standing `ProvisionInput` (JSON; names and ARNs only), so an
 * operator can invoke the function by hand with just `{"rotate": true}`.
 */
export const STANDING_INPUT_ENV = "NIGHTSHIFT_PROVISION_INPUT";

const SOURCE = "provisioner input (built by infra/constructs/database-environment.ts)";

/**
 * Checks an invocation payload. An event without `tf` (a manual `aws lambda invoke`) is a `create`,
 * which is safe because provisioning is idempotent; its missing fields come from `standing`.
 */
export function parseProvisionEvent(event: unknown, standing?: string): ParsedProvisionEvent {
  const given = asRecord(event, "the event");
  let base: Record<string, unknown> = {};
  if (given.tf === undefined && standing) {
    try {
      base = asRecord(JSON.parse(standing), STANDING_INPUT_ENV);
    } catch (error) {
      if (error instanceof SyntaxError) fail(STANDING_INPUT_ENV, standing, "JSON");
      throw error;
    }
  }
  const record = { ...base, ...given };
  if (record.rotate !== undefined && typeof record.rotate !== "boolean") fail("rotate", record.rotate, "true or false");
  const tf = record.tf === undefined ? undefined : asRecord(record.tf, "tf");
  const action = (tf?.action ?? "create") as ProvisionAction;
  if (!["create", "update", "delete"].includes(action)) {
    fail("tf.action", tf?.action, '"create", "update" or "delete"');
  }
  const previous = tf?.prev_input == null ? null : parseProvisionInput(tf.prev_input, "tf.prev_input.");
  return { action, input: parseProvisionInput(record, ""), previous, rotate: record.rotate === true };
}

function parseProvisionInput(value: unknown, prefix: string): ProvisionInput {
  const record = asRecord(value, prefix || "the event");
  const text = (field: string): string => {
    const raw = record[field];
    if (typeof raw !== "string" || raw.trim() === "") fail(`${prefix}${field}`, raw, "a non-empty string");
    return raw;
  };
  // Checked in the order of ProvisionInput, so the first missing field is the one reported.
  const environment = text("environment");
  const database = text("database");
  const role = text("role");
  const host = text("host");
  const port = record.port;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) {
    fail(`${prefix}port`, port, "a port number 1–65535");
  }
  const sslmode = record.sslmode ?? "require";
  if (sslmode !== "require" && sslmode !== "disable") fail(`${prefix}sslmode`, sslmode, '"require" or "disable"');
  const masterSecretArn = text("masterSecretArn");
  const appSecretArn = text("appSecretArn");
  const connectionLimit = record.connectionLimit ?? -1;
  if (typeof connectionLimit !== "number" || !Number.isInteger(connectionLimit) || connectionLimit < -1) {
    fail(`${prefix}connectionLimit`, connectionLimit, "a whole number ≥ -1 (-1 = no limit)");
  }
  const allowDrop = record.allowDrop ?? false;
  if (typeof allowDrop !== "boolean") fail(`${prefix}allowDrop`, allowDrop, "true or false");
  const passwordVersion = record.passwordVersion ?? "1";
  if (typeof passwordVersion !== "string" && typeof passwordVersion !== "number") {
    fail(`${prefix}passwordVersion`, passwordVersion, "a string or number");
  }
  return {
    environment,
    database,
    role,
    host,
    port,
    sslmode,
    masterSecretArn,
    appSecretArn,
    connectionLimit,
    passwordVersion: String(passwordVersion),
    allowDrop,
  };
}

function asRecord(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(field, value, "a JSON object");
  return value as Record<string, unknown>;
}

function fail(field: string, value: unknown, expected: string): never {
  throw new NightshiftError(
    "E_BAD_OPTION",
    `${SOURCE}: ${field} must be ${expected} (got ${show(value)}). Fix the input of the aws_lambda_invocation in infra/constructs/database-environment.ts.`,
  );
}
