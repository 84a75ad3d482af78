import { describe, expect, it } from "vitest";
import { synthEnvironment } from "./support/environment";
import { makeCron, makeProject, makeQueue, makeTopic } from "./support/fixtures";

/**
 * Terraform addresses are the identity of deployed resources: a changed construct id means a
 * destroy and a create. This pins them, so a refactor that renames one fails here first.
 */
describe("resource addresses", () => {
  it("stay the same for the same jobs", () => {
    const json = synthEnvironment(
      makeProject({
        topics: [makeTopic("events")],
        queues: [makeQueue("send-email", { subscriptions: [{ topic: "events" }] })],
        crons: [makeCron("nightly")],
      }),
      "production",
    );
    const addresses = Object.entries(json.resource).flatMap(([type, byId]) =>
      Object.keys(byId).map((id) => `${type}.${id}`),
    );
    expect(addresses.sort()).toMatchInlineSnapshot(`
      [
        "aws_cloudwatch_log_group.cron-nightly_function_logs_E3E10AD3",
        "aws_cloudwatch_log_group.queue-send-email_function_logs_6B1DE60E",
        "aws_cloudwatch_metric_alarm.cron-nightly_dlq_alarm_24ABB459",
        "aws_cloudwatch_metric_alarm.queue-send-email_dlq_alarm_CCF8310F",
        "aws_iam_role.cron-nightly_function_role_898B72EF",
        "aws_iam_role.cron-nightly_scheduler-role_E1B5B27A",
        "aws_iam_role.queue-send-email_function_role_4DE1D084",
        "aws_iam_role.scheduling_send-role_A4916D41",
        "aws_iam_role_policy.cron-nightly_function_policy_5099735F",
        "aws_iam_role_policy.cron-nightly_scheduler-policy_FF8CAD8F",
        "aws_iam_role_policy.queue-send-email_function_policy_2708F03D",
        "aws_iam_role_policy.scheduling_send-policy_084D0D9E",
        "aws_lambda_event_source_mapping.queue-send-email_events_4ADD04C5",
        "aws_lambda_function.cron-nightly_function_BF14D1E5",
        "aws_lambda_function.queue-send-email_function_39542D4B",
        "aws_lambda_function_event_invoke_config.cron-nightly_async_A41E7CEA",
        "aws_scheduler_schedule.cron-nightly_schedule_48C99E67",
        "aws_scheduler_schedule_group.scheduling_group_809AF5A4",
        "aws_sns_topic.alerts_topic_3313844B",
        "aws_sns_topic.topic-events_topic_822D1A97",
        "aws_sns_topic_subscription.alerts_email_9053A621",
        "aws_sns_topic_subscription.queue-send-email_subscription-events_546A408C",
        "aws_sqs_queue.cron-nightly_dlq_queue_F89E918F",
        "aws_sqs_queue.queue-send-email_dlq_queue_B9DFAF6E",
        "aws_sqs_queue.queue-send-email_queue_8346A82E",
        "aws_sqs_queue_policy.queue-send-email_topic-policy_0E3944AF",
        "aws_sqs_queue_redrive_allow_policy.queue-send-email_dlq-redrive-allow_07F1D8C0",
      ]
    `);
  });
});
