import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import type { FauxqsServer } from "fauxqs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { DEFINED_AT, JOB_NAME } from "../../src/definition/job-name";
import { type QueueContract, queue } from "../../src/definition/queue";
import { type TopicDefinition, topic } from "../../src/definition/topic";
import { NightshiftError } from "../../src/errors";
import { getSqsClient } from "../../src/runtime/aws-clients";
import { getRuntimeConfig } from "../../src/runtime/config";
import { queueUrl } from "../../src/runtime/names";
import { publish } from "../../src/runtime/producer/publish";
import { send } from "../../src/runtime/producer/send";
import { sendBatch } from "../../src/runtime/producer/send-batch";
import { SendBatchError } from "../../src/runtime/producer/send-batch-error";
import { startLocalAws, TEST_PREFIX } from "./support/fauxqs";

function named<T extends QueueContract | TopicDefinition>(definition: T, name: string, file?: string): T {
  definition[JOB_NAME] = name;
  if (file) definition[DEFINED_AT] = file;
  return definition;
}

const emailSchema = z.object({ to: z.email(), subject: z.string().min(1), body: z.string().optional() });
const sendEmail = named(queue({ schema: emailSchema }), "send-email", "/repo/services/queue/send-email.ts");
const tinyQueue = named(queue({ schema: z.object({ text: z.string() }) }), "tiny");
const orders = named(queue({ schema: z.object({ orderId: z.string() }), fifo: true }), "orders");
const ledger = named(
  queue({ schema: z.object({ entry: z.number() }), fifo: { contentBasedDeduplication: true } }),
  "ledger",
);
const tinyFifo = named(
  queue({ schema: z.object({ text: z.string() }), fifo: { contentBasedDeduplication: true } }),
  "tiny-fifo",
);
const missing = named(queue({ schema: z.object({ a: z.number() }) }), "not-deployed");
const userEvents = named(
  topic({ schema: z.object({ kind: z.enum(["signup", "delete"]), userId: z.string() }) }),
  "user-events",
);

let local: Awaited<ReturnType<typeof startLocalAws>>;
let server: FauxqsServer;
const batchCalls: number[] = [];

beforeAll(async () => {
  local = await startLocalAws();
  server = local.server;
  server.createQueue(`${TEST_PREFIX}-send-email`);
  server.createQueue(`${TEST_PREFIX}-tiny`, { attributes: { MaximumMessageSize: "1024" } });
  server.createQueue(`${TEST_PREFIX}-orders.fifo`, { attributes: { FifoQueue: "true" } });
  server.createQueue(`${TEST_PREFIX}-tiny-fifo.fifo`, {
    attributes: { FifoQueue: "true", ContentBasedDeduplication: "true", MaximumMessageSize: "1024" },
  });
  server.createQueue(`${TEST_PREFIX}-ledger.fifo`, {
    attributes: { FifoQueue: "true", ContentBasedDeduplication: "true" },
  });
  server.createQueue(`${TEST_PREFIX}-user-events-audit`);
  server.createTopic(`${TEST_PREFIX}-user-events`);
  server.subscribe({
    topic: `${TEST_PREFIX}-user-events`,
    queue: `${TEST_PREFIX}-user-events-audit`,
    attributes: { RawMessageDelivery: "true" },
  });
  const client = await getSqsClient();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "SendMessageBatchCommand") {
        batchCalls.push((args.input as { Entries: unknown[] }).Entries.length);
      }
      return next(args);
    },
    { step: "initialize", name: "countSendMessageBatch" },
  );
});

afterAll(async () => {
  await local.stop();
});

beforeEach(() => {
  server.reset();
  batchCalls.length = 0;
});

const ready = (name: string) => server.inspectQueue(`${TEST_PREFIX}-${name}`)?.messages.ready ?? [];

describe("queue URLs", () => {
  it("match the URLs the local server gives its queues", () => {
    const created = server.inspectQueue(`${TEST_PREFIX}-send-email`)?.url;
    expect(queueUrl(getRuntimeConfig(), "send-email", false)).toBe(created);
    expect(queueUrl(getRuntimeConfig(), "orders", true)).toBe(server.inspectQueue(`${TEST_PREFIX}-orders.fifo`)?.url);
  });
});

