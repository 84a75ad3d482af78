import { describe, expect, it } from "vitest";
import { synthEnvironment } from "./support/environment";
import { makeCron, makeProject } from "./support/fixtures";
import { ACCOUNT, findResource, ref, resources, statements } from "./support/terraform-json";

const project = makeProject({
  crons: [
    makeCron("nightly-report", {
      schedule: "cron(0 3 * * ? *)",
      timezone: "Europe/Paris",
      retries: 1,
      timeoutSeconds: 120,
      memoryMb: 512,
    }),
  ],
});

describe("CronJob", () => {
  const json = synthEnvironment(project, "production");
  const fnRef = (attr: string) =>
    ref(json, "aws_lambda_function", "function_name", "wordmon-production-nightly-report", attr);
  const dlqArn = ref(json, "aws_sqs_queue", "name", "wordmon-production-nightly-report-dlq", "arn");

  it("creates an arm64 nodejs22.x function with JSON logs into its own log group, timeout and memory from the job", () => {
    const fn = findResource(json, "aws_lambda_function", "function_name", "wordmon-production-nightly-report");
    expect(fn).toMatchObject({
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      timeout: 120,
      memory_size: 512,
      logging_config: { log_format: "JSON" },
    });
    expect((fn.logging_config as { log_group: string }).log_group).toBe(
      ref(json, "aws_cloudwatch_log_group", "name", "/aws/lambda/wordmon-production-nightly-report", "name"),
    );
    expect(fn.filename).toMatch(/^assets\/[\w-]+\/[0-9a-f]{64}\/nightly-report\.zip$/);
    expect(fn.source_code_hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const logGroup = findResource(
      json,
      "aws_cloudwatch_log_group",
      "name",
      "/aws/lambda/wordmon-production-nightly-report",
    );
    expect(logGroup.retention_in_days).toBe(30);
  });

  it("lets the function write only its own logs and send failed runs to its DLQ, plus sending within the environment", () => {
    const policies = resources(json, "aws_iam_role_policy").filter(
      ([, p]) => p.role === ref(json, "aws_iam_role", "name", "wordmon-production-nightly-report", "name"),
    );
    expect(policies).toHaveLength(1);
    const own = statements(policies[0]?.[1].policy);
    const logGroupArn = ref(
      json,
      "aws_cloudwatch_log_group",
      "name",
      "/aws/lambda/wordmon-production-nightly-report",
      "arn",
    );
    expect(own.slice(0, 2)).toEqual([
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${logGroupArn}:*`,
      },
      { Sid: "SendFailedRuns", Effect: "Allow", Action: "sqs:SendMessage", Resource: dlqArn },
    ]);
    expect(own.map((s) => s.Sid)).toEqual([
      "WriteOwnLogs",
      "SendFailedRuns",
      "SendWithinEnvironment",
      "PublishWithinEnvironment",
      "CreateDelayedSends",
      "PassSchedulerRole",
    ]);
  });

  it("schedules it in the environment's group, in the job's time zone, with retries, a DLQ and the run input", () => {
    const schedule = findResource(json, "aws_scheduler_schedule", "name", "wordmon-production-nightly-report");
    expect(schedule).toMatchObject({
      schedule_expression: "cron(0 3 * * ? *)",
      schedule_expression_timezone: "Europe/Paris",
      flexible_time_window: { mode: "OFF" },
      state: "ENABLED",
      group_name: ref(json, "aws_scheduler_schedule_group", "name", "wordmon-production", "name"),
      target: {
        arn: fnRef("arn"),
        role_arn: ref(json, "aws_iam_role", "name", "wordmon-production-nightly-report-scheduler", "arn"),
        retry_policy: { maximum_retry_attempts: 2, maximum_event_age_in_seconds: 3600 },
        dead_letter_config: { arn: dlqArn },
      },
    });
    expect(JSON.parse((schedule.target as { input: string }).input)).toEqual({
      job: "nightly-report",
      schedule: "wordmon-production-nightly-report",
      scheduledTime: "<aws.scheduler.scheduled-time>",
      executionId: "<aws.scheduler.execution-id>",
      attempt: "<aws.scheduler.attempt-number>",
    });
  });

  it("gives the scheduler a role that can only invoke this function and reach its DLQ", () => {
    const role = findResource(json, "aws_iam_role", "name", "wordmon-production-nightly-report-scheduler");
    expect(statements(role.assume_role_policy)).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "scheduler.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
      },
    ]);
    const policy = findResource(
      json,
      "aws_iam_role_policy",
      "role",
      ref(json, "aws_iam_role", "name", "wordmon-production-nightly-report-scheduler", "name"),
    );
    expect(statements(policy.policy)).toEqual([
      { Sid: "InvokeJob", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: fnRef("arn") },
      { Sid: "SendUndelivered", Effect: "Allow", Action: "sqs:SendMessage", Resource: dlqArn },
    ]);
  });

  it("retries failed runs `retries` times and sends the final failure to the DLQ, after the role allows it", () => {
    const [[, config]] = resources(json, "aws_lambda_function_event_invoke_config") as [
      [string, Record<string, unknown>],
    ];
    expect(config).toMatchObject({
      function_name: fnRef("function_name"),
      maximum_retry_attempts: 1,
      maximum_event_age_in_seconds: 3600,
      destination_config: { on_failure: { destination: dlqArn } },
    });
    expect(config.depends_on).toEqual([
      `aws_iam_role_policy.${resources(json, "aws_iam_role_policy").find(([, p]) => p.name === "function")?.[0]}`,
    ]);
  });

  it("keeps failed runs 14 days, encrypted, and alarms to the alerts topic when any wait", () => {
    const dlq = findResource(json, "aws_sqs_queue", "name", "wordmon-production-nightly-report-dlq");
    expect(dlq).toMatchObject({
      message_retention_seconds: 1_209_600,
      sqs_managed_sse_enabled: true,
      max_message_size: 1_048_576,
    });
    const alarm = findResource(
      json,
      "aws_cloudwatch_metric_alarm",
      "alarm_name",
      "wordmon-production-nightly-report-dlq-not-empty",
    );
    const alerts = ref(json, "aws_sns_topic", "name", "wordmon-production-alerts", "arn");
    expect(alarm).toMatchObject({
      namespace: "AWS/SQS",
      metric_name: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: "wordmon-production-nightly-report-dlq" },
      comparison_operator: "GreaterThanThreshold",
      threshold: 0,
      treat_missing_data: "notBreaching",
      alarm_actions: [alerts],
    });
  });

  it("switches schedules by environment: production's flag in production, preview's in pr-<N> and other environments", () => {
    const both = makeProject({
      crons: [
        makeCron("default-policy"),
        makeCron("everywhere", { environments: { production: true, preview: true, development: true } }),
        makeCron("previews-only", { environments: { production: false, preview: true, development: false } }),
      ],
    });
    const state = (env: string) =>
      Object.fromEntries(
        resources(synthEnvironment(both, env), "aws_scheduler_schedule").map(([, s]) => [
          String(s.name).replace(`wordmon-${env}-`, ""),
          s.state,
        ]),
      );
    expect(state("production")).toEqual({
      "default-policy": "ENABLED",
      everywhere: "ENABLED",
      "previews-only": "DISABLED",
    });
    expect(state("pr-42")).toEqual({ "default-policy": "DISABLED", everywhere: "ENABLED", "previews-only": "ENABLED" });
    expect(state("staging")).toEqual({
      "default-policy": "DISABLED",
      everywhere: "ENABLED",
      "previews-only": "ENABLED",
    });
  });
});
