import { IamRole } from "@cdktf/provider-aws/lib/iam-role/index.js";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy/index.js";
import { SchedulerScheduleGroup } from "@cdktf/provider-aws/lib/scheduler-schedule-group/index.js";
import { Construct } from "constructs";
import type { Arns } from "../arn";
import type { Naming } from "../naming";
import { type PolicyStatement, policyJson, serviceTrustPolicy } from "../policy";

export interface SchedulingProps {
  readonly naming: Naming;
  readonly arns: Arns;
  /** Permissions boundary (policy ARN) for the role, in pull-request environments. */
  readonly permissionsBoundary?: string;
}

/**
 * The environment's EventBridge Scheduler parts: the schedule group every cron schedule and every
 * one-time "send later" schedule lives in (`<app>-<env>`), and the role those one-time schedules
 * send with (`<app>-<env>-scheduler`, `NIGHTSHIFT_SCHEDULER_ROLE_ARN`): SQS allows at most 15
 * minutes of delay, so the producer turns a longer delay into a one-time schedule.
 */
export class Scheduling extends Construct {
  readonly group: SchedulerScheduleGroup;
  readonly groupName: string;
  readonly sendRole: IamRole;
  private readonly arns: Arns;

  constructor(scope: Construct, id: string, props: SchedulingProps) {
    super(scope, id);
    const { naming, arns } = props;
    this.arns = arns;
    this.groupName = naming.prefix;
    this.group = new SchedulerScheduleGroup(this, "group", { name: this.groupName });
    const roleName = naming.claim("role", "scheduler", "the environment's delayed-send scheduler role");
    this.sendRole = new IamRole(this, "send-role", {
      name: roleName,
      assumeRolePolicy: serviceTrustPolicy("scheduler.amazonaws.com", arns.account),
      ...(props.permissionsBoundary ? { permissionsBoundary: props.permissionsBoundary } : {}),
    });
    new IamRolePolicy(this, "send-policy", {
      name: "send",
      role: this.sendRole.name,
      policy: policyJson([
        {
          Sid: "SendToEnvironmentQueues",
          Effect: "Allow",
          Action: "sqs:SendMessage",
          Resource: arns.sqs(naming.wildcard),
        },
      ]),
    });
  }

  /**
   * What a producer needs to send later through the Scheduler: create one-time schedules in this
   * group, and hand them the send role (and only to the Scheduler).
   */
  producerStatements(): PolicyStatement[] {
    return [
      {
        Sid: "CreateDelayedSends",
        Effect: "Allow",
        Action: "scheduler:CreateSchedule",
        Resource: this.arns.schedule(this.groupName, "*"),
      },
      {
        Sid: "PassSchedulerRole",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: this.sendRole.arn,
        Condition: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
      },
    ];
  }
}