describe("send", () => {
  it("sends the payload itself as the body, with attributes beside it", async () => {
    const result = await send(
      sendEmail,
      { to: "ada@example.com", subject: "Welcome" },
      { attributes: { source: "signup-form", priority: 2 } },
    );
    const client = await getSqsClient();
    const received = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl(getRuntimeConfig(), "send-email", false),
        MessageAttributeNames: ["All"],
        MaxNumberOfMessages: 10,
      }),
    );
    expect(received.Messages).toHaveLength(1);
    const [message] = received.Messages ?? [];
    expect(message?.MessageId).toBe((result as { messageId: string }).messageId);
    expect(message?.Body).toBe('{"to":"ada@example.com","subject":"Welcome"}');
    expect(message?.MessageAttributes).toEqual({
      source: { DataType: "String", StringValue: "signup-form" },
      priority: { DataType: "Number", StringValue: "2" },
    });
  });

  it("rejects an invalid payload, listing every issue, and sends nothing", async () => {
    const attempt = send(sendEmail, { to: "not-an-email", subject: "" } as never);
    await expect(attempt).rejects.toThrow(NightshiftError);
    await expect(attempt).rejects.toThrow(
      [
        "send(send-email): the payload does not match the schema in services/queue/send-email.ts; nothing was sent.",
        "  - to: Invalid email address",
        "  - subject: Too small: expected string to have >=1 characters",
      ].join("\n"),
    );
    await expect(attempt).rejects.toMatchObject({ code: "E_INVALID_PAYLOAD" });
    expect(ready("send-email")).toEqual([]);
  });

  it("accepts a message of exactly 1 MiB and rejects one byte more before sending", async () => {
    const base = Buffer.byteLength(JSON.stringify({ to: "ada@example.com", subject: "s", body: "" }));
    const atLimit = { to: "ada@example.com", subject: "s", body: "x".repeat(1_048_576 - base) };
    await send(sendEmail, atLimit);
    expect(ready("send-email")).toHaveLength(1);

    const overLimit = { ...atLimit, body: `${atLimit.body}x` };
    const attempt = send(sendEmail, overLimit);
    await expect(attempt).rejects.toThrow(
      "send(send-email): the message is 1,048,577 bytes (body and attributes), over SQS's limit of 1,048,576 bytes (1 MiB); nothing was sent. Store large data in the database or object storage and send its id instead.",
    );
    await expect(attempt).rejects.toMatchObject({ code: "E_PAYLOAD_TOO_LARGE" });
    // Attributes count toward the limit too: name + data type + value ("k" + "String" + "v").
    await expect(send(sendEmail, atLimit, { attributes: { k: "v" } })).rejects.toThrow(
      "the message is 1,048,584 bytes (body and attributes)",
    );
    expect(ready("send-email")).toHaveLength(1);
  });

  it("uses SQS's DelaySeconds for delays up to 15 minutes", async () => {
    await send(sendEmail, { to: "ada@example.com", subject: "Later" }, { delay: "15 minutes" });
    await send(sendEmail, { to: "ada@example.com", subject: "Soon" }, { delay: 30 });
    const queued = server.inspectQueue(`${TEST_PREFIX}-send-email`)?.messages;
    expect(queued?.ready).toEqual([]);
    expect(queued?.delayed.map((message) => JSON.parse(message.body).subject)).toEqual(["Later", "Soon"]);
  });

  it("rejects a bad delay", async () => {
    await expect(send(sendEmail, { to: "ada@example.com", subject: "x" }, { delay: -5 })).rejects.toThrow(
      'send(send-email): delay must be a whole number of seconds ≥ 0 or a duration such as "10 minutes" (got -5).',
    );
    await expect(send(sendEmail, { to: "ada@example.com", subject: "x" }, { delay: "soon" as never })).rejects.toThrow(
      'send(send-email): delay must be a duration such as "30 seconds", "5 minutes", "2 hours" or "1 day" (got "soon").',
    );
  });

  it("surfaces SQS's refusal as E_SEND_FAILED naming the queue", async () => {
    const attempt = send(missing, { a: 1 });
    await expect(attempt).rejects.toMatchObject({ code: "E_SEND_FAILED" });
    await expect(attempt).rejects.toThrow(
      /^send\(not-deployed\): SQS rejected the message \(.+\); it was not sent\. Queue: http:\/\/sqs\.us-east-1\.localhost:\d+\/000000000000\/wordmon-test-not-deployed\.$/,
    );
  });

  it("names the fix when the contract has no name", async () => {
    const anonymous = queue({ schema: z.object({ a: z.number() }) });
    await expect(send(anonymous, { a: 1 })).rejects.toThrow(
      "send() got a queue definition without a name. A queue's name is its file name, so declare it as the default export of services/queue/<name>.ts and import it from there (not from an inline queue() call).",
    );
    await expect(send(anonymous, { a: 1 })).rejects.toMatchObject({ code: "E_CONTRACT_UNNAMED" });
  });
});

