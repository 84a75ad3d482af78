import type { LambdaContext, SQSRecord } from "../../../src/runtime/lambda/types";
import type { LogSink } from "../../../src/runtime/logger";

/** A Lambda context whose remaining time counts down with the (fake) clock. */
export function lambdaContext(remainingMs: number, requestId = "req-1"): LambdaContext {
  const deadline = Date.now() + remainingMs;
  return {
    awsRequestId: requestId,
    functionName: "wordmon-test-fn",
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

/** Log lines captured in memory. */
export function captureLogs(): { sink: LogSink; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { sink: (line) => lines.push(line), lines };
}

/** An SQS record shaped exactly like the ones Lambda's event source mapping delivers. */
export function sqsRecord(
  messageId: string,
  body: string,
  options: { receiveCount?: number; groupId?: string; sentAt?: number; attributes?: Record<string, string> } = {},
): SQSRecord {
  const fifo = options.groupId !== undefined;
  return {
    messageId,
    receiptHandle: `AQEB${messageId}handle`,
    body,
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: String(options.sentAt ?? 1_764_780_000_000),
      SenderId: "AROAEXAMPLE:wordmon-web",
      ApproximateFirstReceiveTimestamp: String((options.sentAt ?? 1_764_780_000_000) + 15),
      ...(fifo
        ? { MessageGroupId: options.groupId, MessageDeduplicationId: `dedupe-${messageId}`, SequenceNumber: "1" }
        : {}),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(options.attributes ?? {}).map(([name, value]) => [
        name,
        { stringValue: value, stringListValues: [], binaryListValues: [], dataType: "String" },
      ]),
    ),
    md5OfBody: "0",
    eventSource: "aws:sqs",
    eventSourceARN: `arn:aws:sqs:eu-west-1:123456789012:wordmon-test-q${fifo ? ".fifo" : ""}`,
    awsRegion: "eu-west-1",
  };
}
