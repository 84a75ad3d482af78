import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/** The runtime's two tables, as the migration creates them. */
export const RUNTIME_TABLES_SQL = `
CREATE TABLE IF NOT EXISTS nightshift_once (
  key text PRIMARY KEY,
  job text NOT NULL,
  status text NOT NULL,
  result jsonb,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);
CREATE TABLE IF NOT EXISTS nightshift_leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  expires_at timestamptz NOT NULL
);`;

export interface TestDatabase {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  /** Direct access to the PGlite instance, for assertions. */
  readonly db: PGlite;
  stop(): Promise<void>;
}

/** An in-memory PGlite served over the Postgres wire protocol on a random loopback port. */
export async function startTestDatabase(): Promise<TestDatabase> {
  const db = await PGlite.create();
  await db.exec(RUNTIME_TABLES_SQL);
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 8 });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgres://postgres@${address}/postgres`,
    db,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
