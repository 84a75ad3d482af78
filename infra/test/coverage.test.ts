import { describe, expect, it } from "vitest";
import { EXTENSIONS } from "../extensions";
import { synthApp } from "./support/app";
import { richProject } from "./support/fixtures";
import { resources } from "./support/terraform-json";

/**
 * Whatever the project holds: every function has its log group with a retention, every queue a DLQ
 * (and every DLQ an alarm), every schedule a retry policy and a DLQ, every cron function async
 * retries with an on-failure destination, and every mapping reports partial failures with a cap.
 */
describe("every function, queue and schedule is covered", () => {
  // With every registered extension, so their functions (database provisioner, migrator) are covered too.
  process.env.NIGHTSHIFT_GIT_BRANCH ??= "feature/coverage-check";
  const { stacks } = synthApp(richProject(), ["production", "pr-42"], EXTENSIONS);

  for (const env of ["production", "pr-42"]) {
    const json = stacks[env]!;
    const refOf = (type: string, id: string, attr: string) => `\${${type}.${id}.${attr}}`;

    it(`${env}: functions have their own log group with a retention`, () => {
      const logGroups = resources(json, "aws_cloudwatch_log_group");
      const functions = resources(json, "aws_lambda_function");
      expect(functions.length).toBeGreaterThanOrEqual(5);
      for (const [, fn] of functions) {
        const group = logGroups.find(([, g]) => g.name === `/aws/lambda/${fn.function_name}`);
        expect(group, String(fn.function_name)).toBeDefined();
        expect(group?.[1].retention_in_days).toBeGreaterThan(0);
        expect(fn.logging_config).toEqual({
          log_format: "JSON",
          log_group: refOf("aws_cloudwatch_log_group", group![0], "name"),
        });
        expect(fn.depends_on).toContain(`aws_cloudwatch_log_group.${group![0]}`);
      }
    });

    it(`${env}: queues redrive to a DLQ, and every DLQ keeps 14 days and has an alarm`, () => {
      const queues = resources(json, "aws_sqs_queue");
      const isDlq = (name: unknown) => /-dlq(\.fifo)?$/.test(String(name));
      const alarms = resources(json, "aws_cloudwatch_metric_alarm").map(
        ([, a]) => (a.dimensions as { QueueName: string }).QueueName,
      );
      for (const [id, queue] of queues) {
        expect(queue.sqs_managed_sse_enabled).toBe(true);
        expect(queue.max_message_size).toBe(1_048_576);
        if (isDlq(queue.name)) {
          expect(queue.message_retention_seconds).toBe(1_209_600);
          expect(alarms).toContain(queue.name);
          continue;
        }
        const redrive = JSON.parse(queue.redrive_policy as string) as {
          deadLetterTargetArn: string;
          maxReceiveCount: number;
        };
        const dlq = queues.find(([dlqId]) => refOf("aws_sqs_queue", dlqId, "arn") === redrive.deadLetterTargetArn);
        expect(isDlq(dlq?.[1].name), `${id} redrives to a DLQ of this stack`).toBe(true);
        expect(redrive.maxReceiveCount).toBeGreaterThanOrEqual(1);
        expect(Number(queue.visibility_timeout_seconds)).toBeGreaterThan(0);
      }
    });

    it(`${env}: schedules retry explicitly and have a DLQ; their functions retry with an on-failure destination`, () => {
      const invokeConfigs = resources(json, "aws_lambda_function_event_invoke_config").map(([, c]) => c);
      const functions = resources(json, "aws_lambda_function");
      for (const [, schedule] of resources(json, "aws_scheduler_schedule")) {
        const target = schedule.target as { arn: string; retry_policy?: object; dead_letter_config?: { arn: string } };
        expect(target.retry_policy).toEqual({ maximum_retry_attempts: 2, maximum_event_age_in_seconds: 3600 });
        expect(target.dead_letter_config?.arn).toMatch(/^\$\{aws_sqs_queue\./);
        const fn = functions.find(([id]) => refOf("aws_lambda_function", id, "arn") === target.arn);
        expect(fn).toBeDefined();
        const config = invokeConfigs.find(
          (c) => c.function_name === refOf("aws_lambda_function", fn![0], "function_name"),
        );
        expect(config?.destination_config).toEqual({ on_failure: { destination: target.dead_letter_config?.arn } });
        expect(typeof config?.maximum_retry_attempts).toBe("number");
      }
    });

    it(`${env}: event source mappings report batch item failures and cap concurrency`, () => {
      for (const [, mapping] of resources(json, "aws_lambda_event_source_mapping")) {
        expect(mapping.function_response_types).toEqual(["ReportBatchItemFailures"]);
        expect((mapping.scaling_config as { maximum_concurrency: number }).maximum_concurrency).toBeGreaterThanOrEqual(
          2,
        );
      }
    });
  }
});
