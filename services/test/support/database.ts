import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "nightshift/internal/db/embedded";
import { migrate } from "nightshift/internal/db/migrate";
import { defaultMigrationDirs } from "nightshift/internal/db/migration-sources";
import { resetRuntimeConfig } from "nightshift/internal/runtime/config";
import { closeSql, getSql } from "nightshift/internal/runtime/db";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");

export interface TestDatabase {
  readonly url: string;
  /** The same client the jobs use (`getSql()`), pointed at this database. */
  readonly sql: ReturnType<typeof getSql>;
  /** Empties the app's tables and the `ctx.once` records between tests. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real Postgres for handler tests: PGlite over the wire protocol, with the framework's and the app's
 * migrations applied, and `DATABASE_URL` set so `getSql()` in the jobs reaches it.
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "wordmon-test-db-"));
  const server = await startEmbeddedPostgres({ dataDir });
  process.env.DATABASE_URL = server.url;
  resetRuntimeConfig();
  await migrate({ databaseUrl: server.url, dirs: defaultMigrationDirs(REPO_ROOT) });
  const sql = getSql();
  return {
    url: server.url,
    sql,
    async reset() {
      await sql`TRUNCATE tracked_words, mentions, report_requests, nightshift_once, nightshift_leases`;
    },
    async stop() {
      await closeSql();
      await server.stop();
      delete process.env.DATABASE_URL;
      resetRuntimeConfig();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
