import { describe, expect, it } from "vitest";
import { z } from "zod";
import { handle } from "../../src/definition/handle";
import { JOB_NAME } from "../../src/definition/job-name";
import { queue } from "../../src/definition/queue";
import type { MessageContext } from "../../src/runtime/context";
import { createQueueHandler } from "../../src/runtime/lambda/queue";
import { captureLogs, lambdaContext, sqsRecord } from "./support/lambda";

const schema = z.object({ word: z.string().min(1), count: z.number().int() });

function makeQueue(fifo: boolean) {
  const contract = queue({ schema, fifo });
  contract[JOB_NAME] = "count-words";
  const calls: { payload: z.infer<typeof schema>; ctx: MessageContext }[] = [];
  const definition = handle(contract, async (payload, ctx) => {
    calls.push({ payload, ctx });
    if (payload.word === "boom") throw new Error(`cannot count ${payload.word}`);
  });
  const logs = captureLogs();
  const handler = createQueueHandler(definition, { name: "count-words", fifo, logSink: logs.sink, clock: () => 0 });
  return { handler, calls, logs };
}

const body = (word: string, count = 1) => JSON.stringify({ word, count });

describe("createQueueHandler (standard queue)", () => {
  it("reports exactly the failing records: handler errors and poison messages", async () => {
    const { handler, calls, logs } = makeQueue(false);
    const event = {
      Records: [
        sqsRecord("m-good-1", body("apple", 2), { receiveCount: 1, attributes: { source: "web" } }),
        sqsRecord("m-throws", body("boom"), { receiveCount: 3 }),
        sqsRecord("m-bad-json", "{not json"),
        sqsRecord("m-schema", JSON.stringify({ word: "", count: 1.5 })),
        sqsRecord("m-good-2", body("pear"), { receiveCount: 2, sentAt: 1_764_780_123_456 }),
      ],
    };

    const result = await handler(event, lambdaContext(30_000));

    expect(result).toEqual({
      batchItemFailures: [
        { itemIdentifier: "m-throws" },
        { itemIdentifier: "m-bad-json" },
        { itemIdentifier: "m-schema" },
      ],
    });
    expect(calls.map((call) => call.payload).sort((a, b) => a.word.localeCompare(b.word))).toEqual([
      { word: "apple", count: 2 },
      { word: "boom", count: 1 },
      { word: "pear", count: 1 },
    ]);
    const pear = calls.find((call) => call.payload.word === "pear")!.ctx;
    expect(pear).toMatchObject({ job: "count-words", messageId: "m-good-2", attempt: 2, attributes: {} });
    expect(pear.sentAt.toISOString()).toBe("2025-12-03T16:42:03.456Z");
    expect(pear.groupId).toBeUndefined();
    expect(calls.find((call) => call.payload.word === "apple")!.ctx.attributes).toEqual({ source: "web" });
    expect(calls.find((call) => call.payload.word === "boom")!.ctx.attempt).toBe(3);

    const errors = logs.lines.filter((line) => line.level === "error");
    expect(errors.map((line) => [line.messageId, line.message, line.reason])).toEqual(
      expect.arrayContaining([
        ["m-throws", "handler failed; the message will be retried", undefined],
        [
          "m-bad-json",
          "poison message: the body is not valid JSON; it will move to the dead-letter queue",
          expect.stringContaining("JSON"),
        ],
        [
          "m-schema",
          "poison message: the payload does not match the queue's schema; it will move to the dead-letter queue",
          "word: Too small: expected string to have >=1 characters; count: Invalid input: expected int, received number",
        ],
      ]),
    );
    expect(errors.find((line) => line.messageId === "m-schema")!.issues).toEqual([
      { path: "word", message: "Too small: expected string to have >=1 characters" },
      { path: "count", message: "Invalid input: expected int, received number" },
    ]);
    expect(logs.lines.at(-1)).toMatchObject({
      message: "batch finished",
      outcome: "partial",
      received: 5,
      failed: 3,
      poison: 2,
      durationMs: 0,
      job: "count-words",
    });
  });

  it("returns no failures for a clean batch and for an empty one", async () => {
    const { handler } = makeQueue(false);
    await expect(handler({ Records: [sqsRecord("a", body("x"))] }, lambdaContext(1000))).resolves.toEqual({
      batchItemFailures: [],
    });
    await expect(handler({ Records: [] }, lambdaContext(1000))).resolves.toEqual({ batchItemFailures: [] });
  });
});

describe("createQueueHandler (FIFO queue)", () => {
  it("fails the rest of a message group after a failure, without running it, and keeps other groups going", async () => {
    const { handler, calls, logs } = makeQueue(true);
    const event = {
      Records: [
        sqsRecord("a1", body("one"), { groupId: "A" }),
        sqsRecord("b1", body("one"), { groupId: "B" }),
        sqsRecord("a2", body("boom"), { groupId: "A" }),
        sqsRecord("b2", "][", { groupId: "B" }),
        sqsRecord("c1", body("one"), { groupId: "C" }),
        sqsRecord("a3", body("three"), { groupId: "A" }),
        sqsRecord("b3", body("three"), { groupId: "B" }),
        sqsRecord("c2", body("two"), { groupId: "C" }),
      ],
    };

    const result = await handler(event, lambdaContext(30_000));

    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: "a2" },
      { itemIdentifier: "b2" },
      { itemIdentifier: "a3" },
      { itemIdentifier: "b3" },
    ]);
    expect(calls.map((call) => call.ctx.messageId).sort()).toEqual(["a1", "a2", "b1", "c1", "c2"]);
    expect(calls.filter((call) => call.ctx.groupId === "C").map((call) => call.ctx.messageId)).toEqual(["c1", "c2"]);
    expect(logs.lines.find((line) => line.message?.toString().startsWith("later records"))).toMatchObject({
      messageIds: ["a3", "b3"],
    });
  });
});
