import { NightshiftError } from "../errors";
import { awsCall } from "./aws-errors";
import type { OpsIo } from "./ops-io";
import { createProgress } from "./progress";
import { callContext, type QueueAddress } from "./queue-address";
import type { RedriveResult } from "./redrive-result";
import type { OpsTarget } from "./target";

/** How often the task's progress is read. */
export const MOVE_TASK_POLL_MS = 1000;

/**
 * Moves a standard queue's dead-lettered messages back with SQS's own message-move task
 * (StartMessageMoveTask, what the console's "Start DLQ redrive" does): SQS moves them server-side and
 * deletes none before it is moved. Polls ListMessageMoveTasks and shows progress until the task ends.
 * Ctrl-C stops the watching, not the task.
 */
export async function moveDeadLetters(target: OpsTarget, address: QueueAddress, io: OpsIo): Promise<RedriveResult> {
  const sqs = await target.clients.sqs();
  const { StartMessageMoveTaskCommand, ListMessageMoveTasksCommand } = await import("@aws-sdk/client-sqs");
  const started = await awsCall(callContext(target, `starting a message move task from ${address.dlqName}`), () =>
    sqs.send(new StartMessageMoveTaskCommand({ SourceArn: address.dlqArn, DestinationArn: address.arn })),
  );
  const handle = started.TaskHandle as string;
  const progress = createProgress(io, `Moving messages from ${address.dlqName} to ${address.name}`);
  for (;;) {
    const tasks = await awsCall(callContext(target, `reading the move task of ${address.dlqName}`), () =>
      sqs.send(new ListMessageMoveTasksCommand({ SourceArn: address.dlqArn, MaxResults: 10 })),
    );
    const task = tasks.Results?.find((t) => t.TaskHandle === handle) ?? tasks.Results?.[0];
    const moved = task?.ApproximateNumberOfMessagesMoved ?? 0;
    const status = task?.Status ?? "RUNNING";
    if (status === "COMPLETED") {
      progress.finish();
      return { moved, method: "move-task", interrupted: false, taskHandle: handle };
    }
    if (status === "FAILED" || status === "CANCELLED" || status === "CANCELLING") {
      progress.finish();
      throw new NightshiftError(
        "E_AWS",
        `the message move task from ${address.dlqName} to ${address.name} ended ${status} after moving ${moved} message${moved === 1 ? "" : "s"}${task?.FailureReason ? ` (${task.FailureReason})` : ""}; the rest are still in ${address.dlqName}. Fix the cause (often a missing sqs:SendMessage permission or a deleted queue) and run the redrive again.`,
      );
    }
    progress.update(moved, task?.ApproximateNumberOfMessagesToMove);
    if (io.signal?.aborted) {
      progress.finish();
      return { moved, method: "move-task", interrupted: true, taskHandle: handle };
    }
    await io.sleep(MOVE_TASK_POLL_MS, io.signal);
  }
}
