import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { handle } from "../../src/definition/handle";
import { JOB_NAME } from "../../src/definition/job-name";
import { queue } from "../../src/definition/queue";
import { getSqsClient } from "../../src/runtime/aws-clients";
import { getRuntimeConfig } from "../../src/runtime/config";
import { createQueueHandler } from "../../src/runtime/lambda/queue";
import type { SQSRecord } from "../../src/runtime/lambda/types";
import { queueUrl } from "../../src/runtime/names";
import { send } from "../../src/runtime/producer/send";
import { sendBatch } from "../../src/runtime/producer/send-batch";
import { startLocalAws, TEST_PREFIX } from "./support/fauxqs";
import { lambdaContext } from "./support/lambda";

const trackWord = queue({ schema: z.object({ word: z.string().min(2), userId: z.string() }) });
trackWord[JOB_NAME] = "track-word";

let local: Awaited<ReturnType<typeof startLocalAws>>;

beforeAll(async () => {
  local = await startLocalAws();
  local.server.createQueue(`${TEST_PREFIX}-track-word`);
});

afterAll(async () => {
  await local.stop();
});

describe("a message sent by the producer, received from SQS and handled by the adapter", () => {
  it("arrives as the payload itself, and the adapter reports exactly the failures", async () => {
    const url = queueUrl(getRuntimeConfig(), "track-word", false);
    const client = await getSqsClient();
    await send(trackWord, { word: "lamplight", userId: "u-1" }, { attributes: { origin: "web" } });
    await sendBatch(trackWord, [
      { word: "explode", userId: "u-2" },
      { word: "dusk", userId: "u-3" },
    ]);
    // Another service (or the AWS console) sending straight to the queue, without the schema's checks.
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '{"word":"x","userId":"u-4"}' }));
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "word=oops" }));

    const received = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      }),
    );
    const messages = received.Messages ?? [];
    expect(messages).toHaveLength(5);
    const records: SQSRecord[] = messages.map((message) => ({
      messageId: message.MessageId ?? "",
      receiptHandle: message.ReceiptHandle,
      body: message.Body ?? "",
      attributes: {
        ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? "1",
        SentTimestamp: message.Attributes?.SentTimestamp ?? "0",
      },
      messageAttributes: Object.fromEntries(
        Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
          name,
          { stringValue: value.StringValue, dataType: value.DataType ?? "String" },
        ]),
      ),
      eventSource: "aws:sqs",
    }));

    const handled: { word: string; origin?: string; attempt: number }[] = [];
    const definition = handle(trackWord, async (payload, ctx) => {
      if (payload.word === "explode") throw new Error("tracking service down");
      handled.push({ word: payload.word, origin: ctx.attributes.origin, attempt: ctx.attempt });
    });
    const handler = createQueueHandler(definition, { name: "track-word", fifo: false, logSink: () => {} });
    const result = await handler({ Records: records }, lambdaContext(30_000));

    const idOf = (body: string) => messages.find((message) => message.Body?.includes(body))?.MessageId;
    expect(new Set(result.batchItemFailures.map((failure) => failure.itemIdentifier))).toEqual(
      new Set([idOf("explode"), idOf('"x"'), idOf("word=oops")]),
    );
    expect(handled.sort((a, b) => a.word.localeCompare(b.word))).toEqual([
      { word: "dusk", origin: undefined, attempt: 1 },
      { word: "lamplight", origin: "web", attempt: 1 },
    ]);

    // What the event source mapping does next: delete the successes, leave the failures for redelivery.
    const failed = new Set(result.batchItemFailures.map((failure) => failure.itemIdentifier));
    const done = records.filter((record) => !failed.has(record.messageId));
    await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: done.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
      }),
    );
    const inflight = local.server.inspectQueue(`${TEST_PREFIX}-track-word`)?.messages.inflight ?? [];
    expect(new Set(inflight.map((entry) => entry.message.messageId))).toEqual(failed);
  });
});
