import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "../../src/db/embedded";
import { type PgGate, startPgGate } from "../../src/local/pg-gate";
import { cleanup, createProject } from "../helpers/temp-project";

let root: string;
let db: EmbeddedPostgres;
let gate: PgGate;
beforeAll(async () => {
  root = await createProject({});
  db = await startEmbeddedPostgres({ dataDir: `${root}/pgdata` });
  gate = await startPgGate(db.port);
});
afterAll(async () => {
  await gate?.stop();
  await db?.stop();
  await cleanup(root);
});

/** Four clients (two connections each) run parameterized queries and transactions at once. */
async function hammer(url: string): Promise<{ ok: number; errors: string[] }> {
  const clients = [0, 1, 2, 3].map(() => postgres(url, { max: 2, prepare: false, onnotice: () => {} }));
  const errors: string[] = [];
  let ok = 0;
  await Promise.all(
    clients.map(async (sql, i) => {
      for (let n = 0; n < 60; n++) {
        try {
          if (n % 3 === 0) {
            await sql.begin(async (tx) => {
              await tx`select ${i}::int as a, ${n}::int as b`;
              await tx`select ${"in a transaction"}::text as c`;
            });
          } else {
            const [row] = await sql<
              { a: number; b: number; c: string }[]
            >`select ${i}::int as a, ${n}::int as b, ${"x"}::text as c`;
            if (row?.a !== i || row?.b !== n) throw new Error(`client ${i} got another client's row`);
          }
          ok += 1;
        } catch (error) {
          errors.push((error as Error).message);
        }
      }
    }),
  );
  await Promise.all(clients.map((c) => c.end()));
  return { ok, errors };
}

describe("pg gate in front of the embedded database", () => {
  it("keeps concurrent clients' query cycles from interleaving on PGlite's single session", async () => {
    expect(await hammer(gate.url)).toEqual({ ok: 240, errors: [] });
  });

  it("is needed: without it, concurrent parameterized queries fail", async () => {
    // Plain queries only: interleaved transactions without the gate can wait on each other forever.
    const clients = [0, 1, 2, 3].map(() => postgres(db.url, { max: 1, prepare: false, onnotice: () => {} }));
    const errors: string[] = [];
    await Promise.all(
      clients.map(async (sql, i) => {
        for (let n = 0; n < 50; n++) {
          await sql`select ${i}::int as a, ${n}::int as b, ${"x"}::text as c`.catch((error: Error) =>
            errors.push(error.message),
          );
          await sql`select ${i}::int as a`.catch((error: Error) => errors.push(error.message));
        }
      }),
    );
    await Promise.all(clients.map((c) => c.end()));
    // If this starts failing, pglite-socket serializes whole query cycles itself and the gate can go.
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/bind message supplies \d+ parameters, but prepared statement "" requires \d+/);
  });
});
