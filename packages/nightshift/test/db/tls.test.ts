import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../src/db/migrate";
import { sqlOptions } from "../../src/runtime/db";
import { postgresql } from "./servers";

/**
 * Against the real server only: `scripts/ci/start-postgres.sh` serves TLS and lets the role
 * `nightshift_tls` in over TLS only, as `rds.force_ssl = 1` does on RDS.
 */
describe.skipIf(postgresql.skip)(`TLS on postgresql${postgresql.skip ? ` — skipped: ${postgresql.skip}` : ""}`, () => {
  const adminUrl = process.env.TEST_POSTGRES_URL!;
  const password = randomBytes(18).toString("base64url");
  const port = adminUrl ? new URL(adminUrl).port : "";
  const url = (sslmode: string) =>
    `postgres://nightshift_tls:${password}@127.0.0.1:${port}/postgres?sslmode=${sslmode}`;
  let admin: postgres.Sql;

  beforeAll(async () => {
    admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    const [ssl] = await admin<{ ssl: string }[]>`show ssl`;
    if (ssl?.ssl !== "on") throw new Error("the test server has no TLS; restart it with scripts/ci/start-postgres.sh");
    await admin.unsafe(`DROP ROLE IF EXISTS nightshift_tls`);
    await admin.unsafe(`CREATE ROLE nightshift_tls LOGIN PASSWORD '${password}'`);
    await admin.unsafe(`GRANT CREATE ON SCHEMA public TO nightshift_tls`);
  });
  afterAll(async () => {
    await admin.unsafe(`DROP OWNED BY nightshift_tls`).catch(() => {});
    await admin.unsafe(`DROP ROLE IF EXISTS nightshift_tls`);
    await admin.end();
  });

  it("connects over TLS when the URL says sslmode=require, as deployed URLs do", async () => {
    const sql = postgres(url("require"), sqlOptions({ url: url("require"), serverless: true }));
    expect(await sql`select ssl from pg_stat_ssl where pid = pg_backend_pid()`).toEqual([{ ssl: true }]);
    await sql.end();
  });

  it("is refused without TLS by a server that forces it", async () => {
    const sql = postgres(url("disable"), sqlOptions({ url: url("disable"), serverless: true }));
    await expect(sql`select 1`).rejects.toThrow(/no encryption/);
    await sql.end();
  });

  it("runs migrations over TLS", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nightshift-tls-migrations-"));
    await writeFile(join(dir, "1_t.sql"), "create table tls_probe (id int);");
    const result = await migrate({ databaseUrl: url("require"), dirs: [{ dir, table: "tls_migrations", label: "t" }] });
    expect(result.applied).toEqual(["t/1_t.sql"]);
    await rm(dir, { recursive: true, force: true });
  });
});
