import { describe, expect, it } from "vitest";
import { makeEnvironment, synthEnvironment } from "./support/environment";
import { config, fakeArtifacts, makeCron, makeProject, makeQueue, richProject } from "./support/fixtures";
import { ACCOUNT, findResource, ref, resources, statements, synthJson, tf } from "./support/terraform-json";

describe("EnvironmentStack", () => {
  it("keeps state in S3 under a key naming the environment, encrypted and locked, with hashicorp/aws and default tags", () => {
    const json = synthEnvironment(makeProject(), "pr-42");
    expect(json.terraform).toEqual({
      backend: {
        s3: {
          bucket: "wordmon-state-test",
          key: "env/pr-42/terraform.tfstate",
          region: "us-east-1",
          encrypt: true,
          use_lockfile: true,
        },
      },
      required_providers: { aws: { source: "hashicorp/aws", version: "6.25.0" } },
      required_version: ">= 1.10.0",
    });
    expect(json.provider.aws).toEqual([
      {
        region: "us-east-1",
        default_tags: [{ tags: { app: "wordmon", environment: "pr-42", "managed-by": "nightshift" } }],
      },
    ]);
  });

  it("gives every function the runtime's env vars", () => {
    const json = synthEnvironment(makeProject({ crons: [makeCron("tick")] }), "pr-42");
    const fn = findResource(json, "aws_lambda_function", "function_name", "wordmon-pr-42-tick");
    expect(fn.environment).toEqual({
      variables: {
        NIGHTSHIFT_ACCOUNT_ID: ACCOUNT,
        NIGHTSHIFT_APP: "wordmon",
        NIGHTSHIFT_ENV: "pr-42",
        NIGHTSHIFT_RESOURCE_PREFIX: "wordmon-pr-42",
        NIGHTSHIFT_SCHEDULER_GROUP: "wordmon-pr-42",
        NIGHTSHIFT_SCHEDULER_ROLE_ARN: ref(json, "aws_iam_role", "name", "wordmon-pr-42-scheduler", "arn"),
        NODE_OPTIONS: "--enable-source-maps",
      },
    });
  });

  it("lets functions send within their environment and create delayed sends with the scheduler role only", () => {
    const json = synthEnvironment(makeProject({ queues: [makeQueue("q")] }), "pr-42");
    const policy = findResource(
      json,
      "aws_iam_role_policy",
      "role",
      ref(json, "aws_iam_role", "name", "wordmon-pr-42-q", "name"),
    );
    const account = ACCOUNT;
    expect(statements(policy.policy).slice(2)).toEqual([
      {
        Sid: "SendWithinEnvironment",
        Effect: "Allow",
        Action: "sqs:SendMessage",
        Resource: `arn:aws:sqs:us-east-1:${account}:wordmon-pr-42-*`,
      },
      {
        Sid: "PublishWithinEnvironment",
        Effect: "Allow",
        Action: "sns:Publish",
        Resource: `arn:aws:sns:us-east-1:${account}:wordmon-pr-42-*`,
      },
      {
        Sid: "CreateDelayedSends",
        Effect: "Allow",
        Action: "scheduler:CreateSchedule",
        Resource: `arn:aws:scheduler:us-east-1:${account}:schedule/wordmon-pr-42/*`,
      },
      {
        Sid: "PassSchedulerRole",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: ref(json, "aws_iam_role", "name", "wordmon-pr-42-scheduler", "arn"),
        Condition: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
      },
    ]);
    const sendRole = findResource(
      json,
      "aws_iam_role_policy",
      "role",
      ref(json, "aws_iam_role", "name", "wordmon-pr-42-scheduler", "name"),
    );
    expect(statements(sendRole.policy)).toEqual([
      {
        Sid: "SendToEnvironmentQueues",
        Effect: "Allow",
        Action: "sqs:SendMessage",
        Resource: `arn:aws:sqs:us-east-1:${account}:wordmon-pr-42-*`,
      },
    ]);
  });

  it("builds ARNs in the region's partition", () => {
    const project = makeProject({ queues: [makeQueue("q")] });
    const china = { ...config, region: "cn-north-1" };
    const json = synthJson(makeEnvironment(project, "production", { config: china }));
    const policy = findResource(
      json,
      "aws_iam_role_policy",
      "role",
      ref(json, "aws_iam_role", "name", "wordmon-production-q", "name"),
    );
    expect(statements(policy.policy).find((s) => s.Sid === "SendWithinEnvironment")?.Resource).toBe(
      `arn:aws-cn:sqs:cn-north-1:${ACCOUNT}:wordmon-production-*`,
    );
  });

  it("creates pull-request roles with the pull-request permissions boundary, and production roles without", () => {
    const project = makeProject({ crons: [makeCron("tick")], queues: [makeQueue("q")] });
    const pr = synthEnvironment(project, "pr-42");
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/wordmon-boundary-pull-requests`;
    const prRoles = resources(pr, "aws_iam_role");
    expect(prRoles).toHaveLength(4);
    for (const [, role] of prRoles) expect(role.permissions_boundary).toBe(boundary);
    expect(makeEnvironment(project, "pr-42").permissionsBoundary).toMatch(/:policy\/wordmon-boundary-pull-requests$/);
    expect(makeEnvironment(project, "production").permissionsBoundary).toBeUndefined();
    for (const [, role] of resources(synthEnvironment(project, "production"), "aws_iam_role")) {
      expect(role.permissions_boundary).toBeUndefined();
    }
  });

  it("subscribes the alert email in production only", () => {
    const email = (env: string) =>
      resources(synthEnvironment(makeProject(), env), "aws_sns_topic_subscription").map(([, s]) => s);
    expect(email("production")).toEqual([expect.objectContaining({ protocol: "email", endpoint: "ops@example.com" })]);
    expect(email("pr-42")).toEqual([]);
    const alerts = findResource(
      synthEnvironment(makeProject(), "pr-42"),
      "aws_sns_topic",
      "name",
      "wordmon-pr-42-alerts",
    );
    expect(alerts.kms_master_key_id).toBeUndefined();
  });

  it("lets extensions add env vars and grants to every function, including system functions added later", () => {
    const project = makeProject({ crons: [makeCron("tick")], queues: [makeQueue("q")] });
    const stack = makeEnvironment(project, "pr-42", { artifacts: fakeArtifacts(project, ["migrate"]) });
    stack.addFunctionEnvironment({ DATABASE_URL: tf("aws_ssm_parameter.url.value") });
    stack.grantFunctions("secrets", [
      {
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: "arn:aws:secretsmanager:us-east-1:1:secret:wordmon-pr-42-*",
      },
    ]);
    const migrate = stack.addSystemFunction("migrate", { timeoutSeconds: 300, memoryMb: 512 });
    expect(migrate.functionName).toBe("wordmon-pr-42-migrate");
    expect(stack.functionRoles).toHaveLength(3);
    const json = synthJson(stack);
    const functions = resources(json, "aws_lambda_function");
    expect(functions).toHaveLength(3);
    for (const [, fn] of functions) {
      expect((fn.environment as { variables: Record<string, string> }).variables.DATABASE_URL).toBe(
        tf("aws_ssm_parameter.url.value"),
      );
      expect(Object.keys((fn.environment as { variables: object }).variables)).toEqual(
        [...Object.keys((fn.environment as { variables: object }).variables)].sort(),
      );
    }
    const grants = resources(json, "aws_iam_role_policy").filter(([, p]) => p.name === "secrets");
    expect(grants).toHaveLength(3);
    expect(findResource(json, "aws_lambda_function", "function_name", "wordmon-pr-42-migrate")).toMatchObject({
      timeout: 300,
      memory_size: 512,
    });
  });

  it("explains a missing bundle", () => {
    const project = makeProject({ crons: [makeCron("tick")] });
    expect(() => makeEnvironment(project, "production", { artifacts: [] })).toThrow(
      'services/cron/tick.ts: no built function "tick" was given to the "production" stack; bundle every job (bundleFunctions) before synth.',
    );
  });

  it("refuses two jobs that would share a physical name", () => {
    const project = makeProject({ queues: [makeQueue("sync")], crons: [makeCron("sync")] });
    expect(() => makeEnvironment(project)).toThrow(
      'services/cron/sync.ts: dead-letter queue needs the queue name "wordmon-production-sync-dlq", which services/queue/sync.ts: dead-letter queue already uses; rename one of the jobs.',
    );
    const dlqClash = makeProject({ queues: [makeQueue("import"), makeQueue("import-dlq")] });
    expect(() => makeEnvironment(dlqClash)).toThrow(
      'services/queue/import-dlq.ts: queue needs the queue name "wordmon-production-import-dlq", which services/queue/import.ts: dead-letter queue already uses; rename one of the jobs.',
    );
  });

  it("validates before creating anything", () => {
    expect(() => makeEnvironment(makeProject({ queues: [makeQueue("q", { batchSize: 11 })] }))).toThrow(
      "services/queue/q.ts: batchSize is 11",
    );
  });

  it("builds a whole environment with the expected resource counts", () => {
    const json = synthEnvironment(richProject(), "pr-9");
    const count = (type: string) => resources(json, type).length;
    expect({
      functions: count("aws_lambda_function"),
      logGroups: count("aws_cloudwatch_log_group"),
      queues: count("aws_sqs_queue"),
      topics: count("aws_sns_topic"),
      schedules: count("aws_scheduler_schedule"),
      mappings: count("aws_lambda_event_source_mapping"),
      invokeConfigs: count("aws_lambda_function_event_invoke_config"),
      alarms: count("aws_cloudwatch_metric_alarm"),
      roles: count("aws_iam_role"),
      subscriptions: count("aws_sns_topic_subscription"),
    }).toEqual({
      functions: 5,
      logGroups: 5,
      queues: 8,
      topics: 3,
      schedules: 2,
      mappings: 3,
      invokeConfigs: 2,
      alarms: 5,
      roles: 8,
      subscriptions: 2,
    });
  });
});
