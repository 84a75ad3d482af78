import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { startEmbeddedPostgres } from "../../src/db/embedded";

/**
 * The two kinds of server every database test runs against: PGlite over its socket (what
 * `nightshift dev` uses) and a real PostgreSQL server (what RDS is). The real one comes from
 * `TEST_POSTGRES_URL` (a superuser URL; `scripts/ci/start-postgres.sh` prints one).
 */
export interface TestServer {
  /** A fresh, empty database for one test, as a superuser URL. */
  readonly url: string;
  /** The server's admin URL (its `postgres` database). */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

export interface ServerKind {
  readonly name: "pglite" | "postgresql";
  /** Why the kind is skipped, or undefined when it runs. */
  readonly skip?: string;
  start(): Promise<TestServer>;
}

const realUrl = process.env.TEST_POSTGRES_URL;

export const REAL_SKIP_REASON =
  'TEST_POSTGRES_URL is not set, so tests against a real PostgreSQL server are skipped. Run `eval "$(scripts/ci/start-postgres.sh)"` first (`.ci/run` does).';

if (!realUrl) console.warn(`[nightshift db tests] ${REAL_SKIP_REASON}`);

export const pglite: ServerKind = {
  name: "pglite",
  async start() {
    const dataDir = await mkdtemp(join(tmpdir(), "nightshift-pgdata-"));
    const server = await startEmbeddedPostgres({ dataDir });
    return {
      url: server.url,
      adminUrl: server.url,
      async stop() {
        await server.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
};

export const postgresql: ServerKind = {
  name: "postgresql",
  ...(realUrl ? {} : { skip: REAL_SKIP_REASON }),
  async start() {
    const adminUrl = realUrl!;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    const database = `nightshift_test_${randomBytes(6).toString("hex")}`;
    await admin.unsafe(`CREATE DATABASE ${database}`);
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    return {
      url: url.toString(),
      adminUrl,
      async stop() {
        await admin.unsafe(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await admin.end();
      },
    };
  },
};

export const serverKinds: readonly ServerKind[] = [pglite, postgresql];
