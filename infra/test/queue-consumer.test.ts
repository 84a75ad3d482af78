import { describe, expect, it } from "vitest";
import { QueueConsumer } from "../constructs/queue-consumer";
import { makeEnvironment, synthEnvironment } from "./support/environment";
import { fakeArtifacts, makeProject, makeQueue, makeTopic } from "./support/fixtures";
import { findResource, ref, resources, statements } from "./support/terraform-json";

describe("QueueConsumer", () => {
  const project = makeProject({
    topics: [makeTopic("user-events"), makeTopic("audit")],
    queues: [
      makeQueue("send-email", {
        timeoutSeconds: 45,
        retries: 4,
        maxReceiveCount: 5,
        visibilityTimeoutSeconds: 270,
        batchSize: 200,
        batchWindowSeconds: 5,
        concurrency: 7,
        delaySeconds: 30,
        retentionSeconds: 86_400,
        subscriptions: [{ topic: "user-events", filter: { kind: ["signup"] } }, { topic: "audit" }],
      }),
    ],
  });
  const json = synthEnvironment(project, "pr-7");
  const queueArn = ref(json, "aws_sqs_queue", "name", "wordmon-pr-7-send-email", "arn");
  const dlqArn = ref(json, "aws_sqs_queue", "name", "wordmon-pr-7-send-email-dlq", "arn");

  it("creates an encrypted 1 MiB queue with visibility 6× the timeout, the job's retention and delay, redriving to its DLQ", () => {
    const queue = findResource(json, "aws_sqs_queue", "name", "wordmon-pr-7-send-email");
    expect(queue).toMatchObject({
      sqs_managed_sse_enabled: true,
      max_message_size: 1_048_576,
      visibility_timeout_seconds: 270,
      message_retention_seconds: 86_400,
      delay_seconds: 30,
    });
    expect(JSON.parse(queue.redrive_policy as string)).toEqual({ deadLetterTargetArn: dlqArn, maxReceiveCount: 5 });
    expect(queue.fifo_queue).toBeUndefined();
  });

  it("keeps dead letters 14 days and lets only its own queue redrive into the DLQ", () => {
    const dlq = findResource(json, "aws_sqs_queue", "name", "wordmon-pr-7-send-email-dlq");
    expect(dlq).toMatchObject({
      message_retention_seconds: 1_209_600,
      sqs_managed_sse_enabled: true,
      max_message_size: 1_048_576,
    });
    const [[, allow]] = resources(json, "aws_sqs_queue_redrive_allow_policy") as [[string, Record<string, unknown>]];
    expect(allow.queue_url).toBe(ref(json, "aws_sqs_queue", "name", "wordmon-pr-7-send-email-dlq", "url"));
    expect(JSON.parse(allow.redrive_allow_policy as string)).toEqual({
      redrivePermission: "byQueue",
      sourceQueueArns: [queueArn],
    });
  });

  it("maps the queue to the function with partial batch failures, batch size and window, and max concurrency", () => {
    const [[, mapping]] = resources(json, "aws_lambda_event_source_mapping") as [[string, Record<string, unknown>]];
    expect(mapping).toMatchObject({
      event_source_arn: queueArn,
      function_name: ref(json, "aws_lambda_function", "function_name", "wordmon-pr-7-send-email", "arn"),
      batch_size: 200,
      maximum_batching_window_in_seconds: 5,
      function_response_types: ["ReportBatchItemFailures"],
      scaling_config: { maximum_concurrency: 7 },
    });
    // Lambda checks the role's SQS rights when it creates the mapping.
    expect(mapping.depends_on).toHaveLength(1);
    expect(String((mapping.depends_on as string[])[0])).toMatch(/^aws_iam_role_policy\./);
  });

  it("lets the consumer receive from its own queue only", () => {
    const policy = findResource(
      json,
      "aws_iam_role_policy",
      "role",
      ref(json, "aws_iam_role", "name", "wordmon-pr-7-send-email", "name"),
    );
    expect(statements(policy.policy)[1]).toEqual({
      Sid: "ConsumeOwnQueue",
      Effect: "Allow",
      Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"],
      Resource: queueArn,
    });
  });

  it("subscribes to its topics with raw delivery and filters, after a queue policy that admits exactly those topics", () => {
    const userEvents = ref(json, "aws_sns_topic", "name", "wordmon-pr-7-user-events", "arn");
    const audit = ref(json, "aws_sns_topic", "name", "wordmon-pr-7-audit", "arn");
    const [[policyId, queuePolicy]] = resources(json, "aws_sqs_queue_policy") as [[string, Record<string, unknown>]];
    expect(queuePolicy.queue_url).toBe(ref(json, "aws_sqs_queue", "name", "wordmon-pr-7-send-email", "url"));
    expect(statements(queuePolicy.policy)).toEqual([
      {
        Sid: "TopicsDeliver",
        Effect: "Allow",
        Principal: { Service: "sns.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: queueArn,
        Condition: { ArnEquals: { "aws:SourceArn": [userEvents, audit] } },
      },
    ]);
    const subscriptions = resources(json, "aws_sns_topic_subscription")
      .map(([, s]) => s)
      .sort((a) => (a.topic_arn === userEvents ? -1 : 1));
    expect(subscriptions).toEqual([
      expect.objectContaining({
        topic_arn: userEvents,
        protocol: "sqs",
        endpoint: queueArn,
        raw_message_delivery: true,
        filter_policy: JSON.stringify({ kind: ["signup"] }),
        filter_policy_scope: "MessageAttributes",
        depends_on: [`aws_sqs_queue_policy.${policyId}`],
      }),
      expect.objectContaining({
        topic_arn: audit,
        raw_message_delivery: true,
        depends_on: [`aws_sqs_queue_policy.${policyId}`],
      }),
    ]);
    expect(subscriptions[1]?.filter_policy).toBeUndefined();
  });

  it("makes FIFO queues and their DLQs end in .fifo, takes no batching window, and keeps content-based dedupe", () => {
    const fifo = synthEnvironment(
      makeProject({
        topics: [makeTopic("orders", { fifo: true })],
        queues: [
          makeQueue("fulfil-order", {
            fifo: true,
            contentBasedDeduplication: true,
            subscriptions: [{ topic: "orders" }],
          }),
        ],
      }),
    );
    expect(findResource(fifo, "aws_sqs_queue", "name", "wordmon-production-fulfil-order.fifo")).toMatchObject({
      fifo_queue: true,
      content_based_deduplication: true,
    });
    expect(findResource(fifo, "aws_sqs_queue", "name", "wordmon-production-fulfil-order-dlq.fifo")).toMatchObject({
      fifo_queue: true,
    });
    expect(findResource(fifo, "aws_sns_topic", "name", "wordmon-production-orders.fifo")).toMatchObject({
      fifo_topic: true,
    });
    const [[, mapping]] = resources(fifo, "aws_lambda_event_source_mapping") as [[string, Record<string, unknown>]];
    expect(mapping.maximum_batching_window_in_seconds).toBeUndefined();
    // The function keeps the plain name: Lambda names take no ".fifo".
    findResource(fifo, "aws_lambda_function", "function_name", "wordmon-production-fulfil-order");
  });

  it("refuses a subscription to a topic the environment does not have, even when built directly", () => {
    const stack = makeEnvironment(makeProject());
    const context = {
      naming: stack.naming,
      arns: stack.arns,
      logRetentionDays: 30,
      functionEnvironment: {},
      functionStatements: [],
      alertsTopicArn: stack.alerts.topic.arn,
    };
    const queue = makeQueue("orphan", { subscriptions: [{ topic: "gone" }] });
    const [artifact] = fakeArtifacts(makeProject({ queues: [queue] }));
    expect(
      () => new QueueConsumer(stack, "orphan", { context, queue, artifact: artifact!, topics: new Map() }),
    ).toThrow(
      'services/queue/orphan.ts: subscribe names the topic "gone", which is not in services/topic/; add services/topic/gone.ts or remove the subscription.',
    );
  });

  it("alarms when its DLQ holds messages", () => {
    const alarm = findResource(
      json,
      "aws_cloudwatch_metric_alarm",
      "alarm_name",
      "wordmon-pr-7-send-email-dlq-not-empty",
    );
    expect(alarm).toMatchObject({ dimensions: { QueueName: "wordmon-pr-7-send-email-dlq" }, threshold: 0 });
  });
});

describe("JobTopic", () => {
  it("encrypts every topic with the AWS-managed SNS key", () => {
    const json = synthEnvironment(makeProject({ topics: [makeTopic("user-events")] }));
    expect(findResource(json, "aws_sns_topic", "name", "wordmon-production-user-events")).toEqual(
      expect.objectContaining({ kms_master_key_id: "alias/aws/sns" }),
    );
  });
});
