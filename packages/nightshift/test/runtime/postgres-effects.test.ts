import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { cron } from "../../src/definition/cron";
import { handle } from "../../src/definition/handle";
import { JOB_NAME } from "../../src/definition/job-name";
import { queue } from "../../src/definition/queue";
import { isNightshiftError } from "../../src/errors";
import { resetRuntimeConfig } from "../../src/runtime/config";
import { getSql } from "../../src/runtime/db";
import { createCronHandler } from "../../src/runtime/lambda/cron";
import { createQueueHandler } from "../../src/runtime/lambda/queue";
import { captureLogs, lambdaContext, sqsRecord } from "./support/lambda";
import { startTestDatabase, type TestDatabase } from "./support/pglite";

let database: TestDatabase;

beforeAll(async () => {
  database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  // As inside Lambda: one connection. (PGlite's socket server shares one session between clients,
  // and a second client's connection setup can interleave with the first one's statements.)
  process.env.AWS_LAMBDA_FUNCTION_NAME = "wordmon-test-fn";
  resetRuntimeConfig();
});

afterAll(async () => {
  await getSql().end({ timeout: 1 });
  await database.stop();
});

beforeEach(async () => {
  await query("DELETE FROM nightshift_once");
  await query("DELETE FROM nightshift_leases");
});

