import { partitionOf } from "nightshift/internal/runtime/names";
import type { PolicyStatement } from "../policy";

export interface DeployScope {
  readonly app: string;
  readonly region: string;
  readonly account: string;
  readonly stateBucket: string;
  /** Environments the role deploys, as a name pattern: `pr-*` for pull requests, `*` for all. */
  readonly environments: string;
  /** When set, roles the deployer creates must carry this permissions boundary (policy ARN). */
  readonly permissionsBoundary?: string;
}

/**
 * `terraform init` lists the S3 backend's workspaces (objects under the default
 * `workspace_key_prefix`, `env:/`) and fails with "Failed to get existing workspaces" when it may
 * not. Nightshift uses no workspaces, so the listing finds nothing; it reveals no state.
 */
export const WORKSPACE_LIST_PREFIX = "env:/*";

/**
 * What a deploy role needs to apply and destroy environment stacks, scoped by name to
 * `<app>-<environments>` resources and `env/<environments>` state keys. Service-wide actions appear
 * only on named resources. The one action with no resource type (CreateEventSourceMapping) is
 * limited by the function it maps to.
 */
export function deployStatements(scope: DeployScope): PolicyStatement[] {
  const { app, region, account, stateBucket } = scope;
  const partition = partitionOf(region);
  const names = `${app}-${scope.environments}`;
  const functionPattern = `arn:${partition}:lambda:${region}:${account}:function:${names}`;
  const boundaryCondition = scope.permissionsBoundary
    ? { Condition: { StringEquals: { "iam:PermissionsBoundary": scope.permissionsBoundary } } }
    : {};
  return [
    {
      Sid: "NeverTouchAccountRoles",
      Effect: "Deny",
      Action: "iam:*",
      // The deploy roles and the boundary live outside every environment's names; no deployer may change them.
      Resource: [
        `arn:${partition}:iam::${account}:role/${app}-deploy-*`,
        `arn:${partition}:iam::${account}:policy/${app}-boundary-*`,
      ],
    },
    {
      Sid: "StateObjects",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: `arn:${partition}:s3:::${stateBucket}/env/${scope.environments}`,
    },
    {
      Sid: "StateList",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: `arn:${partition}:s3:::${stateBucket}`,
      Condition: { StringLike: { "s3:prefix": [`env/${scope.environments}`, WORKSPACE_LIST_PREFIX] } },
    },
    {
      Sid: "ReadSharedPreviewState",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: `arn:${partition}:s3:::${stateBucket}/env/preview/*`,
    },
    { Sid: "Functions", Effect: "Allow", Action: "lambda:*", Resource: [functionPattern, `${functionPattern}:*`] },
    {
      Sid: "CreateEventSourceMappings",
      Effect: "Allow",
      Action: "lambda:CreateEventSourceMapping",
      // CreateEventSourceMapping has no resource type; the condition names the function.
      Resource: "*",
      Condition: { ArnLike: { "lambda:FunctionArn": functionPattern } },
    },
    {
      Sid: "ManageEventSourceMappings",
      Effect: "Allow",
      Action: ["lambda:GetEventSourceMapping", "lambda:UpdateEventSourceMapping", "lambda:DeleteEventSourceMapping"],
      // Mapping ARNs end in a UUID, so no name can be given; the condition names the function.
      Resource: `arn:${partition}:lambda:${region}:${account}:event-source-mapping:*`,
      Condition: { ArnLike: { "lambda:FunctionArn": functionPattern } },
    },
    {
      Sid: "TagEventSourceMappings",
      Effect: "Allow",
      Action: ["lambda:TagResource", "lambda:UntagResource", "lambda:ListTags"],
      Resource: `arn:${partition}:lambda:${region}:${account}:event-source-mapping:*`,
    },
    {
      Sid: "Roles",
      Effect: "Allow",
      Action: [
        "iam:GetRole",
        "iam:DeleteRole",
        "iam:UpdateRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:ListRoleTags",
        "iam:GetRolePolicy",
        "iam:ListRolePolicies",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
      ],
      Resource: `arn:${partition}:iam::${account}:role/${names}`,
    },
    {
      Sid: "RolePolicies",
      Effect: "Allow",
      Action: ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy"],
      Resource: `arn:${partition}:iam::${account}:role/${names}`,
      ...boundaryCondition,
    },
    {
      Sid: "PassRolesToServices",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: `arn:${partition}:iam::${account}:role/${names}`,
      Condition: { StringEquals: { "iam:PassedToService": ["lambda.amazonaws.com", "scheduler.amazonaws.com"] } },
    },
    { Sid: "Queues", Effect: "Allow", Action: "sqs:*", Resource: `arn:${partition}:sqs:${region}:${account}:${names}` },
    // Subscription ARNs are the topic ARN plus ":<id>", so the same pattern covers them.
    { Sid: "Topics", Effect: "Allow", Action: "sns:*", Resource: `arn:${partition}:sns:${region}:${account}:${names}` },
    {
      Sid: "Schedules",
      Effect: "Allow",
      Action: "scheduler:*",
      Resource: [
        `arn:${partition}:scheduler:${region}:${account}:schedule-group/${names}`,
        `arn:${partition}:scheduler:${region}:${account}:schedule/${names}/*`,
      ],
    },
    {
      Sid: "LogGroups",
      Effect: "Allow",
      Action: "logs:*",
      Resource: [
        `arn:${partition}:logs:${region}:${account}:log-group:/aws/lambda/${names}`,
        `arn:${partition}:logs:${region}:${account}:log-group:/aws/lambda/${names}:*`,
      ],
    },
    {
      Sid: "DescribeLogGroups",
      Effect: "Allow",
      Action: "logs:DescribeLogGroups",
      // Terraform reads a log group by listing with a name prefix; the action takes only this pattern.
      Resource: `arn:${partition}:logs:${region}:${account}:log-group:*`,
    },
    {
      Sid: "Alarms",
      Effect: "Allow",
      Action: [
        "cloudwatch:PutMetricAlarm",
        "cloudwatch:DeleteAlarms",
        "cloudwatch:DescribeAlarms",
        "cloudwatch:TagResource",
        "cloudwatch:UntagResource",
        "cloudwatch:ListTagsForResource",
      ],
      Resource: `arn:${partition}:cloudwatch:${region}:${account}:alarm:${names}`,
    },
  ];
}

