import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

const MIGRATION = new URL("../../../migrations/1764720000000_nightshift-tables.sql", import.meta.url);

/** The runtime's two tables: the Up part of the framework migration itself, not a copy of it. */
export const RUNTIME_TABLES_SQL = readFileSync(MIGRATION, "utf8").split("-- Down Migration")[0] as string;

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
