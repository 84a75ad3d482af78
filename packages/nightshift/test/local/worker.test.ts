import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkerJob } from "../../src/local/worker/protocol";
import { WorkerPool } from "../../src/local/worker/worker-pool";
import { cleanup, createProject } from "../helpers/temp-project";

const CRON = `import { cron } from "nightshift";
export default cron({
  schedule: "rate(5 minutes)",
  async run(ctx) {
    const mode = process.env.MODE;
    ctx.log.info("started", { mode, pid: process.pid });
    if (mode === "throw") throw new Error("boom from the handler");
    if (mode === "exit") process.exit(3);
    if (mode === "hang") await new Promise(() => setInterval(() => {}, 1000));
    if (mode === "reject") { void Promise.reject(new Error("nobody awaited this")); await new Promise((r) => setTimeout(r, 50)); }
  },
});
`;

let root: string;
beforeAll(async () => {
  root = await createProject({
    "services/cron/job.ts": CRON,
    "services/cron/broken.ts": `import { cron } from "nightshift";\nthrow new Error("cannot load this module");\nexport default cron({ schedule: "rate(5 minutes)", async run() {} });\n`,
  });
});
afterAll(() => cleanup(root));

const event = { job: "job", schedule: "s", scheduledTime: "2026-01-01T00:00:00Z", executionId: "e-1", attempt: "1" };

function jobFile(name: string, timeoutMs = 10_000): WorkerJob {
  return { kind: "cron", name, file: path.join(root, `services/cron/${name}.ts`), fifo: false, timeoutMs };
}

async function withPool<T>(mode: string, use: (pool: WorkerPool) => Promise<T>): Promise<T> {
  const pool = new WorkerPool({
    spawnOptions: () => ({ cwd: root, env: { ...process.env, MODE: mode, NODE_OPTIONS: undefined } }),
  });
  try {
    return await use(pool);
  } finally {
    await pool.stop();
  }
}

const pidOf = (logs: { json?: Record<string, unknown> }[]) =>
  logs.find((l) => l.json?.message === "started")?.json?.pid as number;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("worker isolation", () => {
  it("runs the Lambda adapter in a worker, reuses the warm worker, and captures the handler's JSON logs", async () => {
    await withPool("ok", async (pool) => {
      const first = await pool.run(jobFile("job"), event, { timeoutMs: 10_000, functionName: "app-job" });
      const second = await pool.run(jobFile("job"), event, { timeoutMs: 10_000, functionName: "app-job" });
      expect(first).toMatchObject({ status: "ok", coldStart: true, response: { job: "job", outcome: "ok" } });
      expect(second).toMatchObject({ status: "ok", coldStart: false });
      expect(pidOf(second.logs)).toBe(pidOf(first.logs));
      expect(pidOf(first.logs)).not.toBe(process.pid);
      expect(first.logs.map((l) => l.json?.message)).toEqual(["started", "cron run finished"]);
    });
  });

  it("kills a handler that runs past its timeout and counts it as a failure", async () => {
    await withPool("hang", async (pool) => {
      const outcome = await pool.run(jobFile("job", 1000), event, { timeoutMs: 1000, functionName: "app-job" });
      expect(outcome).toMatchObject({ status: "timeout", timeoutMs: 1000 });
      const pid = pidOf(outcome.logs);
      expect(isAlive(pid)).toBe(false);
      expect(pool.size).toBe(0);
    });
  });

  it("fails only the invocation when a handler calls process.exit, and replaces the worker", async () => {
    await withPool("exit", async (pool) => {
      const outcome = await pool.run(jobFile("job"), event, { timeoutMs: 10_000, functionName: "app-job" });
      expect(outcome).toMatchObject({ status: "crash", exitCode: 3 });
      const again = await pool.run(jobFile("job"), event, { timeoutMs: 10_000, functionName: "app-job" });
      expect(again).toMatchObject({ status: "crash", coldStart: true });
      expect(pidOf(again.logs)).not.toBe(pidOf(outcome.logs));
    });
  });

  it("ends the instance on an unhandled rejection, as the Node.js Lambda runtime does", async () => {
    await withPool("reject", async (pool) => {
      const outcome = await pool.run(jobFile("job"), event, { timeoutMs: 10_000, functionName: "app-job" });
      expect(outcome.status).toBe("crash");
      expect(outcome.logs.map((l) => l.text).join("\n")).toContain(
        "Unhandled promise rejection: Error: nobody awaited this",
      );
    });
  });

  it("reports a thrown error with its stack and keeps the worker warm", async () => {
    await withPool("throw", async (pool) => {
      const outcome = await pool.run(jobFile("job"), event, { timeoutMs: 10_000, functionName: "app-job" });
      expect(outcome).toMatchObject({ status: "error", error: { name: "Error", message: "boom from the handler" } });
      expect(pool.size).toBe(1);
    });
  });

  it("fails the invocation with the load error when the job file throws on import", async () => {
    await withPool("ok", async (pool) => {
      const outcome = await pool.run(jobFile("broken"), event, { timeoutMs: 10_000, functionName: "app-broken" });
      expect(outcome.status).toBe("error");
      expect(outcome.status === "error" && outcome.error.message).toContain(
        "services/cron/broken.ts failed to load: Error: cannot load this module",
      );
      expect(pool.size).toBe(0);
    });
  });

  it("retires warm workers on reload, so the next invocation loads the new code", async () => {
    await withPool("ok", async (pool) => {
      const first = await pool.run(jobFile("job"), event, { timeoutMs: 10_000, functionName: "app-job" });
      pool.reload();
      const second = await pool.run(jobFile("job"), event, { timeoutMs: 10_000, functionName: "app-job" });
      expect(second.coldStart).toBe(true);
      expect(pidOf(second.logs)).not.toBe(pidOf(first.logs));
    });
  });
});
