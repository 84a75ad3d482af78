import type { Message } from "@aws-sdk/client-sqs";
import { awsCall } from "./aws-errors";
import { callContext, type QueueAddress } from "./queue-address";
import type { OpsTarget } from "./target";

/** One dead-lettered message, as `nightshift dlq --peek` shows it. */
export interface PeekedMessage {
  readonly messageId: string;
  /** How often it was received, counting this peek (SQS counts every receive). */
  readonly receiveCount: number;
  /** ISO time it was first sent to the queue. */
  readonly sentAt: string;
  readonly groupId?: string;
  /** The payload: parsed JSON, or the raw text when it is not JSON. */
  readonly body: unknown;
  readonly attributes: Readonly<Record<string, string>>;
}

/** Messages hidden this long while peeking, then made visible again at once. */
export const PEEK_VISIBILITY_SECONDS = 30;

function toPeeked(message: Message): PeekedMessage {
  let body: unknown = message.Body ?? "";
  try {
    body = JSON.parse(message.Body ?? "");
  } catch {
    // Not JSON: show the text as it is.
  }
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    attributes[name] = value.StringValue ?? `(${value.DataType ?? "binary"})`;
  }
  const sent = Number(message.Attributes?.SentTimestamp ?? 0);
  return {
    messageId: message.MessageId ?? "",
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
    sentAt: new Date(sent).toISOString(),
    ...(message.Attributes?.MessageGroupId ? { groupId: message.Attributes.MessageGroupId } : {}),
    body,
    attributes,
  };
}

/**
 * Reads up to `count` messages from the DLQ without removing them: each is received with a short
 * visibility timeout, then made visible again at once (ChangeMessageVisibility 0), so consumers and a
 * later redrive see them as before. The peek adds one to each message's receive count.
 */
export async function peekDeadLetters(
  target: OpsTarget,
  address: QueueAddress,
  count: number,
): Promise<PeekedMessage[]> {
  const sqs = await target.clients.sqs();
  const { ReceiveMessageCommand, ChangeMessageVisibilityBatchCommand } = await import("@aws-sdk/client-sqs");
  const context = callContext(target, `peeking at ${address.dlqName}`);
  const received: Message[] = [];
  try {
    while (received.length < count) {
      const batch = await awsCall(context, () =>
        sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: address.dlqUrl,
            MaxNumberOfMessages: Math.min(10, count - received.length),
            VisibilityTimeout: PEEK_VISIBILITY_SECONDS,
            // Long polling (≥ 1 s) asks every SQS server, so a small DLQ is never reported empty.
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ["All"],
            MessageAttributeNames: ["All"],
          }),
        ),
      );
      const messages = batch.Messages ?? [];
      if (messages.length === 0) break;
      received.push(...messages);
    }
  } finally {
    for (let i = 0; i < received.length; i += 10) {
      const entries = received.slice(i, i + 10).map((message, index) => ({
        Id: String(index),
        ReceiptHandle: message.ReceiptHandle as string,
        VisibilityTimeout: 0,
      }));
      await awsCall(callContext(target, `making peeked messages visible again in ${address.dlqName}`), () =>
        sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: address.dlqUrl, Entries: entries })),
      );
    }
  }
  return received.map(toPeeked);
}
