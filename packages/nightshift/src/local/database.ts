import { existsSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from "../db/embedded";
import { migrate } from "../db/migrate";
import { defaultMigrationDirs } from "../db/migration-sources";
import { startPgGate } from "./pg-gate";
import { stateDir } from "./state-file";

export interface LocalDatabase {
  readonly url: string;
  /** The embedded server's port; undefined when `DATABASE_URL` points elsewhere. */
  readonly port?: number;
  readonly embedded: boolean;
  /** Migrations applied by this start (`<folder>/<file>`). */
  readonly applied: readonly string[];
  stop(): Promise<void>;
}

/**
 * The database for `nightshift dev`: `DATABASE_URL` when it is set, otherwise PGlite with its files
 * under `.nightshift/pgdata`. Pending migrations (the framework's, then `db/migrations`) run first.
 */
/** Migration folders that exist: a project without `db/migrations` only gets the framework's tables. */
function migrationDirs(root: string) {
  return defaultMigrationDirs(root).filter((dir) => existsSync(dir.dir));
}

export async function startLocalDatabase(
  root: string,
  databaseUrl: string | undefined,
  log: (line: string) => void,
): Promise<LocalDatabase> {
  if (databaseUrl) {
    const { applied } = await migrate({ databaseUrl, dirs: migrationDirs(root), log });
    return { url: databaseUrl, embedded: false, applied, stop: async () => {} };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(stateDir(root), "pgdata") });
  try {
    const { applied } = await migrate({ databaseUrl: embedded.url, dirs: migrationDirs(root), log });
    // Workers and Next.js connect through the gate, so concurrent clients never interleave queries.
    const gate = await startPgGate(embedded.port);
    return {
      url: gate.url,
      port: gate.port,
      embedded: true,
      applied,
      stop: async () => {
        await gate.stop();
        await embedded.stop();
      },
    };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}
