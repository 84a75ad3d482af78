import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { NightshiftError } from "../errors";

export interface EmbeddedPostgresOptions {
  /**
   * Where the database files live; created if missing and kept between runs.
   * @example ".nightshift/pgdata"
   */
  readonly dataDir: string;
  /** TCP port on 127.0.0.1. @default 0 (a free port chosen by the OS) */
  readonly port?: number;
  /**
   * Clients the socket server accepts at once. They all share PGlite's single session (see below).
   * @default 64
   */
  readonly maxConnections?: number;
}

export interface EmbeddedPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`: no password and no TLS, loopback only. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting clients, closes them, and flushes and closes the database. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The default Postgres for `nightshift dev` and tests: PGlite (Postgres compiled to WASM, in this
 * process) served over the Postgres wire protocol by `@electric-sql/pglite-socket`, so the app, the
 * crons and the consumers connect with the same `DATABASE_URL` code as in AWS.
 *
 * PGlite has exactly one session. The socket server multiplexes every client onto it:
 * - statements from different clients run one at a time, in arrival order;
 * - while one client has a transaction open, statements from the others wait until it commits or
 *   rolls back (so a long transaction stalls everyone, and two clients that each wait on the other
 *   inside a transaction would wait forever — keep transactions short);
 * - session state is shared: `SET`, advisory locks, temporary tables and named prepared statements of
 *   one client are seen by all (the runtime client therefore uses `prepare: false`).
 * A real server behaves like the deployed one; set `DATABASE_URL` to use it instead.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  await mkdir(options.dataDir, { recursive: true });
  const lock = await lockDataDir(options.dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create(options.dataDir);
  } catch (error) {
    await lock.release();
    throw new NightshiftError(
      "E_CONFIG",
      `The embedded database in ${options.dataDir} could not be opened (${(error as Error).message}). Another \`nightshift dev\` may be using it, or its files are damaged: stop the other process, or delete ${options.dataDir} to start with an empty database.`,
      { cause: error },
    );
  }
  const server = new PGLiteSocketServer({
    db,
    host: "127.0.0.1",
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 64,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    await lock.release();
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new NightshiftError(
        "E_PORT_IN_USE",
        `The embedded database cannot listen on 127.0.0.1:${options.port} because the port is in use. Stop what is using it, or choose another port (0 picks a free one).`,
        { cause: error },
      );
    }
    throw error;
  }
  const port = Number(server.getServerConn().split(":").pop());
  let stopping: Promise<void> | undefined;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop() {
      stopping ??= (async () => {
        await server.stop();
        await db.close();
        await lock.release();
      })();
      return stopping;
    },
  };
}

/** Name of the file that marks a data directory as open, holding the owner's process id. */
export const LOCK_FILE = "nightshift.pid";

/**
 * PGlite keeps no lock of its own, and two processes writing one data directory would corrupt it.
 * A lock whose process has died (a crash, kill -9) is taken over.
 */
async function lockDataDir(dataDir: string): Promise<{ release(): Promise<void> }> {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, String(process.pid), { flag: "wx" });
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number((await readFile(path, "utf8").catch(() => "")).trim());
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
        throw new NightshiftError(
          "E_CONFIG",
          `The embedded database in ${dataDir} is in use by process ${owner} (another \`nightshift dev\` or test run). Stop that process, or give this one another data directory.`,
        );
      }
      await rm(path, { force: true });
    }
  }
  throw new NightshiftError(
    "E_CONFIG",
    `Could not lock the embedded database in ${dataDir}; remove ${path} and try again.`,
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
