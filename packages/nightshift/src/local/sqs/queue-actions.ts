import { randomUUID } from "node:crypto";
import {
  DeleteMessageCommand,
  type MessageAttributeValue,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { NightshiftError } from "../../errors";
import type { LocalQueue } from "../local-project";
import type { LocalQueueAddress } from "./resources";

/** A test message from the dashboard or the CLI. */
export interface TestMessage {
  /** The JSON payload (an object) or its text. */
  readonly body: unknown;
  /** String message attributes. */
  readonly attributes?: Readonly<Record<string, string>>;
  /** FIFO queues: the message group. @default "default" */
  readonly groupId?: string;
  readonly delaySeconds?: number;
}

/** Sends one message with the real SQS client, as a producer would. */
export async function sendTestMessage(
  sqs: SQSClient,
  queue: LocalQueue,
  address: LocalQueueAddress,
  message: TestMessage,
): Promise<string> {
  let body: string;
  if (typeof message.body === "string") {
    try {
      JSON.parse(message.body);
    } catch (error) {
      throw new NightshiftError(
        "E_INVALID_PAYLOAD",
        `The message for ${queue.name} is not valid JSON (${(error as Error).message}); a message body is the JSON payload itself, e.g. {"id":"42"}.`,
      );
    }
    body = message.body;
  } else {
    body = JSON.stringify(message.body);
  }
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(message.attributes ?? {}))
    attributes[name] = { DataType: "String", StringValue: value };
  const sent = await sqs.send(
    new SendMessageCommand({
      QueueUrl: address.url,
      MessageBody: body,
      ...(Object.keys(attributes).length ? { MessageAttributes: attributes } : {}),
      ...(message.delaySeconds !== undefined ? { DelaySeconds: message.delaySeconds } : {}),
      ...(queue.fifo
        ? {
            MessageGroupId: message.groupId ?? "default",
            ...(queue.contentBasedDeduplication ? {} : { MessageDeduplicationId: randomUUID() }),
          }
        : {}),
    }),
  );
  return sent.MessageId as string;
}

/**
 * Moves every message of the DLQ back to its queue (what "redrive" does in the AWS console). Each
 * message is deleted from the DLQ only after the send to the source queue succeeded, so a failure
 * midway duplicates at worst and never loses a message. Returns how many moved.
 */
export async function redriveDeadLetters(
  sqs: SQSClient,
  queue: LocalQueue,
  address: LocalQueueAddress,
): Promise<number> {
  let moved = 0;
  for (;;) {
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: address.dlqUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: 30,
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      }),
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) return moved;
    for (const message of messages) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: address.url,
          MessageBody: message.Body ?? "",
          ...(message.MessageAttributes && Object.keys(message.MessageAttributes).length
            ? { MessageAttributes: message.MessageAttributes }
            : {}),
          ...(queue.fifo
            ? {
                MessageGroupId: message.Attributes?.MessageGroupId ?? "default",
                MessageDeduplicationId: `redrive-${message.MessageId}-${randomUUID()}`,
              }
            : {}),
        }),
      );
      await sqs.send(new DeleteMessageCommand({ QueueUrl: address.dlqUrl, ReceiptHandle: message.ReceiptHandle }));
      moved += 1;
    }
  }
}

/** Deletes every message in the queue's DLQ. */
export async function purgeDeadLetters(sqs: SQSClient, address: LocalQueueAddress): Promise<void> {
  await sqs.send(new PurgeQueueCommand({ QueueUrl: address.dlqUrl }));
}
