import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LOCK_FILE, startEmbeddedPostgres } from "../../src/db/embedded";

describe("startEmbeddedPostgres", () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "nightshift-embedded-"));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("serves Postgres on a free loopback port and keeps the data after a restart", async () => {
    const first = await startEmbeddedPostgres({ dataDir: join(dataDir, "pgdata") });
    expect(first.url).toBe(`postgres://postgres@127.0.0.1:${first.port}/postgres`);
    const sql = postgres(first.url, { max: 1, onnotice: () => {} });
    await sql`create table notes (body text)`;
    await sql`insert into notes values ('kept')`;
    await sql.end();
    await first.stop();
    await first.stop(); // a second stop is harmless

    const second = await startEmbeddedPostgres({ dataDir: join(dataDir, "pgdata") });
    const again = postgres(second.url, { max: 1, onnotice: () => {} });
    expect(await again`select body from notes`).toEqual([{ body: "kept" }]);
    await again.end();
    await second.stop();
  });

  it("queues another client's statements until an open transaction ends", async () => {
    const server = await startEmbeddedPostgres({ dataDir });
    const a = postgres(server.url, { max: 1, prepare: false, onnotice: () => {} });
    const b = postgres(server.url, { max: 1, prepare: false, onnotice: () => {} });
    await a`create table events (name text)`;
    const order: string[] = [];
    let fromB: Promise<unknown> = Promise.resolve();
    await a.begin(async (tx) => {
      await tx`insert into events values ('in transaction')`;
      fromB = b`select count(*)::int as n from events`.then((rows) => {
        order.push("b answered");
        return rows;
      });
      await tx`select pg_sleep(0)`; // one more round trip, so b's query reaches the server first
      order.push("a commits");
    });
    expect(await fromB).toEqual([{ n: 1 }]);
    expect(order).toEqual(["a commits", "b answered"]);
    await a.end();
    await b.end();
    await server.stop();
  });

  it("refuses a data directory another live process has open, and takes over a dead one's", async () => {
    await writeFile(join(dataDir, LOCK_FILE), String(process.ppid));
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(
      `The embedded database in ${dataDir} is in use by process ${process.ppid} (another \`nightshift dev\` or test run). Stop that process, or give this one another data directory.`,
    );
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    await writeFile(join(dataDir, LOCK_FILE), String(dead));
    const server = await startEmbeddedPostgres({ dataDir });
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(`is in use by process ${process.pid}`);
    await server.stop();
  });

  it("names a port that is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    await expect(startEmbeddedPostgres({ dataDir, port })).rejects.toThrow(
      `The embedded database cannot listen on 127.0.0.1:${port} because the port is in use. Stop what is using it, or choose another port (0 picks a free one).`,
    );
    blocker.close();
  });
});
