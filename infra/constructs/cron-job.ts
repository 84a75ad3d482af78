import { IamRole } from "@cdktf/provider-aws/lib/iam-role/index.js";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy/index.js";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config/index.js";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule/index.js";
import { Construct } from "constructs";
import type { ParsedCron } from "nightshift/internal/discovery/types";
import { schedulerInput } from "nightshift/internal/runtime/lambda/scheduler-input";
import { policyJson, serviceTrustPolicy } from "../policy";
import { DeadLetterQueue } from "./dead-letter-queue";
import type { EnvironmentContext, FunctionArtifact } from "./environment-context";
import { JobFunction } from "./job-function";

/**
 * Scheduler's own retries, for failing to *deliver* the invoke (throttling, a missing function).
 * The default is 185 attempts over 24 hours; a cron run that late is worse than a skipped one.
 */
export const SCHEDULER_RETRY_POLICY = { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 } as const;

/** A queued asynchronous run older than this goes to the DLQ instead of running late. */
export const CRON_MAX_EVENT_AGE_SECONDS = 3600;

/** What the Scheduler passes to the cron adapter: the runtime's own definition of its event. */
export { schedulerInput };

export interface CronJobProps {
  readonly context: EnvironmentContext;
  readonly cron: ParsedCron;
  readonly artifact: FunctionArtifact;
  /** The environment's schedule group. */
  readonly scheduleGroup: string;
  /** Whether the schedule runs in this environment (from the job's `environments`). */
  readonly enabled: boolean;
}

/**
 * A cron job: the function; an EventBridge Scheduler schedule that invokes it asynchronously in
 * the job's time zone; Lambda's async retries (`retries`) with failed runs sent to the job's DLQ,
 * which also receives the Scheduler's undeliverable invokes and raises an alarm when not empty.
 *
 * `overlap: "skip"` needs no resource here: the cron adapter takes a Postgres lease per job.
 */
export class CronJob extends Construct {
  readonly function: JobFunction;
  readonly deadLetterQueue: DeadLetterQueue;
  readonly schedule: SchedulerSchedule;
  readonly schedulerRole: IamRole;
  readonly invokeConfig: LambdaFunctionEventInvokeConfig;

  constructor(scope: Construct, id: string, props: CronJobProps) {
    super(scope, id);
    const { context, cron } = props;
    const { naming } = context;

    this.deadLetterQueue = new DeadLetterQueue(this, "dlq", {
      context,
      job: cron.name,
      file: cron.file,
      holds: "failed runs (after all retries) and runs the scheduler could not start",
    });
    const dlqArn = this.deadLetterQueue.queue.arn;

    this.function = new JobFunction(this, "function", {
      context,
      job: cron.name,
      file: cron.file,
      artifact: props.artifact,
      timeoutSeconds: cron.timeoutSeconds,
      memoryMb: cron.memoryMb,
      // Lambda sends failed asynchronous runs to the on-failure destination with the function's role.
      statements: [{ Sid: "SendFailedRuns", Effect: "Allow", Action: "sqs:SendMessage", Resource: dlqArn }],
    });

    this.invokeConfig = new LambdaFunctionEventInvokeConfig(this, "async", {
      functionName: this.function.function.functionName,
      maximumRetryAttempts: cron.retries,
      maximumEventAgeInSeconds: CRON_MAX_EVENT_AGE_SECONDS,
      destinationConfig: { onFailure: { destination: dlqArn } },
      // Lambda checks that the role may send to the destination when this is created.
      dependsOn: [this.function.policy],
    });

    const scheduleName = naming.claim("schedule", cron.name, `${cron.file}: schedule`);
    const roleName = naming.claim("role", cron.name, `${cron.file}: scheduler role`, { suffix: "-scheduler" });
    this.schedulerRole = new IamRole(this, "scheduler-role", {
      name: roleName,
      assumeRolePolicy: serviceTrustPolicy("scheduler.amazonaws.com", context.arns.account),
      ...(context.permissionsBoundary ? { permissionsBoundary: context.permissionsBoundary } : {}),
    });
    const schedulerPolicy = new IamRolePolicy(this, "scheduler-policy", {
      name: "invoke",
      role: this.schedulerRole.name,
      policy: policyJson([
        { Sid: "InvokeJob", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: this.function.function.arn },
        { Sid: "SendUndelivered", Effect: "Allow", Action: "sqs:SendMessage", Resource: dlqArn },
      ]),
    });

    this.schedule = new SchedulerSchedule(this, "schedule", {
      name: scheduleName,
      groupName: props.scheduleGroup,
      scheduleExpression: cron.schedule.expression,
      scheduleExpressionTimezone: cron.timezone,
      flexibleTimeWindow: { mode: "OFF" },
      state: props.enabled ? "ENABLED" : "DISABLED",
      target: {
        arn: this.function.function.arn,
        roleArn: this.schedulerRole.arn,
        input: schedulerInput(cron.name, scheduleName),
        retryPolicy: { ...SCHEDULER_RETRY_POLICY },
        deadLetterConfig: { arn: dlqArn },
      },
      dependsOn: [schedulerPolicy, this.invokeConfig],
    });
  }
}
