import { randomUUID } from "node:crypto";
import { NightshiftError } from "../../errors";
import { getSchedulerClient } from "../aws-clients";
import { getRuntimeConfig, requireConfig } from "../config";
import { partitionOf } from "../names";
import type { WireAttributes } from "./message";

/** What a long-delayed send produced: a one-time schedule that sends the message at `deliverAt`. */
export interface ScheduledDelivery {
  readonly scheduleName: string;
  readonly deliverAt: Date;
}

/** `at(2026-12-03T18:30:00)` in UTC; Scheduler's precision is one minute. */
export function atExpression(time: Date): string {
  return `at(${time.toISOString().slice(0, 19)})`;
}

/**
 * Sends a message later than SQS's 15-minute limit allows: a one-time EventBridge Scheduler schedule
 * whose target is SQS SendMessage, which deletes itself after it ran.
 *
 * It uses Scheduler's universal target (`arn:aws:scheduler:::aws-sdk:sqs:sendMessage`, the SendMessage
 * request as Input) rather than the templated SQS target (queue ARN + Input as the body), because the
 * templated target cannot carry message attributes or a FIFO deduplication id. The scheduler role
 * (`NIGHTSHIFT_SCHEDULER_ROLE_ARN`) needs `sqs:SendMessage` on the queue either way.
 */
export async function scheduleDelivery(options: {
  readonly verb: string;
  readonly queue: string;
  readonly queueUrl: string;
  readonly body: string;
  readonly attributes: WireAttributes | undefined;
  readonly delaySeconds: number;
}): Promise<ScheduledDelivery> {
  const config = getRuntimeConfig();
  const neededFor = `${options.verb}(${options.queue}) with a delay over 15 minutes`;
  const roleArn = requireConfig(config, "schedulerRoleArn", neededFor);
  const groupName = requireConfig(config, "schedulerGroup", neededFor);
  const region = requireConfig(config, "region", neededFor);
  // Rounded up to a whole second (the at() expression has no fractions), so it is never early.
  const deliverAt = new Date(Math.ceil((Date.now() + options.delaySeconds * 1000) / 1000) * 1000);
  // Schedule names are at most 64 characters of [0-9A-Za-z_.-]: the job name (trimmed) plus a UUID.
  const scheduleName = `${options.queue.slice(0, 27)}-${randomUUID()}`;
  const input = {
    QueueUrl: options.queueUrl,
    MessageBody: options.body,
    ...(options.attributes ? { MessageAttributes: options.attributes } : {}),
  };

  const [client, { CreateScheduleCommand }] = await Promise.all([
    getSchedulerClient(),
    import("@aws-sdk/client-scheduler"),
  ]);
  try {
    await client.send(
      new CreateScheduleCommand({
        Name: scheduleName,
        GroupName: groupName,
        ScheduleExpression: atExpression(deliverAt),
        ScheduleExpressionTimezone: "UTC",
        FlexibleTimeWindow: { Mode: "OFF" },
        ActionAfterCompletion: "DELETE",
        Target: {
          Arn: `arn:${partitionOf(region)}:scheduler:::aws-sdk:sqs:sendMessage`,
          RoleArn: roleArn,
          Input: JSON.stringify(input),
          // Set explicitly (Scheduler's default is the same): a delayed message is retried for a day
          // rather than dropped when SQS is briefly unavailable.
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
        },
      }),
    );
  } catch (error) {
    throw new NightshiftError(
      "E_SEND_FAILED",
      `${options.verb}(${options.queue}): creating the one-time schedule for a ${options.delaySeconds}-second delay failed (${error instanceof Error ? error.message : String(error)}); nothing was sent. Check that the scheduler group ${groupName} exists and this role may call scheduler:CreateSchedule and iam:PassRole on ${roleArn}.`,
      { cause: error },
    );
  }
  return { scheduleName, deliverAt };
}
