import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InvocationRecord } from "../../src/local/invocations";
import { cleanup, createProject } from "../helpers/temp-project";
import { localQueue, QueueHarness } from "./queue-harness";

const CONTRACT = `import { queue } from "nightshift";
import { z } from "zod";
export default queue({ schema: z.object({ id: z.string() }) });
`;
const HANDLER = `import { handle } from "nightshift";
import contract from "./work";
export default handle(contract, async (payload, ctx) => {
  ctx.log.info("handling", { id: payload.id });
  if (payload.id.startsWith("fail")) throw new Error("cannot handle " + payload.id);
  if (payload.id === "hang") await new Promise(() => setInterval(() => {}, 1000));
  if (payload.id.startsWith("slow")) await new Promise((r) => setTimeout(r, 300));
});
`;

let root: string;
beforeAll(async () => {
  root = await createProject({ "services/queue/work.ts": CONTRACT, "services/queue/work.handler.ts": HANDLER });
});
afterAll(() => cleanup(root));

async function harness(extra: Parameters<typeof localQueue>[1]) {
  return QueueHarness.start(root, localQueue("work", extra));
}

describe("QueuePoller (Lambda event source mapping semantics)", () => {
  it("deletes exactly the records not reported in batchItemFailures and leaves the failed one in flight", async () => {
    const h = await harness({ visibilityTimeoutSeconds: 600 });
    try {
      await h.send({ id: "a" });
      const failing = await h.send({ id: "fail-1" });
      await h.send({ id: "c" });
      h.poller.start();
      const record = await h.waitFor(() => true);
      expect(record.status).toBe("partial");
      expect(record.messages?.map((m) => [m.messageId === failing, m.failed]).sort()).toEqual([
        [false, false],
        [false, false],
        [true, true],
      ]);
      // The others are deleted once the invocation returns; the failed message stays invisible
      // until its visibility timeout ends.
      const after = await h.until(() => (h.counts().main?.inFlight === 1 ? h.counts().main : undefined));
      expect(after).toEqual({ visible: 0, inFlight: 1, delayed: 0 });
    } finally {
      await h.stop();
    }
  });

  it("redelivers a failed message after the visibility timeout and moves it to the DLQ after maxReceiveCount receives", async () => {
    // Visibility must outlast a cold start, or the message is redelivered while still being handled
    // (which is AWS's behaviour too, and why the default is 6× the timeout).
    const h = await harness({ visibilityTimeoutSeconds: 3, maxReceiveCount: 3, retries: 2, concurrency: 1 });
    try {
      const id = await h.send({ id: "fail-always" });
      h.poller.start();
      const attempts: number[] = [];
      h.log.on("invocation:end", (r: InvocationRecord) => attempts.push(r.messages?.[0]?.receiveCount ?? 0));
      const dlq = await h.until(() => (h.counts().dlq?.visible === 1 ? h.counts() : undefined));
      expect(attempts).toEqual([1, 2, 3]);
      expect(dlq.main).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
      const [moved] = h.server.messages(h.address.dlqPhysicalName)?.ready ?? [];
      expect(moved?.messageId).toBe(id);
    } finally {
      await h.stop();
    }
  });

  it("keeps a timed-out batch's messages (nothing deleted) and stops the worker", async () => {
    const h = await harness({ timeoutSeconds: 1, visibilityTimeoutSeconds: 600 });
    try {
      await h.send({ id: "hang" });
      h.poller.start();
      const record = await h.waitFor(() => true);
      expect(record.status).toBe("timeout");
      expect(record.error).toBe("Task timed out after 1.00 seconds (the job's timeout); the worker was stopped.");
      expect(record.messages?.[0]?.failed).toBe(true);
      expect(h.counts().main).toEqual({ visible: 0, inFlight: 1, delayed: 0 });
      await h.until(() => h.pool.size === 0);
    } finally {
      await h.stop();
    }
  });

  it("never runs more batches at once than the queue's concurrency", async () => {
    const h = await harness({ batchSize: 1, concurrency: 2 });
    try {
      for (let i = 0; i < 8; i++) await h.send({ id: `slow-${i}` });
      let running = 0;
      let peak = 0;
      h.log.on("invocation:start", () => {
        running += 1;
        peak = Math.max(peak, running);
      });
      h.log.on("invocation:end", () => {
        running -= 1;
      });
      h.poller.start();
      await h.until(() => h.log.list().filter((r) => r.status === "ok").length === 8);
      expect(peak).toBe(2);
      expect(h.log.list().every((r) => r.messages?.length === 1)).toBe(true);
      await h.until(() => h.counts().main?.inFlight === 0);
      expect(h.counts().main).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    } finally {
      await h.stop();
    }
  });

  it("gathers up to batchSize messages within the batching window into one invocation", async () => {
    const h = await harness({ batchSize: 25, batchWindowSeconds: 2 });
    try {
      for (let i = 0; i < 25; i++) await h.send({ id: `m-${i}` });
      h.poller.start();
      const record = await h.waitFor(() => true);
      expect(record.messages).toHaveLength(25);
      expect(record.status).toBe("ok");
    } finally {
      await h.stop();
    }
  });

  it("builds real SQS records: receive count, sent time, message attributes, ARN and region", async () => {
    const h = await harness({});
    try {
      const { sendTestMessage } = await import("../../src/local/sqs/queue-actions");
      await sendTestMessage(h.sqs, h.queue, h.address, { body: { id: "a" }, attributes: { source: "test" } });
      h.poller.start();
      const record = await h.waitFor(() => true);
      const handling = record.logs.find((l) => l.json?.message === "handling")?.json;
      expect(handling).toMatchObject({ job: "work", attempt: 1, id: "a" });
      expect(record.status).toBe("ok");
    } finally {
      await h.stop();
    }
  });
});