describe("FIFO rules", () => {
  it("requires a groupId", async () => {
    await expect(send(orders, { orderId: "o-1" }, { dedupeId: "o-1" })).rejects.toThrow(
      'send(orders): orders is a FIFO queue, so every message needs a groupId (messages of one group are handled in order). Pass { groupId: "<e.g. the customer id>" }.',
    );
  });

  it("requires a dedupeId unless the queue deduplicates by content", async () => {
    await expect(send(orders, { orderId: "o-1" }, { groupId: "c-1" })).rejects.toThrow(
      'send(orders): orders is a FIFO queue without content-based deduplication, so every message needs a dedupeId. Pass { dedupeId: "<an id unique to this message>" }, or set fifo: { contentBasedDeduplication: true } in its contract.',
    );
    await send(ledger, { entry: 1 }, { groupId: "acct-1" });
    await send(ledger, { entry: 1 }, { groupId: "acct-1" });
    expect(ready("ledger.fifo")).toHaveLength(1);
  });

  it("sends with the group and dedupe ids, and drops a duplicate", async () => {
    await send(orders, { orderId: "o-1" }, { groupId: "c-1", dedupeId: "o-1" });
    await send(orders, { orderId: "o-1" }, { groupId: "c-1", dedupeId: "o-1" });
    await send(orders, { orderId: "o-2" }, { groupId: "c-1", dedupeId: "o-2" });
    expect(ready("orders.fifo").map((m) => [m.body, m.messageGroupId, m.messageDeduplicationId])).toEqual([
      ['{"orderId":"o-1"}', "c-1", "o-1"],
      ['{"orderId":"o-2"}', "c-1", "o-2"],
    ]);
  });

  it("rejects a per-message delay on FIFO and a dedupeId on a standard queue", async () => {
    await expect(send(orders, { orderId: "o-1" }, { groupId: "c", dedupeId: "d", delay: "1 minute" })).rejects.toThrow(
      'send(orders): orders is a FIFO queue, and FIFO queues take no per-message delay (got delay "1 minute"). Remove delay, or set the queue\'s delay option in its contract.',
    );
    await expect(send(sendEmail, { to: "a@b.co", subject: "x" }, { dedupeId: "d" })).rejects.toThrow(
      "send(send-email): dedupeId only applies to FIFO queues, and send-email is a standard queue. Remove dedupeId, or make the queue FIFO with fifo: true in its contract (use ctx.once() in the handler for exactly-once effects on a standard queue).",
    );
  });
});

