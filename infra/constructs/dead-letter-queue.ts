import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue/index.js";
import { Construct } from "constructs";
import { DEFAULTS } from "nightshift/internal/definition/defaults";
import { parseDuration } from "nightshift/internal/definition/duration";
import type { EnvironmentContext } from "./environment-context";

/** SQS's largest message: 1 MiB (the provider's default is 256 KiB). */
export const MAX_MESSAGE_BYTES = 1_048_576;

export interface DeadLetterQueueProps {
  readonly context: EnvironmentContext;
  readonly job: string;
  readonly file: string;
  /** What ends up here, for the alarm's description. */
  readonly holds: string;
  readonly fifo?: boolean;
}

/**
 * A job's dead-letter queue (`<app>-<env>-<job>-dlq`): encrypted, 1 MiB messages, kept 14 days, and
 * an alarm to the alerts topic as soon as it holds a message.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: SqsQueue;
  readonly alarm: CloudwatchMetricAlarm;
  readonly queueName: string;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    const { context, job, file } = props;
    const fifo = props.fifo ?? false;
    this.queueName = context.naming.claim("queue", job, `${file}: dead-letter queue`, { suffix: "-dlq", fifo });
    this.queue = new SqsQueue(this, "queue", {
      name: this.queueName,
      sqsManagedSseEnabled: true,
      maxMessageSize: MAX_MESSAGE_BYTES,
      messageRetentionSeconds: parseDuration(DEFAULTS.dlqRetention, "DEFAULTS.dlqRetention"),
      ...(fifo ? { fifoQueue: true } : {}),
    });
    const alarmName = context.naming.claim("alarm", job, `${file}: dead-letter alarm`, { suffix: "-dlq-not-empty" });
    this.alarm = new CloudwatchMetricAlarm(this, "alarm", {
      alarmName,
      alarmDescription: `${file}: ${props.holds} are waiting in ${this.queueName}. Inspect them, fix the cause, then redrive or delete them.`,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: this.queueName },
      statistic: "Maximum",
      period: 60,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      // An idle queue stops reporting metrics; no data means nothing is waiting.
      treatMissingData: "notBreaching",
      alarmActions: [context.alertsTopicArn],
      okActions: [context.alertsTopicArn],
      dependsOn: [this.queue],
    });
  }
}