/**
 * The most any role in a pull-request environment may ever do (its permissions boundary): run
 * functions and schedules, use queues and topics, and write logs, all within `<app>-pr-*`. A PR
 * deployer can create roles only with this boundary, so code in a pull request can never grant
 * itself more than its own environment's resources.
 */
export function pullRequestBoundaryStatements(
  scope: Omit<DeployScope, "environments" | "stateBucket">,
): PolicyStatement[] {
  const { app, region, account } = scope;
  const partition = partitionOf(region);
  const names = `${app}-pr-*`;
  return [
    {
      Sid: "Logs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `arn:${partition}:logs:${region}:${account}:log-group:/aws/lambda/${names}:*`,
    },
    {
      Sid: "Queues",
      Effect: "Allow",
      Action: [
        "sqs:SendMessage",
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:ChangeMessageVisibility",
      ],
      Resource: `arn:${partition}:sqs:${region}:${account}:${names}`,
    },
    {
      Sid: "Topics",
      Effect: "Allow",
      Action: "sns:Publish",
      Resource: `arn:${partition}:sns:${region}:${account}:${names}`,
    },
    {
      Sid: "Invoke",
      Effect: "Allow",
      Action: "lambda:InvokeFunction",
      Resource: `arn:${partition}:lambda:${region}:${account}:function:${names}`,
    },
    {
      Sid: "Schedules",
      Effect: "Allow",
      Action: "scheduler:CreateSchedule",
      Resource: `arn:${partition}:scheduler:${region}:${account}:schedule/${names}/*`,
    },
    {
      Sid: "PassSchedulerRole",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: `arn:${partition}:iam::${account}:role/${names}`,
      Condition: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
    },
  ];
}
