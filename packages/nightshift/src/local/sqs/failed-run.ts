import { GetQueueUrlCommand, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { CronEvent } from "../../runtime/lambda/scheduler-input";
import type { InvocationRecord } from "../invocations";

/**
 * The record Lambda sends to an asynchronous invocation's on-failure destination once retries are
 * exhausted; the stack points that destination at the cron's DLQ, so the local DLQ gets the same.
 */
export function failedRunRecord(options: {
  functionArn: string;
  event: CronEvent;
  record: InvocationRecord;
  now?: Date;
}): string {
  const { record } = options;
  const [firstLine = "", ...stack] = (record.error ?? "").split("\n");
  const errorType =
    record.status === "timeout"
      ? "Sandbox.Timedout"
      : record.status === "crash"
        ? "Runtime.ExitError"
        : (/^(\w+):/.exec(firstLine)?.[1] ?? "Error");
  return JSON.stringify({
    version: "1.0",
    timestamp: (options.now ?? new Date()).toISOString(),
    requestContext: {
      requestId: record.id,
      functionArn: `${options.functionArn}:$LATEST`,
      condition: "RetriesExhausted",
      approximateInvokeCount: record.attempt,
    },
    requestPayload: options.event,
    responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
    responsePayload: {
      errorType,
      errorMessage: firstLine.replace(/^\w+: /, ""),
      stackTrace: stack.map((line) => line.trim()).filter(Boolean),
    },
  });
}

/** Sends a failed run's record to the cron's DLQ (by physical name). */
export async function sendFailedRun(sqs: SQSClient, dlqName: string, body: string): Promise<void> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: dlqName }));
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
}
