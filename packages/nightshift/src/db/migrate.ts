import { runner } from "node-pg-migrate";
import type { ClientBase } from "pg";
import postgres from "postgres";
import { NightshiftError } from "../errors";
import { sqlOptions } from "../runtime/db";
import type { MigrationDir } from "./migration-sources";

export interface MigrateOptions {
  /** A client to run on (one connection is reserved for the run). Give this or `databaseUrl`. */
  readonly sql?: postgres.Sql;
  /** Connects with the same options as the app (`sslmode` honoured) and disconnects afterwards. */
  readonly databaseUrl?: string;
  /** Folders to apply, in order; see `defaultMigrationDirs()`. */
  readonly dirs: readonly MigrationDir[];
  /** Receives one line per step ("applying db/migrations/…"). @default no logging */
  readonly log?: (message: string) => void;
}

export interface MigrateResult {
  /** Applied migrations as `<label>/<file>`, in the order they ran; empty when all were applied. */
  readonly applied: string[];
}

/**
 * Lock id for migration runs: two deploys (or `nightshift dev` and a test) never migrate one
 * database at the same time; the second waits for the first.
 */
const MIGRATION_LOCK_ID = 7_241_865_325_823_964;

/** node-pg-migrate treats a file whose name matches this as not a migration (`^(…)$`). */
const IGNORE_NON_SQL = "\\..*|.*(?<!\\.sql)";

/**
 * Applies every pending migration with node-pg-migrate. Each migration runs in its own transaction
 * together with the row that records it, so a failing migration leaves the schema exactly as the
 * previous one left it, and a later run continues from there. Running it again applies nothing.
 *
 * @throws NightshiftError `E_MIGRATION_FAILED` naming the migration file and Postgres's error.
 * @example
 * await migrate({ databaseUrl: process.env.DATABASE_URL, dirs: defaultMigrationDirs(process.cwd()) });
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const own = options.sql ? undefined : openClient(options.databaseUrl);
  const sql = options.sql ?? own!;
  const log = options.log ?? (() => {});
  const applied: string[] = [];
  try {
    const reserved = await sql.reserve();
    try {
      for (const dir of options.dirs) applied.push(...(await migrateDir(reserved, dir, log)));
    } finally {
      reserved.release();
    }
  } finally {
    await own?.end({ timeout: 5 });
  }
  return { applied };
}

function openClient(databaseUrl: string | undefined): postgres.Sql {
  if (!databaseUrl) {
    throw new NightshiftError(
      "E_CONFIG",
      "migrate() needs a database: pass `sql` (a postgres client) or `databaseUrl` (got neither). Locally `nightshift dev` passes its embedded database; in AWS the migrate function reads the environment's secret.",
    );
  }
  return postgres(databaseUrl, sqlOptions({ url: databaseUrl, serverless: true }));
}

async function migrateDir(
  reserved: postgres.ReservedSql,
  dir: MigrationDir,
  log: (message: string) => void,
): Promise<string[]> {
  const label = dir.label ?? dir.dir;
  let current: string | undefined;
  const info = (message: string) => {
    const started = /^### MIGRATION (.+) \(UP\) ###$/.exec(message);
    if (started) {
      current = started[1];
      log(`applying ${label}/${current}.sql`);
    }
  };
  try {
    const ran = await runner({
      dbClient: pgLikeClient(reserved),
      dir: dir.dir,
      ignorePattern: IGNORE_NON_SQL,
      migrationsTable: dir.table,
      direction: "up",
      singleTransaction: false,
      checkOrder: true,
      lockValue: MIGRATION_LOCK_ID,
      advisoryLockMode: "wait",
      logger: { debug: () => {}, info, warn: info, error: () => {} },
    });
    return ran.map((migration) => `${label}/${migration.name}.sql`);
  } catch (error) {
    // node-pg-migrate leaves a failed migration's transaction open and cannot release its lock
    // inside it: roll back (the schema returns to the previous migration) and release the lock.
    await reserved.unsafe("ROLLBACK").catch(() => {});
    await reserved.unsafe(`SELECT pg_advisory_unlock_all()`).catch(() => {});
    throw migrationError(label, current, error);
  }
}

function migrationError(label: string, migration: string | undefined, error: unknown): NightshiftError {
  const pg = error as { message?: string; code?: string; position?: string; detail?: string; hint?: string };
  const reason = [
    pg.message ?? String(error),
    pg.code ? `(SQLSTATE ${pg.code}${pg.position ? `, at character ${pg.position}` : ""})` : "",
    pg.detail ? `Detail: ${pg.detail}.` : "",
    pg.hint ? `Hint: ${pg.hint}.` : "",
  ]
    .filter(Boolean)
    .join(" ");
  if (migration === undefined) {
    return new NightshiftError(
      "E_MIGRATION_FAILED",
      `Migrations in ${label} could not start: ${reason}. No migration was applied; fix the folder (file names must start with a number, e.g. 1764720000000_add-users.sql) or the database connection and run them again.`,
      { cause: error },
    );
  }
  return new NightshiftError(
    "E_MIGRATION_FAILED",
    `Migration ${label}/${migration}.sql failed: ${reason}. It was rolled back, so the schema is as the previous migration left it. Fix ${label}/${migration}.sql and run the migrations again.`,
    { cause: error },
  );
}

/**
 * node-pg-migrate speaks node-postgres's client interface; this gives it one connection of the
 * app's own client, so migrations and the app connect the same way (TLS, PGlite).
 */
function pgLikeClient(reserved: postgres.ReservedSql): ClientBase {
  const client = {
    async query(text: string | { text: string; values?: unknown[] }, values?: unknown[]) {
      const query = typeof text === "string" ? text : text.text;
      const args = (typeof text === "string" ? values : text.values) ?? [];
      const result = await reserved.unsafe(query, args as postgres.ParameterOrJSON<never>[]);
      return { rows: Array.isArray(result) ? [...result] : [], rowCount: result.count ?? 0 };
    },
  };
  return client as unknown as ClientBase;
}
