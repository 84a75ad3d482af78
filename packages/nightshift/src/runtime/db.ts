import postgres from "postgres";
import { NightshiftError } from "../errors";
import { getRuntimeConfig, onRuntimeConfigReset } from "./config";
import { secretPassword } from "./database-password";

/**
 * Connections one long-running process may hold (`next start`, `nightshift dev`, scripts). A Lambda
 * or Vercel function instance serves one request at a time, so it never needs more than one.
 * @default 5
 */
export const DEFAULT_POOL_SIZE = 5;

/** Seconds an unused connection stays open before it is closed (frees RDS slots between bursts). */
export const IDLE_TIMEOUT_SECONDS = 20;

export interface SqlOptionsInput {
  /** `DATABASE_URL`; `sslmode=require|verify-full|…` in it is honoured. */
  readonly url: string;
  /**
   * True inside AWS Lambda (`AWS_LAMBDA_FUNCTION_NAME` set) or a Vercel function (`VERCEL` set): a
   * pool of exactly one connection, kept across invocations of a warm instance.
   */
  readonly serverless: boolean;
}

/**
 * The client options for a database URL, in one place so the migration runner and the
 * provisioner connect exactly like the app does.
 *
 * - `max`: 1 in a Lambda or Vercel function, `DEFAULT_POOL_SIZE` elsewhere. The instance's `max_connections` is
 *   budgeted against queue concurrency at synth time (`connectionBudget`).
 * - `ssl`: taken from the URL's `sslmode` (RDS URLs carry `sslmode=require`; the instance's
 *   `rds.force_ssl = 1` rejects anything else). A URL without it connects in plain text, which is
 *   what the local PGlite socket speaks.
 * - `prepare: false`: named prepared statements would be re-created on every cold start anyway, and
 *   PGlite's socket server runs one session for every client, where named statements from one client
 *   could collide with another's.
 * - `idle_timeout`: Lambda freezes idle instances; closing unused connections returns RDS slots.
 */
export function sqlOptions({ url, serverless }: SqlOptionsInput): postgres.Options<Record<string, never>> {
  const sslmode = sslModeOf(url);
  return {
    max: serverless ? 1 : DEFAULT_POOL_SIZE,
    idle_timeout: IDLE_TIMEOUT_SECONDS,
    prepare: false,
    onnotice: () => {},
    ...(sslmode && sslmode !== "disable" ? { ssl: sslmode as "require" } : {}),
  };
}

function sslModeOf(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get("sslmode") ?? undefined;
  } catch {
    return undefined;
  }
}

let sql: postgres.Sql | undefined;

/**
 * The process's Postgres client (porsager `postgres`), created on first use from `DATABASE_URL` and
 * then reused: across invocations of a warm Lambda, and across requests of a Next.js server.
 * Creating it opens no connection; the first query does. When `NIGHTSHIFT_DATABASE_SECRET_ARN` is set
 * (deployed environments), the password comes from that secret instead of the URL.
 * @example
 * const rows = await getSql()`select word from tracked_words order by word`;
 */
export function getSql(): postgres.Sql {
  if (sql) return sql;
  const config = getRuntimeConfig();
  const url = config.databaseUrl;
  if (!url) {
    throw new NightshiftError(
      "E_CONFIG",
      "DATABASE_URL is not set, and the database (getSql(), ctx.once() and overlap: \"skip\") needs it. Deployed functions get it from nightshift's infrastructure; locally `nightshift dev` sets it. Set DATABASE_URL in this process's environment.",
    );
  }
  const serverless = Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME) || config.onVercel;
  const secretArn = process.env.NIGHTSHIFT_DATABASE_SECRET_ARN?.trim();
  sql = postgres(url, {
    ...sqlOptions({ url, serverless }),
    ...(secretArn ? { password: secretPassword(config, secretArn) } : {}),
  });
  return sql;
}

/** Closes the process's client (if any); the next `getSql()` creates a new one. */
export async function closeSql(): Promise<void> {
  const current = sql;
  sql = undefined;
  await current?.end({ timeout: 5 });
}

// A changed configuration (the local environment restarting its database on a new port) must not
// keep talking to the old URL.
onRuntimeConfigReset(() => {
  void closeSql();
});
