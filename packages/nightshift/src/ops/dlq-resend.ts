import type { Message } from "@aws-sdk/client-sqs";
import { NightshiftError } from "../errors";
import { awsCall, explainAwsError } from "./aws-errors";
import type { OpsIo } from "./ops-io";
import { createProgress } from "./progress";
import { callContext, type QueueAddress } from "./queue-address";
import type { RedriveResult } from "./redrive-result";
import type { OpsTarget } from "./target";

/** Long enough to resend and delete one received batch of 10; after a crash they reappear by then. */
export const RESEND_VISIBILITY_SECONDS = 60;

/**
 * Moves dead-lettered messages back by receiving them from the DLQ, sending each to the queue, and
 * deleting it from the DLQ only after that send succeeded: a failure or crash midway can duplicate a
 * message, never lose one. Used for FIFO queues (and by the local emulator, which has no move tasks).
 *
 * FIFO order: SQS hands out a group's messages in order and no more of a group while some are in
 * flight, and each message is sent with its original MessageGroupId before the next one of the batch.
 * When a send fails, the rest of the batch is made visible again and the redrive stops, so no message
 * can overtake an earlier one of its group. The resend's deduplication id is `redrive-<DLQ message
 * id>`: a rerun after a crash between send and delete is deduplicated by SQS within five minutes.
 * (The original deduplication id would be wrong: a message that failed within five minutes of being
 * sent would be silently dropped as a duplicate, and then deleted from the DLQ.)
 *
 * Stops after as many messages as the DLQ held at the start, so messages that fail again at once and
 * come back cannot keep it running forever.
 */
export async function resendDeadLetters(
  target: OpsTarget,
  address: QueueAddress,
  io: OpsIo,
  total: number,
): Promise<RedriveResult> {
  const sqs = await target.clients.sqs();
  const { ReceiveMessageCommand, SendMessageCommand, DeleteMessageCommand, ChangeMessageVisibilityBatchCommand } =
    await import("@aws-sdk/client-sqs");
  const progress = createProgress(io, `Moving messages from ${address.dlqName} to ${address.name}`);
  const limit = total > 0 ? total : Number.POSITIVE_INFINITY;
  let moved = 0;
  const release = async (messages: Message[]) => {
    for (let i = 0; i < messages.length; i += 10) {
      const entries = messages
        .slice(i, i + 10)
        .map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle as string, VisibilityTimeout: 0 }));
      await sqs
        .send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: address.dlqUrl, Entries: entries }))
        .catch(() => {
          // They become visible on their own after RESEND_VISIBILITY_SECONDS.
        });
    }
  };

  while (moved < limit && !io.signal?.aborted) {
    const received =
      (
        await awsCall(callContext(target, `receiving from ${address.dlqName}`), () =>
          sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: address.dlqUrl,
              MaxNumberOfMessages: Math.min(10, limit - moved),
              VisibilityTimeout: RESEND_VISIBILITY_SECONDS,
              WaitTimeSeconds: 1,
              MessageSystemAttributeNames: ["All"],
              MessageAttributeNames: ["All"],
            }),
          ),
        )
      ).Messages ?? [];
    if (received.length === 0) break;
    for (const [index, message] of received.entries()) {
      if (io.signal?.aborted) {
        await release(received.slice(index));
        break;
      }
      try {
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: address.url,
            MessageBody: message.Body ?? "",
            ...(message.MessageAttributes && Object.keys(message.MessageAttributes).length > 0
              ? { MessageAttributes: message.MessageAttributes }
              : {}),
            ...(address.fifo
              ? {
                  MessageGroupId: message.Attributes?.MessageGroupId ?? "default",
                  MessageDeduplicationId: `redrive-${message.MessageId}`,
                }
              : {}),
          }),
        );
      } catch (error) {
        await release(received.slice(index));
        progress.finish();
        const cause = explainAwsError(
          error,
          callContext(target, `sending message ${message.MessageId} to ${address.name}`),
        );
        throw new NightshiftError(
          cause.code,
          `${cause.message}\nMoved ${moved} message${moved === 1 ? "" : "s"} before this; message ${message.MessageId} and the rest are still in ${address.dlqName}. Fix the cause and run the redrive again.`,
          { cause: error },
        );
      }
      try {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: address.dlqUrl, ReceiptHandle: message.ReceiptHandle }));
      } catch (error) {
        await release(received.slice(index + 1));
        progress.finish();
        const cause = explainAwsError(
          error,
          callContext(target, `deleting message ${message.MessageId} from ${address.dlqName}`),
        );
        throw new NightshiftError(
          cause.code,
          `${cause.message}\nMessage ${message.MessageId} was sent back to ${address.name} but is also still in ${address.dlqName}; a rerun within five minutes sends it only once${address.fifo ? "" : " on FIFO queues, so on this standard queue it may be handled twice"}. Moved ${moved} before it.`,
          { cause: error },
        );
      }
      moved += 1;
      progress.update(moved, total > 0 ? total : undefined);
    }
  }
  progress.finish();
  return { moved, method: "resend", interrupted: Boolean(io.signal?.aborted) };
}