/** Queries through the socket like the runtime does (PGlite's own handle must not interleave with it). */
async function query<T = Record<string, unknown>>(text: string): Promise<T[]> {
  return [...(await getSql().unsafe(text, [], { simple: false }))] as T[];
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('overlap: "skip"', () => {
  it("never runs two at once: of two concurrent runs one runs and the other is skipped", async () => {
    const release = gate();
    const started = gate();
    let running = 0;
    let ran = 0;
    const definition = cron({
      schedule: "rate(1 minute)",
      overlap: "skip",
      run: async () => {
        running++;
        ran++;
        started.open();
        await release.opened;
        running--;
      },
    });
    const logs = captureLogs();
    const handler = createCronHandler(definition, { name: "sync", timeoutMs: 60_000, logSink: logs.sink });

    const first = handler(
      { executionId: "exec-1", scheduledTime: "2026-12-03T09:00:00Z", attempt: "1" },
      lambdaContext(60_000, "req-1"),
    );
    const second = handler(
      { executionId: "exec-2", scheduledTime: "2026-12-03T09:01:00Z", attempt: "1" },
      lambdaContext(60_000, "req-2"),
    );
    await started.opened;
    const lease = await query<{ holder: string; ttl: boolean }>(
      "SELECT holder, expires_at > now() + interval '60 seconds' AND expires_at <= now() + interval '61 seconds' AS ttl FROM nightshift_leases WHERE name = 'cron:sync'",
    );
    expect(lease).toHaveLength(1);
    expect(lease[0]?.ttl).toBe(true);
    const skipped = await Promise.race([first, second]);
    expect(skipped.outcome).toBe("skipped");
    release.open();
    const results = await Promise.all([first, second]);
    expect(results.map((result) => result.outcome).sort()).toEqual(["ok", "skipped"]);
    expect(ran).toBe(1);
    expect(running).toBe(0);
    expect(
      logs.lines
        .filter((line) => line.message === "cron run finished")
        .map((line) => line.outcome)
        .sort(),
    ).toEqual(["ok", "skipped"]);

    // The lease was released when the run ended, so the next run goes ahead.
    expect(await query("SELECT * FROM nightshift_leases")).toEqual([]);
    await expect(handler({ executionId: "exec-3" }, lambdaContext(60_000, "req-3"))).resolves.toMatchObject({
      outcome: "ok",
    });
    expect(ran).toBe(2);
  });

  it("takes over an expired lease, skips while a live one is held, and releases after an error", async () => {
    let ran = 0;
    const definition = cron({
      schedule: "rate(1 minute)",
      overlap: "skip",
      run: () => {
        ran++;
        if (ran === 2) throw new Error("second run fails");
      },
    });
    const handler = createCronHandler(definition, { name: "sync", timeoutMs: 10_000, logSink: () => {} });

    await query(
      "INSERT INTO nightshift_leases (name, holder, expires_at) VALUES ('cron:sync', 'crashed-run', now() - interval '1 second')",
    );
    await expect(handler({ executionId: "e1" }, lambdaContext(10_000))).resolves.toMatchObject({ outcome: "ok" });

    await expect(handler({ executionId: "e2" }, lambdaContext(10_000))).rejects.toThrow("second run fails");
    expect(await query("SELECT * FROM nightshift_leases")).toEqual([]);

    await query(
      "INSERT INTO nightshift_leases (name, holder, expires_at) VALUES ('cron:sync', 'live-run', now() + interval '5 minutes')",
    );
    await expect(handler({ executionId: "e3" }, lambdaContext(10_000))).resolves.toMatchObject({ outcome: "skipped" });
    expect(ran).toBe(2);
    expect(await query<{ holder: string }>("SELECT holder FROM nightshift_leases")).toEqual([{ holder: "live-run" }]);
  });
});

describe("ctx.once", () => {
  function emailQueue() {
    const contract = queue({ schema: z.object({ to: z.string() }) });
    contract[JOB_NAME] = "send-email";
    const sentEmails: string[] = [];
    let failNext = false;
    const definition = handle(contract, async (payload, ctx) => {
      const receipt = await ctx.once(async () => {
        if (failNext) {
          failNext = false;
          throw new Error("SMTP timeout");
        }
        sentEmails.push(payload.to);
        return { receipt: `r-${sentEmails.length}` };
      });
      ctx.log.info("sent", receipt);
    });
    const logs = captureLogs();
    const handler = createQueueHandler(definition, { name: "send-email", fifo: false, logSink: logs.sink });
    return {
      handler,
      sentEmails,
      logs,
      failOnce() {
        failNext = true;
      },
    };
  }

  it("runs the effect once when a message is delivered twice, and returns the stored result", async () => {
    const { handler, sentEmails, logs } = emailQueue();
    const body = JSON.stringify({ to: "ada@example.com" });
    await expect(handler({ Records: [sqsRecord("msg-1", body)] }, lambdaContext(30_000))).resolves.toEqual({
      batchItemFailures: [],
    });
    await expect(
      handler({ Records: [sqsRecord("msg-1", body, { receiveCount: 2 })] }, lambdaContext(30_000)),
    ).resolves.toEqual({ batchItemFailures: [] });
    await expect(handler({ Records: [sqsRecord("msg-2", body)] }, lambdaContext(30_000))).resolves.toEqual({
      batchItemFailures: [],
    });

    expect(sentEmails).toEqual(["ada@example.com", "ada@example.com"]);
    expect(logs.lines.filter((line) => line.message === "sent").map((line) => [line.messageId, line.receipt])).toEqual([
      ["msg-1", "r-1"],
      ["msg-1", "r-1"],
      ["msg-2", "r-2"],
    ]);
    const rows = await query("SELECT key, job, status, result FROM nightshift_once ORDER BY key");
    expect(rows).toEqual([
      { key: "send-email:msg-1", job: "send-email", status: "done", result: { receipt: "r-1" } },
      { key: "send-email:msg-2", job: "send-email", status: "done", result: { receipt: "r-2" } },
    ]);
  });

  it("lets the retry run the effect again when it threw", async () => {
    const { handler, sentEmails, failOnce } = emailQueue();
    failOnce();
    const body = JSON.stringify({ to: "bob@example.com" });
    await expect(handler({ Records: [sqsRecord("msg-9", body)] }, lambdaContext(30_000))).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: "msg-9" }],
    });
    await expect(
      handler({ Records: [sqsRecord("msg-9", body, { receiveCount: 2 })] }, lambdaContext(30_000)),
    ).resolves.toEqual({ batchItemFailures: [] });
    expect(sentEmails).toEqual(["bob@example.com"]);
  });

  it("fails the delivery (to be retried) while another live worker holds the key, and takes over an expired claim", async () => {
    const { handler, sentEmails, logs } = emailQueue();
    await query(
      "INSERT INTO nightshift_once (key, job, status, locked_until) VALUES ('send-email:msg-busy', 'send-email', 'running', '2999-01-01T00:00:00Z')",
    );
    const body = JSON.stringify({ to: "cy@example.com" });
    await expect(handler({ Records: [sqsRecord("msg-busy", body)] }, lambdaContext(30_000))).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: "msg-busy" }],
    });
    const failure = logs.lines.find((line) => line.message === "handler failed; the message will be retried");
    expect(isNightshiftError(failure?.error)).toBe(true);
    expect(failure?.error).toHaveProperty(
      "message",
      'ctx.once("msg-busy") in send-email is running in another worker (claimed until 2999-01-01 00:00:00+00). This attempt fails so the message is retried after that worker finishes; nothing was run twice.',
    );
    expect(sentEmails).toEqual([]);

    await query(
      "UPDATE nightshift_once SET locked_until = now() - interval '1 second' WHERE key = 'send-email:msg-busy'",
    );
    await expect(
      handler({ Records: [sqsRecord("msg-busy", body, { receiveCount: 2 })] }, lambdaContext(30_000)),
    ).resolves.toEqual({ batchItemFailures: [] });
    expect(sentEmails).toEqual(["cy@example.com"]);
  });

  it("runs the effect once when two workers get the same message at the same time", async () => {
    const contract = queue({ schema: z.object({ to: z.string() }) });
    contract[JOB_NAME] = "send-email";
    const release = gate();
    const claimed = gate();
    let effects = 0;
    const definition = handle(contract, async (_payload, ctx) => {
      await ctx.once(async () => {
        effects++;
        claimed.open();
        await release.opened;
      });
    });
    const handler = createQueueHandler(definition, { name: "send-email", fifo: false, logSink: () => {} });
    const body = JSON.stringify({ to: "dup@example.com" });
    const first = handler({ Records: [sqsRecord("msg-dup", body)] }, lambdaContext(30_000, "worker-1"));
    await claimed.opened;
    const second = await handler({ Records: [sqsRecord("msg-dup", body)] }, lambdaContext(30_000, "worker-2"));
    expect(second).toEqual({ batchItemFailures: [{ itemIdentifier: "msg-dup" }] });
    release.open();
    await expect(first).resolves.toEqual({ batchItemFailures: [] });
    // SQS redelivers the failed copy later; by then the key is done.
    await expect(
      handler({ Records: [sqsRecord("msg-dup", body, { receiveCount: 2 })] }, lambdaContext(30_000, "worker-2")),
    ).resolves.toEqual({ batchItemFailures: [] });
    expect(effects).toBe(1);
  });

  it("in a cron, defaults to the execution id, so a retried run does not repeat the effect", async () => {
    const effects: string[] = [];
    let runs = 0;
    const definition = cron({
      schedule: "rate(1 day)",
      run: async (ctx) => {
        runs++;
        await ctx.once(async () => {
          effects.push(`report for ${ctx.scheduledTime.toISOString()}`);
        });
        const total = await ctx.once("weekly-total", async () => 42);
        expect(total).toBe(42);
        if (runs === 1) throw new Error("crashed after the effect");
      },
    });
    const handler = createCronHandler(definition, { name: "daily-report", logSink: () => {} });
    const event = { executionId: "exec-daily", scheduledTime: "2026-12-03T06:00:00Z", attempt: "1" };
    await expect(handler(event, lambdaContext(60_000))).rejects.toThrow("crashed after the effect");
    await expect(handler(event, lambdaContext(60_000))).resolves.toMatchObject({ outcome: "ok" });
    expect(runs).toBe(2);
    expect(effects).toEqual(["report for 2026-12-03T06:00:00.000Z"]);
    const keys = await query<{ key: string; result: unknown }>("SELECT key, result FROM nightshift_once ORDER BY key");
    expect(keys).toEqual([
      { key: "daily-report:exec-daily", result: null },
      { key: "daily-report:weekly-total", result: 42 },
    ]);
  });
});
