import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runMigrate } from "../../src/cli/commands/migrate";
import { startEmbeddedPostgres } from "../../src/db/embedded";
import { cleanup, writeFiles } from "../helpers/temp-project";
import { createOpsProject, PREFIX, stubAwsCredentials } from "./helpers/ops-project";
import { testIo } from "./helpers/test-io";

let root: string;
let server: Server;
let endpoint: string;
const invokes: { functionName: string; invocationType: string; payload: string }[] = [];
let answer: { status: number; headers: Record<string, string>; body: unknown };

beforeAll(async () => {
  root = await createOpsProject();
  await writeFiles(root, {
    "db/migrations/001_notes.sql":
      "-- Up Migration\nCREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL);\n-- Down Migration\nDROP TABLE notes;\n",
  });
  // Lambda's Invoke REST API, as the real SDK client calls it.
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const name = decodeURIComponent(/^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? "")?.[1] ?? "");
    invokes.push({
      functionName: name,
      invocationType: String(req.headers["x-amz-invocation-type"]),
      payload: Buffer.concat(chunks).toString(),
    });
    res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await cleanup(root);
});
afterEach(() => {
  vi.unstubAllEnvs();
  invokes.length = 0;
});

describe("nightshift migrate --env (the environment's migrate function, through the real SDK client)", () => {
  it("invokes <prefix>-db-migrate synchronously with {} and prints what it applied", async () => {
    stubAwsCredentials();
    vi.stubEnv("NIGHTSHIFT_LAMBDA_ENDPOINT", endpoint);
    answer = {
      status: 200,
      headers: {},
      body: { environment: "pr-7", migrationsHash: "abc", applied: ["001_notes"], outcome: "migrated" },
    };
    const { io, out } = testIo({ cwd: root, env: { ...process.env } });
    expect(await runMigrate({ env: "pr-7" }, io)).toBe(0);
    expect(invokes).toEqual([
      { functionName: `${PREFIX}-db-migrate`, invocationType: "RequestResponse", payload: "{}" },
    ]);
    expect(out.stdout()).toBe("pr-7: applied 1 migration(s):\n  001_notes\n");
  });

  it("fails with the migration's name and error when the function reports a failed migration", async () => {
    stubAwsCredentials();
    vi.stubEnv("NIGHTSHIFT_LAMBDA_ENDPOINT", endpoint);
    answer = {
      status: 200,
      headers: { "x-amz-function-error": "Unhandled" },
      body: {
        errorType: "NightshiftError",
        errorMessage: 'migration 002_broken.sql failed: syntax error at or near "TABL"',
      },
    };
    const { io } = testIo({ cwd: root, env: { ...process.env } });
    await expect(runMigrate({ env: "pr-7" }, io)).rejects.toThrow(
      `pr-7: migration 002_broken.sql failed: syntax error at or near "TABL" (${PREFIX}-db-migrate). The previous schema is intact; fix the migration and deploy again.`,
    );
  });
});

describe("nightshift migrate (local)", () => {
  it("applies pending migrations to DATABASE_URL once, then finds nothing to do", async () => {
    const db = await startEmbeddedPostgres({ dataDir: path.join(root, ".nightshift", "pgdata-migrate") });
    try {
      const first = testIo({ cwd: root, env: { ...process.env, DATABASE_URL: db.url } });
      expect(await runMigrate({ json: true }, first.io)).toBe(0);
      const run = JSON.parse(first.out.stdout()) as { applied: string[] };
      expect(run.applied.at(-1)).toBe("db/migrations/001_notes.sql");
      const second = testIo({ cwd: root, env: { ...process.env, DATABASE_URL: db.url } });
      expect(await runMigrate({}, second.io)).toBe(0);
      expect(second.out.stdout()).toBe("local: no pending migrations (migrated).\n");
    } finally {
      await db.stop();
    }
  });
});
