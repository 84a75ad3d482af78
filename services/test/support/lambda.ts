import type { LogSink } from "nightshift/internal/runtime/logger";
import type { LambdaContext, SQSEvent } from "nightshift/lambda";

/** A Lambda context with a fixed request id and `remainingMs` left (a minute by default). */
export function lambdaContext(requestId = "test-request", remainingMs = 60_000): LambdaContext {
  return { awsRequestId: requestId, getRemainingTimeInMillis: () => remainingMs };
}

/** An SQS event with one record whose body is the JSON payload, as the event source mapping sends it. */
export function sqsEvent(messageId: string, payload: unknown, receiveCount = 1): SQSEvent {
  return {
    Records: [
      {
        messageId,
        body: JSON.stringify(payload),
        attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: "1764720000000" },
        messageAttributes: {},
      },
    ],
  };
}

/** A log sink that keeps every line, for asserting on what a job logged. */
export function memoryLog(): { sink: LogSink; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { sink: (line) => lines.push(line), lines };
}