describe("sendBatch", () => {
  it("splits 25 payloads into requests of 10, 10 and 5 and returns ids in order", async () => {
    const payloads = Array.from({ length: 25 }, (_, i) => ({ to: `user${i}@example.com`, subject: `#${i}` }));
    const result = await sendBatch(sendEmail, payloads);
    expect(batchCalls).toEqual([10, 10, 5]);
    expect(result.messageIds).toHaveLength(25);
    expect(new Set(result.messageIds).size).toBe(25);
    const messages = ready("send-email");
    expect(messages.map((m) => JSON.parse(m.body).subject)).toEqual(payloads.map((p) => p.subject));
    expect(messages.map((m) => m.messageId)).toEqual(result.messageIds);
  });

  it("splits by size so no request exceeds 1 MiB", async () => {
    const big = (i: number) => ({ to: "ada@example.com", subject: `#${i}`, body: "x".repeat(400_000) });
    await sendBatch(sendEmail, [big(0), big(1), big(2), big(3), big(4)]);
    expect(batchCalls).toEqual([2, 2, 1]);
    expect(ready("send-email")).toHaveLength(5);
  });

  it("validates every payload first and sends nothing if one is invalid", async () => {
    const attempt = sendBatch(sendEmail, [
      { to: "ok@example.com", subject: "fine" },
      { to: "nope", subject: "bad" },
      { to: "ok2@example.com", subject: "" },
    ]);
    await expect(attempt).rejects.toThrow(
      [
        "sendBatch(send-email): 2 of 3 payloads do not match the schema in services/queue/send-email.ts; nothing was sent.",
        "  - [1] to: Invalid email address",
        "  - [2] subject: Too small: expected string to have >=1 characters",
      ].join("\n"),
    );
    expect(batchCalls).toEqual([]);
    expect(ready("send-email")).toEqual([]);
  });

  it("surfaces partial failures with the failed indexes and the ids that were sent", async () => {
    // This queue takes messages up to 1 KiB: SQS rejects the long entries one by one.
    const payloads = Array.from({ length: 12 }, (_, i) => ({ text: i % 5 === 2 ? "y".repeat(2000) : `short ${i}` }));
    const attempt = sendBatch(tinyQueue, payloads);
    await expect(attempt).rejects.toBeInstanceOf(SendBatchError);
    const error = (await attempt.catch((e: unknown) => e)) as SendBatchError;
    expect(error.code).toBe("E_SEND_FAILED");
    expect(error.message).toBe(
      [
        "sendBatch(tiny): 2 of 12 payloads were not sent; the other 10 were (their ids are on error.sent). Retry the failed ones (error.failed):",
        "  - [2] InvalidParameterValue: One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.",
        "  - [7] InvalidParameterValue: One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.",
      ].join("\n"),
    );
    expect(error.sent.map((s) => s.index)).toEqual([0, 1, 3, 4, 5, 6, 8, 9, 10, 11]);
    expect(ready("tiny").map((m) => m.messageId)).toEqual(error.sent.map((s) => s.messageId));
  });

  it("on a FIFO queue, stops sending after a failed request so later messages do not overtake it", async () => {
    const payloads = Array.from({ length: 15 }, (_, i) => ({
      payload: { text: i === 3 ? "z".repeat(2000) : `m-${i}` },
      options: { groupId: "g" },
    }));
    const error = (await sendBatch(tinyFifo, payloads).catch((e: unknown) => e)) as SendBatchError;
    expect(error).toBeInstanceOf(SendBatchError);
    expect(batchCalls).toEqual([10]);
    expect(error.failed.map((f) => [f.index, f.code])).toEqual([
      [3, "InvalidParameterValue"],
      ...[10, 11, 12, 13, 14].map((index) => [index, "NotAttempted"]),
    ]);
    expect(error.failed.at(-1)?.message).toBe("an earlier message failed, and a FIFO queue must keep order");
    // SQS itself went on with the rest of the failed request; error.sent says exactly which were sent.
    expect(error.sent.map((s) => s.index)).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9]);
    expect(ready("tiny-fifo.fifo").map((m) => JSON.parse(m.body).text)).toEqual(
      [0, 1, 2, 4, 5, 6, 7, 8, 9].map((i) => `m-${i}`),
    );
  });

  it("reports every payload of a request SQS refused as a whole", async () => {
    const error = (await sendBatch(missing, [{ a: 1 }, { a: 2 }]).catch((e: unknown) => e)) as SendBatchError;
    expect(error).toBeInstanceOf(SendBatchError);
    expect(error.failed.map((f) => [f.index, f.code])).toEqual([
      [0, "QueueDoesNotExist"],
      [1, "QueueDoesNotExist"],
    ]);
    expect(error.sent).toEqual([]);
  });

  it("takes { payload, options } entries, applying FIFO rules to each", async () => {
    await expect(
      sendBatch(orders, [
        { payload: { orderId: "a" }, options: { groupId: "g", dedupeId: "a" } },
        { payload: { orderId: "b" }, options: { dedupeId: "b" } },
      ]),
    ).rejects.toThrow("sendBatch(orders) payload [1]: orders is a FIFO queue, so every message needs a groupId");
    expect(batchCalls).toEqual([]);

    const result = await sendBatch(
      orders,
      Array.from({ length: 12 }, (_, i) => ({
        payload: { orderId: `o-${i}` },
        options: { groupId: `g-${i % 2}`, dedupeId: `batch-o-${i}` },
      })),
    );
    expect(result.messageIds).toHaveLength(12);
    const queued = ready("orders.fifo");
    for (const group of ["g-0", "g-1"]) {
      expect(queued.filter((m) => m.messageGroupId === group).map((m) => JSON.parse(m.body).orderId)).toEqual(
        Array.from({ length: 12 }, (_, i) => i)
          .filter((i) => `g-${i % 2}` === group)
          .map((i) => `o-${i}`),
      );
    }
  });

  it("returns no ids and sends nothing for an empty list", async () => {
    await expect(sendBatch(sendEmail, [])).resolves.toEqual({ messageIds: [] });
    expect(batchCalls).toEqual([]);
  });
});

describe("publish", () => {
  it("publishes the payload as the body with attributes, delivered raw to subscribed queues", async () => {
    const result = await publish(userEvents, { kind: "signup", userId: "u-1" }, { attributes: { kind: "signup" } });
    expect(result.messageId).not.toBe("");
    const delivered = ready("user-events-audit");
    expect(delivered.map((m) => m.body)).toEqual(['{"kind":"signup","userId":"u-1"}']);
    expect(delivered[0]?.messageAttributes.kind).toMatchObject({ DataType: "String", StringValue: "signup" });
  });

  it("validates and checks SNS's 256 KiB limit before publishing", async () => {
    await expect(publish(userEvents, { kind: "nope", userId: "u" } as never)).rejects.toThrow(
      /^publish\(user-events\): the payload does not match the schema in topic "user-events"; nothing was sent\.\n {2}- kind: Invalid option: expected one of "signup"\|"delete"$/,
    );
    const base = Buffer.byteLength(JSON.stringify({ kind: "signup", userId: "" }));
    const over = { kind: "signup" as const, userId: "u".repeat(262_144 - base + 1) };
    await expect(publish(userEvents, over)).rejects.toThrow(
      "publish(user-events): the message is 262,145 bytes (body and attributes), over SNS's limit of 262,144 bytes (256 KiB); nothing was sent. Store large data in the database or object storage and send its id instead.",
    );
    expect(ready("user-events-audit")).toEqual([]);
  });
});
