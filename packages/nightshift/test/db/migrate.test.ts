import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { migrate } from "../../src/db/migrate";
import { defaultMigrationDirs, type MigrationDir } from "../../src/db/migration-sources";
import { isNightshiftError } from "../../src/errors";
import { serverKinds, type TestServer } from "./servers";

const repoRoot = join(import.meta.dirname, "../../../..");

for (const kind of serverKinds) {
  describe.skipIf(kind.skip)(`migrate() on ${kind.name}${kind.skip ? ` — skipped: ${kind.skip}` : ""}`, () => {
    let server: TestServer;
    let sql: postgres.Sql;
    let scratch: string;

    beforeAll(async () => {
      server = await kind.start();
    });
    afterAll(async () => {
      await server?.stop();
    });
    beforeEach(async () => {
      sql = postgres(server.url, { max: 2, prepare: false, onnotice: () => {} });
      scratch = await mkdtemp(join(tmpdir(), "nightshift-migrations-"));
      await sql.unsafe("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    });
    afterEach(async () => {
      await sql.end();
      await rm(scratch, { recursive: true, force: true });
    });

    const tables = async () =>
      (
        await sql<{ name: string }[]>`
          select table_name as name from information_schema.tables
          where table_schema = 'public' order by table_name`
      ).map((row) => row.name);

    it("applies the framework's and the example app's migrations, then nothing on a second run", async () => {
      const dirs = defaultMigrationDirs(repoRoot);
      const lines: string[] = [];
      const first = await migrate({ sql, dirs, log: (line) => lines.push(line) });
      expect(first.applied).toEqual([
        "nightshift/migrations/1764720000000_nightshift-tables.sql",
        "db/migrations/1764720000000_tracked-words.sql",
        "db/migrations/1764720000001_mentions.sql",
        "db/migrations/1764720000002_report-requests.sql",
      ]);
      expect(lines).toEqual(first.applied.map((name) => `applying ${name}`));
      expect(await tables()).toEqual([
        "app_migrations",
        "mentions",
        "nightshift_leases",
        "nightshift_migrations",
        "nightshift_once",
        "report_requests",
        "tracked_words",
      ]);

      const second = await migrate({ sql, dirs });
      expect(second.applied).toEqual([]);
    });

    it("creates the tables the runtime and the example app rely on", async () => {
      await migrate({ sql, dirs: defaultMigrationDirs(repoRoot) });
      await sql`insert into nightshift_once (key, job, status) values ('a:1', 'a', 'running')`;
      const [once] = await sql`select status, result, created_at is not null as stamped from nightshift_once`;
      expect(once).toEqual({ status: "running", result: null, stamped: true });
      await sql`insert into nightshift_leases (name, holder, expires_at) values ('cron', 'me', now())`;

      const [word] = await sql<{ id: string }[]>`insert into tracked_words (word) values ('Rust') returning id`;
      await expect(sql`insert into tracked_words (word) values ('rust')`).rejects.toThrow(/duplicate key/);
      const mention = { word_id: word!.id, external_id: "hn-1", title: "Rust 2", url: "https://example.com" };
      await sql`insert into mentions ${sql(mention)}`;
      await expect(sql`insert into mentions ${sql(mention)}`).rejects.toThrow(/duplicate key/);
      await sql`delete from tracked_words`;
      expect(await sql`select * from mentions`).toHaveLength(0);

      const [request] = await sql`insert into report_requests (word, email) values ('rust', 'a@b.c') returning status`;
      expect(request).toEqual({ status: "pending" });
    });

    it("rolls a failing migration back, keeps the earlier ones and names the file and the error", async () => {
      const dir: MigrationDir = { dir: scratch, table: "test_migrations", label: "db/migrations" };
      await writeFile(join(scratch, "1_first.sql"), "-- Up Migration\ncreate table first (id int);");
      await writeFile(join(scratch, "2_broken.sql"), "create table second (id int);\ninsert into nowhere values (1);");
      await writeFile(join(scratch, "README.md"), "not a migration");

      const error = await migrate({ sql, dirs: [dir] }).catch((caught: unknown) => caught);
      expect(isNightshiftError(error) && error.code).toBe("E_MIGRATION_FAILED");
      expect((error as Error).message).toBe(
        'Migration db/migrations/2_broken.sql failed: relation "nowhere" does not exist (SQLSTATE 42P01, at character 43). It was rolled back, so the schema is as the previous migration left it. Fix db/migrations/2_broken.sql and run the migrations again.',
      );
      expect(await tables()).toEqual(["first", "test_migrations"]);

      // The connection it used is healthy again (transaction closed, lock released).
      await writeFile(join(scratch, "2_broken.sql"), "create table second (id int);");
      expect((await migrate({ sql, dirs: [dir] })).applied).toEqual(["db/migrations/2_broken.sql"]);
      expect(await tables()).toEqual(["first", "second", "test_migrations"]);
    });

    it("refuses a new migration that sorts before one already applied", async () => {
      const dir: MigrationDir = { dir: scratch, table: "test_migrations", label: "db/migrations" };
      await writeFile(join(scratch, "2_b.sql"), "create table b (id int);");
      await migrate({ sql, dirs: [dir] });
      await writeFile(join(scratch, "1_a.sql"), "create table a (id int);");
      await expect(migrate({ sql, dirs: [dir] })).rejects.toThrow(
        "Migrations in db/migrations could not start: Not run migration 1_a is preceding already run migration 2_b. No migration was applied; fix the folder (file names must start with a number, e.g. 1764720000000_add-users.sql) or the database connection and run them again.",
      );
    });

    it("connects by URL and disconnects when done", async () => {
      const dir: MigrationDir = { dir: scratch, table: "test_migrations" };
      await writeFile(join(scratch, "1_a.sql"), "create table a (id int);");
      expect(await migrate({ databaseUrl: server.url, dirs: [dir] })).toEqual({ applied: [`${scratch}/1_a.sql`] });
    });
  });
}

describe("migrate() without a database", () => {
  it("names both ways to give one", async () => {
    await expect(migrate({ dirs: [] })).rejects.toThrow(
      "migrate() needs a database: pass `sql` (a postgres client) or `databaseUrl` (got neither). Locally `nightshift dev` passes its embedded database; in AWS the migrate function reads the environment's secret.",
    );
  });
});
