import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "../../src/db/embedded";
import { resetRuntimeConfig } from "../../src/runtime/config";
import { closeSql, DEFAULT_POOL_SIZE, getSql, IDLE_TIMEOUT_SECONDS, sqlOptions } from "../../src/runtime/db";

describe("sqlOptions", () => {
  it("uses one connection in Lambda and Vercel functions and a small pool elsewhere", () => {
    expect(sqlOptions({ url: "postgres://u@h/d", serverless: true }).max).toBe(1);
    expect(sqlOptions({ url: "postgres://u@h/d", serverless: false }).max).toBe(DEFAULT_POOL_SIZE);
  });

  it("takes TLS from the URL's sslmode", () => {
    const rds = sqlOptions({ url: "postgres://u:p@x.rds.amazonaws.com:5432/app?sslmode=require", serverless: true });
    expect(rds).toMatchObject({ ssl: "require", prepare: false, idle_timeout: IDLE_TIMEOUT_SECONDS });
    expect(sqlOptions({ url: "postgres://u@h/d?sslmode=verify-full", serverless: true }).ssl).toBe("verify-full");
    expect(sqlOptions({ url: "postgres://u@127.0.0.1:5432/postgres", serverless: false })).not.toHaveProperty("ssl");
    expect(sqlOptions({ url: "postgres://u@h/d?sslmode=disable", serverless: false })).not.toHaveProperty("ssl");
  });
});

describe("getSql", () => {
  let server: EmbeddedPostgres;
  let dataDir: string;
  const saved = { url: process.env.DATABASE_URL, lambda: process.env.AWS_LAMBDA_FUNCTION_NAME };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "nightshift-runtime-db-"));
    server = await startEmbeddedPostgres({ dataDir });
  });
  afterEach(async () => {
    await closeSql();
    for (const [key, value] of [
      ["DATABASE_URL", saved.url],
      ["AWS_LAMBDA_FUNCTION_NAME", saved.lambda],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    resetRuntimeConfig();
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("explains a missing DATABASE_URL", () => {
    delete process.env.DATABASE_URL;
    resetRuntimeConfig();
    expect(() => getSql()).toThrow(
      "DATABASE_URL is not set, and the database (getSql(), ctx.once() and overlap: \"skip\") needs it. Deployed functions get it from nightshift's infrastructure; locally `nightshift dev` sets it. Set DATABASE_URL in this process's environment.",
    );
  });

  it("reads DATABASE_URL on first use, reuses the client, and makes a new one after closeSql()", async () => {
    process.env.DATABASE_URL = server.url;
    process.env.AWS_LAMBDA_FUNCTION_NAME = "wordmon-production-check-mentions";
    resetRuntimeConfig();
    const sql = getSql();
    expect(getSql()).toBe(sql);
    expect(sql.options.max).toBe(1);
    expect(await sql`select 1 + 1 as two`).toEqual([{ two: 2 }]);
    await closeSql();
    const next = getSql();
    expect(next).not.toBe(sql);
    expect(await next`select 3 as three`).toEqual([{ three: 3 }]);
  });

  it("forgets the client when the runtime configuration is reset (a new local port)", () => {
    process.env.DATABASE_URL = server.url;
    resetRuntimeConfig();
    const sql = getSql();
    resetRuntimeConfig();
    expect(getSql()).not.toBe(sql);
  });
});
