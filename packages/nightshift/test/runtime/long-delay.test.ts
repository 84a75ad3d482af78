import type { FauxqsServer } from "fauxqs";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { JOB_NAME } from "../../src/definition/job-name";
import { queue } from "../../src/definition/queue";
import { resetRuntimeConfig } from "../../src/runtime/config";
import { send } from "../../src/runtime/producer/send";
import { startLocalAws, TEST_PREFIX } from "./support/fauxqs";
import { type RecordedRequest, startRecordingServer } from "./support/recording-server";

const reportRequests = queue({ schema: z.object({ word: z.string() }) });
reportRequests[JOB_NAME] = "generate-report";

let local: Awaited<ReturnType<typeof startLocalAws>>;
let server: FauxqsServer;
let scheduler: Awaited<ReturnType<typeof startRecordingServer>>;
let refuse = false;

beforeAll(async () => {
  local = await startLocalAws();
  server = local.server;
  server.createQueue(`${TEST_PREFIX}-generate-report`);
  scheduler = await startRecordingServer((request: RecordedRequest) =>
    refuse
      ? {
          status: 403,
          headers: { "x-amzn-errortype": "AccessDeniedException" },
          body: { Message: `User is not authorized to perform: scheduler:CreateSchedule on ${request.path}` },
        }
      : {
          status: 200,
          body: { ScheduleArn: `arn:aws:scheduler:us-east-1:000000000000:schedule/nightshift-test${request.path}` },
        },
  );
});

beforeEach(() => {
  Object.assign(process.env, {
    NIGHTSHIFT_SCHEDULER_ENDPOINT: scheduler.url,
    NIGHTSHIFT_SCHEDULER_ROLE_ARN: "arn:aws:iam::000000000000:role/wordmon-test-scheduler",
    NIGHTSHIFT_SCHEDULER_GROUP: "wordmon-test",
  });
  resetRuntimeConfig();
  scheduler.requests.length = 0;
  refuse = false;
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-03T17:00:00.250Z") });
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  await scheduler.stop();
  await local.stop();
});

describe("send with a delay over 15 minutes", () => {
  it("creates a one-time schedule that sends the message and deletes itself", async () => {
    const result = await send(reportRequests, { word: "lamplight" }, { delay: "2 hours" });

    expect(result).toMatchObject({ deliverAt: new Date("2026-12-03T19:00:01.000Z") });
    expect(result.scheduleName ?? "").toMatch(
      /^generate-report-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(scheduler.requests).toHaveLength(1);
    const [request] = scheduler.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe(`/schedules/${result.scheduleName}`);
    const body = JSON.parse(request?.body ?? "{}");
    expect(body).toEqual({
      ActionAfterCompletion: "DELETE",
      ClientToken: expect.any(String),
      FlexibleTimeWindow: { Mode: "OFF" },
      GroupName: "wordmon-test",
      ScheduleExpression: "at(2026-12-03T19:00:01)",
      ScheduleExpressionTimezone: "UTC",
      Target: {
        Arn: "arn:aws:scheduler:::aws-sdk:sqs:sendMessage",
        RoleArn: "arn:aws:iam::000000000000:role/wordmon-test-scheduler",
        Input: expect.any(String),
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
      },
    });
    expect(JSON.parse(body.Target.Input)).toEqual({
      QueueUrl: server.inspectQueue(`${TEST_PREFIX}-generate-report`)?.url,
      MessageBody: '{"word":"lamplight"}',
    });
    // Nothing reached the queue itself.
    expect(server.inspectQueue(`${TEST_PREFIX}-generate-report`)?.messages).toMatchObject({ ready: [], delayed: [] });
  });

  it("carries message attributes, and takes a delay in seconds", async () => {
    await send(reportRequests, { word: "x" }, { delay: 901, attributes: { requestedBy: "u-7" } });
    const body = JSON.parse(scheduler.requests[0]?.body ?? "{}");
    expect(body.ScheduleExpression).toBe("at(2026-12-03T17:15:02)");
    expect(JSON.parse(body.Target.Input).MessageAttributes).toEqual({
      requestedBy: { DataType: "String", StringValue: "u-7" },
    });
  });

  it("keeps delays of exactly 15 minutes on SQS", async () => {
    await send(reportRequests, { word: "x" }, { delay: 900 });
    expect(scheduler.requests).toEqual([]);
    expect(server.inspectQueue(`${TEST_PREFIX}-generate-report`)?.messages.delayed).toHaveLength(1);
  });

  it("names the missing setting when the scheduler role is not configured", async () => {
    delete process.env.NIGHTSHIFT_SCHEDULER_ROLE_ARN;
    resetRuntimeConfig();
    const attempt = send(reportRequests, { word: "x" }, { delay: "1 day" });
    await expect(attempt).rejects.toThrow(
      "NIGHTSHIFT_SCHEDULER_ROLE_ARN is not set, and send(generate-report) with a delay over 15 minutes needs it. Deployed functions and the Vercel project get it from nightshift's infrastructure; locally `nightshift dev` sets it. Set NIGHTSHIFT_SCHEDULER_ROLE_ARN in this process's environment.",
    );
    await expect(attempt).rejects.toMatchObject({ code: "E_CONFIG" });
    expect(scheduler.requests).toEqual([]);
  });

  it("surfaces Scheduler's refusal as E_SEND_FAILED", async () => {
    refuse = true;
    const attempt = send(reportRequests, { word: "x" }, { delay: "1 hour" });
    await expect(attempt).rejects.toMatchObject({ code: "E_SEND_FAILED" });
    await expect(attempt).rejects.toThrow(
      /^send\(generate-report\): creating the one-time schedule for a 3600-second delay failed \(User is not authorized to perform: scheduler:CreateSchedule on \/schedules\/generate-report-[0-9a-f-]+\); nothing was sent\. Check that the scheduler group wordmon-test exists and this role may call scheduler:CreateSchedule and iam:PassRole on arn:aws:iam::000000000000:role\/wordmon-test-scheduler\.$/,
    );
  });
});
