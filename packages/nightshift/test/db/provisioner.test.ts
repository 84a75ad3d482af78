import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAppDatabaseSecret } from "../../src/provisioner/app-secret";
import { createProvisionHandler } from "../../src/provisioner/handler";
import { memorySecretStore } from "../../src/provisioner/secret-store";
import { serverKinds, type TestServer } from "./servers";

const MASTER_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-master";
const APP_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:wordmon/pr-42/database";

for (const kind of serverKinds) {
  describe.skipIf(kind.skip)(`provisioner on ${kind.name}${kind.skip ? ` — skipped: ${kind.skip}` : ""}`, () => {
    let server: TestServer;
    let admin: postgres.Sql;
    let master: { username: string; password: string };
    const suffix = randomBytes(3).toString("hex");
    // A hostile name: quotes, a semicolon, spaces and capitals must all survive as one identifier.
    const database = `wordmon_pr_42 "${suffix}"; drop table x; --`;
    const role = `Wordmon PR 42 '${suffix}'`;

    beforeAll(async () => {
      server = await kind.start();
      admin = postgres(server.adminUrl, { max: 1, prepare: false, onnotice: () => {} });
      if (kind.name === "postgresql") {
        // Like RDS's master user: may create roles and databases, but is not a superuser.
        master = { username: `ns_master_${suffix}`, password: randomBytes(18).toString("base64url") };
        await admin.unsafe(`CREATE ROLE ${master.username} LOGIN CREATEDB CREATEROLE PASSWORD '${master.password}'`);
      } else {
        master = { username: "postgres", password: "unused" };
      }
    });
    afterAll(async () => {
      if (admin) {
        await admin.unsafe(`DROP DATABASE IF EXISTS "${database.replaceAll('"', '""')}" WITH (FORCE)`);
        await admin.unsafe(`DROP ROLE IF EXISTS "${role}"`);
        if (kind.name === "postgresql") await admin.unsafe(`DROP ROLE IF EXISTS ${master.username}`);
        await admin.end();
      }
      await server?.stop();
    });

    const setup = () => {
      const secrets = memorySecretStore({ [MASTER_ARN]: JSON.stringify(master) });
      let n = 0;
      const lines: string[] = [];
      const handler = createProvisionHandler({
        secrets,
        generatePassword: () => `pw${++n}-${randomBytes(12).toString("base64url")}`,
        log: (message) => lines.push(message),
      });
      return { secrets, handler, lines };
    };
    const input = (overrides: Record<string, unknown> = {}) => ({
      environment: "pr-42",
      database,
      role,
      host: "127.0.0.1",
      port: Number(new URL(server.adminUrl).port),
      // The real server serves TLS (as RDS does); PGlite's socket server has none.
      sslmode: kind.name === "postgresql" ? "require" : "disable",
      masterSecretArn: MASTER_ARN,
      appSecretArn: APP_ARN,
      connectionLimit: 7,
      passwordVersion: 1,
      allowDrop: true,
      ...overrides,
    });
    const state = async () => {
      const [roleRow] = await admin`
        select rolcanlogin, rolconnlimit, rolsuper, rolcreatedb, rolcreaterole from pg_roles where rolname = ${role}`;
      const [db] = await admin`
        select pg_get_userbyid(datdba) as owner, datacl::text[] as acl from pg_database where datname = ${database}`;
      const [verifier] = await admin`select rolpassword from pg_authid where rolname = ${role}`.catch(() => [
        undefined,
      ]);
      return { role: roleRow, db, verifier: (verifier as { rolpassword?: string } | undefined)?.rolpassword };
    };

    it("provisions, re-provisions without changes, rotates on request and tears down, idempotently", async () => {
      const { secrets, handler } = setup();

      // create
      expect(await handler({ ...input(), tf: { action: "create", prev_input: null } })).toEqual({
        environment: "pr-42",
        action: "create",
        database,
        role,
        outcome: "created",
      });
      const secret = parseAppDatabaseSecret(secrets.values.get(APP_ARN));
      expect(secret).toMatchObject({ engine: "postgres", dbname: database, username: role, host: "127.0.0.1" });
      expect(secret?.password).toMatch(/^pw1-/);
      expect(secret?.url).toBe(
        `postgres://${encodeURIComponent(role)}:${encodeURIComponent(secret!.password)}@127.0.0.1:${input().port}/${encodeURIComponent(database)}?sslmode=${input().sslmode}`,
      );
      const created = await state();
      expect(created.role).toEqual({
        rolcanlogin: true,
        rolconnlimit: 7,
        rolsuper: false,
        rolcreatedb: false,
        rolcreaterole: false,
      });
      expect(created.db?.owner).toBe(role);
      // PUBLIC (an entry starting with "=") has no privileges on the database.
      expect(((created.db?.acl ?? []) as string[]).some((entry) => entry.startsWith("="))).toBe(false);
      expect(created.verifier).toMatch(/^SCRAM-SHA-256\$4096:/);

      // The role logs in with the secret's URL and can create tables in its own database.
      const app = postgres(secret!.url, { max: 1, prepare: false, onnotice: () => {} });
      await app`create table t (id int)`;
      if (kind.name === "postgresql") {
        expect(await app`select ssl from pg_stat_ssl where pid = pg_backend_pid()`).toEqual([{ ssl: true }]);
      }
      await app`insert into t values (1)`;

      // update with the same input: nothing changes, the same password still works
      const again = await handler({ ...input(), tf: { action: "update", prev_input: input() } });
      expect(again.outcome).toBe("updated");
      expect(parseAppDatabaseSecret(secrets.values.get(APP_ARN))?.password).toBe(secret?.password);
      expect((await state()).verifier).not.toBe(undefined);
      expect(await app`select count(*)::int as n from t`).toEqual([{ n: 1 }]);

      // create again (state lost, or a manual invoke): still idempotent, keeps the password and data
      expect((await handler(input())).outcome).toBe("updated");
      expect(parseAppDatabaseSecret(secrets.values.get(APP_ARN))?.password).toBe(secret?.password);

      // rotate: a new password in the secret and on the role
      const rotated = await handler({
        ...input({ passwordVersion: 2, connectionLimit: 3 }),
        tf: { action: "update", prev_input: input() },
      });
      expect(rotated.outcome).toBe("rotated");
      const newSecret = parseAppDatabaseSecret(secrets.values.get(APP_ARN));
      expect(newSecret?.password).toMatch(/^pw2-/);
      expect((await state()).role?.rolconnlimit).toBe(3);
      const rotatedApp = postgres(newSecret!.url, { max: 1, prepare: false, onnotice: () => {} });
      expect(await rotatedApp`select count(*)::int as n from t`).toEqual([{ n: 1 }]);
      await rotatedApp.end();
      if (kind.name === "postgresql") {
        // The old password no longer logs in (PGlite has no authentication to check).
        const stale = postgres(secret!.url, { max: 1, onnotice: () => {} });
        await expect(stale`select 1`).rejects.toThrow(/password authentication failed/);
        await stale.end();
      }

      // delete: ends open sessions (app is still connected) and drops database and role
      const teardownInput = input({ passwordVersion: 2, connectionLimit: 3 });
      expect(await handler({ ...teardownInput, tf: { action: "delete", prev_input: teardownInput } })).toMatchObject({
        outcome: "dropped",
      });
      await app.end({ timeout: 1 }).catch(() => {});
      expect(await state()).toEqual({ role: undefined, db: undefined, verifier: undefined });

      // delete again: nothing left, no error
      expect((await handler({ ...teardownInput, tf: { action: "delete", prev_input: teardownInput } })).outcome).toBe(
        "dropped",
      );
    });

    it("rotates by hand with {rotate: true}, taking the rest from the standing input", async () => {
      const secrets = memorySecretStore({ [MASTER_ARN]: JSON.stringify(master) });
      let n = 0;
      const handler = createProvisionHandler({
        secrets,
        generatePassword: () => `manual${++n}-${randomBytes(12).toString("base64url")}`,
        env: { NIGHTSHIFT_PROVISION_INPUT: JSON.stringify(input()) },
        log: () => {},
      });
      await handler({ ...input(), tf: { action: "create", prev_input: null } });
      expect(parseAppDatabaseSecret(secrets.values.get(APP_ARN))?.password).toMatch(/^manual1-/);
      expect(await handler({ rotate: true })).toMatchObject({ outcome: "rotated", database, role });
      const secret = parseAppDatabaseSecret(secrets.values.get(APP_ARN));
      expect(secret?.password).toMatch(/^manual2-/);
      const app = postgres(secret!.url, { max: 1, prepare: false, onnotice: () => {} });
      expect(await app`select current_user as me`).toEqual([{ me: kind.name === "postgresql" ? role : "postgres" }]);
      await app.end();
      await handler({ ...input(), tf: { action: "delete", prev_input: input() } });
    });

    it("keeps the database of an environment that does not allow dropping it", async () => {
      const { handler } = setup();
      await handler(input({ allowDrop: false }));
      const result = await handler({ ...input({ allowDrop: false }), tf: { action: "delete", prev_input: input() } });
      expect(result.outcome).toBe("kept");
      expect((await state()).db?.owner).toBe(role);
      await handler({ ...input(), tf: { action: "delete", prev_input: input() } });
    });
  });
}

