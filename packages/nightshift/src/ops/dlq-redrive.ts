import { moveDeadLetters } from "./dlq-move-task";
import { resendDeadLetters } from "./dlq-resend";
import type { OpsIo } from "./ops-io";
import { type QueueAddress, queueDepth } from "./queue-address";
import type { RedriveResult } from "./redrive-result";
import type { OpsTarget } from "./target";

/**
 * Moves every message in a queue's DLQ back to the queue. Deployed standard queues use SQS's
 * message-move task; FIFO queues (whose group order a move task does not keep across a partial
 * failure) and the local emulator (which has no move tasks) use receive → send → delete.
 */
export async function redriveDeadLetters(target: OpsTarget, address: QueueAddress, io: OpsIo): Promise<RedriveResult> {
  const { visible } = await queueDepth(target, address.dlqUrl, address.dlqName);
  if (visible === 0)
    return { moved: 0, method: address.fifo || target.kind === "local" ? "resend" : "move-task", interrupted: false };
  if (target.kind === "aws" && !address.fifo) return moveDeadLetters(target, address, io);
  return resendDeadLetters(target, address, io, visible);
}
