import type { LogSink } from "nightshift/internal/runtime/logger";
import type { LambdaContext, SQSEvent } from "nightshift/lambda";

/** A Lambda context with a minute left and a fixed request id. */
export function lambdaContext(requestId = "test-request"): LambdaContext {
  return { awsRequestId: requestId, getRemainingTimeInMillis: () => 60_000 };
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