describe("provisioner input", () => {
  const handler = createProvisionHandler({ secrets: memorySecretStore(), log: () => {} });

  it("names the field, the value and where to fix it", async () => {
    await expect(handler({ environment: "pr-42", tf: { action: "create", prev_input: null } })).rejects.toThrow(
      "provisioner input (built by infra/constructs/database-environment.ts): database must be a non-empty string (got undefined). Fix the input of the aws_lambda_invocation in infra/constructs/database-environment.ts.",
    );
    await expect(handler({ tf: { action: "upsert" } })).rejects.toThrow(
      'provisioner input (built by infra/constructs/database-environment.ts): tf.action must be "create", "update" or "delete" (got "upsert"). Fix the input of the aws_lambda_invocation in infra/constructs/database-environment.ts.',
    );
  });

  it("explains a master secret it cannot read", async () => {
    const event = {
      environment: "pr-42",
      database: "d",
      role: "r",
      host: "127.0.0.1",
      port: 5432,
      masterSecretArn: MASTER_ARN,
      appSecretArn: APP_ARN,
    };
    await expect(handler(event)).rejects.toThrow(
      `The master user secret ${MASTER_ARN} has no JSON { username, password } (RDS writes one when manage_master_user_password is true). Check that the instance finished creating and that the provisioner's role may read the secret (secretsmanager:GetSecretValue and kms:Decrypt).`,
    );
  });
});
