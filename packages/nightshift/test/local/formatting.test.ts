import { describe, expect, it } from "vitest";
import type { InvocationRecord } from "../../src/local/invocations";
import { formatInvocation } from "../../src/local/log-printer";
import { failedRunRecord } from "../../src/local/sqs/failed-run";

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
const strip = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, "");

const record = (extra: Partial<InvocationRecord>): InvocationRecord => ({
  id: "req-1",
  job: "check-mentions",
  kind: "cron",
  trigger: "schedule",
  attempt: 1,
  scheduledTime: "2026-12-03T09:00:00Z",
  startedAt: "2026-12-03T09:00:00.010Z",
  endedAt: "2026-12-03T09:00:00.153Z",
  durationMs: 143,
  status: "ok",
  logs: [],
  ...extra,
});

describe("log printer", () => {
  it("prints one header per invocation with the handler's JSON lines grouped under it", () => {
    const lines = formatInvocation(
      record({
        coldStart: true,
        logs: [
          {
            stream: "stdout",
            text: "{}",
            json: {
              time: "t",
              level: "info",
              message: "checked word",
              job: "check-mentions",
              executionId: "e",
              word: "nightshift",
              matched: 4,
            },
          },
          { stream: "stdout", text: "plain console.log line" },
        ],
      }),
    ).map(strip);
    expect(lines[0]).toMatch(
      /^\d\d:\d\d:\d\d {2}cron {3}check-mentions {2}✓ ok {2}143 ms {2}scheduled 2026-12-03T09:00:00Z, cold start$/,
    );
    expect(lines.slice(1)).toEqual([
      '   │ info  checked word {"word":"nightshift","matched":4}',
      "   │ plain console.log line",
    ]);
  });

  it("shows a queue batch's failures, receive count and the error with its first stack frames", () => {
    const lines = formatInvocation(
      record({
        kind: "queue",
        job: "send-email",
        trigger: "queue",
        attempt: 3,
        status: "partial",
        messages: [
          { messageId: "a", receiveCount: 3, failed: true },
          { messageId: "b", receiveCount: 1, failed: false },
        ],
        logs: [
          {
            stream: "stdout",
            text: "{}",
            json: {
              level: "error",
              message: "handler failed",
              messageId: "1856f827-2a0a",
              attempt: 3,
              error: { name: "Error", message: "SMTP down", stack: "Error: SMTP down\n    at send (mail.ts:1:1)" },
            },
          },
        ],
      }),
    )
      .flatMap((l) => l.split("\n"))
      .map(strip);
    expect(lines).toEqual([
      expect.stringMatching(/ {2}queue {2}send-email {2}! partial {2}143 ms {2}2 messages, 1 failed, receive 3$/),
      "   │ error [1856f827] handler failed SMTP down",
      "   │       at send (mail.ts:1:1)",
    ]);
  });

  it("adds the failure reason when the handler printed nothing about it", () => {
    const lines = formatInvocation(
      record({
        status: "timeout",
        error: "Task timed out after 1.00 seconds (the job's timeout); the worker was stopped.",
      }),
    ).map(strip);
    expect(lines[1]).toBe("   │ Task timed out after 1.00 seconds (the job's timeout); the worker was stopped.");
  });
});

describe("failed cron run record", () => {
  it("has the shape of Lambda's on-failure destination record", () => {
    const event = {
      job: "nightly",
      schedule: "app-development-nightly",
      scheduledTime: "2026-12-03T09:00:00Z",
      executionId: "exec-1",
      attempt: "3",
    };
    const body = failedRunRecord({
      functionArn: "arn:aws:lambda:us-east-1:000000000000:function:app-development-nightly",
      event,
      record: record({
        status: "error",
        attempt: 3,
        error: "TypeError: the feed URL is missing\n    at run (nightly.ts:3:9)",
      }),
      now: new Date("2026-12-03T09:03:00.500Z"),
    });
    expect(JSON.parse(body)).toEqual({
      version: "1.0",
      timestamp: "2026-12-03T09:03:00.500Z",
      requestContext: {
        requestId: "req-1",
        functionArn: "arn:aws:lambda:us-east-1:000000000000:function:app-development-nightly:$LATEST",
        condition: "RetriesExhausted",
        approximateInvokeCount: 3,
      },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
      responsePayload: {
        errorType: "TypeError",
        errorMessage: "the feed URL is missing",
        stackTrace: ["at run (nightly.ts:3:9)"],
      },
    });
  });
});
