import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping/index.js";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription/index.js";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue/index.js";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy/index.js";
import { SqsQueueRedriveAllowPolicy } from "@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy/index.js";
import { Construct } from "constructs";
import type { ParsedQueue } from "nightshift/internal/discovery/types";
import { NightshiftError } from "nightshift/internal/errors";
import { policyJson } from "../policy";
import { DeadLetterQueue, MAX_MESSAGE_BYTES } from "./dead-letter-queue";
import type { EnvironmentContext, FunctionArtifact } from "./environment-context";
import { JobFunction } from "./job-function";
import type { JobTopic } from "./job-topic";

/** Actions an SQS event source mapping needs on its queue (Lambda checks them when the mapping is created). */
export const CONSUME_ACTIONS = [
  "sqs:ReceiveMessage",
  "sqs:DeleteMessage",
  "sqs:GetQueueAttributes",
  "sqs:ChangeMessageVisibility",
] as const;

export interface QueueConsumerProps {
  readonly context: EnvironmentContext;
  readonly queue: ParsedQueue;
  readonly artifact: FunctionArtifact;
  /** The environment's topics by job name; every subscription must find its topic here. */
  readonly topics: ReadonlyMap<string, JobTopic>;
}

/**
 * A queue and its consumer: the SQS queue (encrypted, 1 MiB messages, visibility 6× the function
 * timeout) with a DLQ after `retries + 1` receives, the handler function, the event source mapping
 * that reports partial batch failures and caps concurrency, and the subscriptions to its topics.
 */
export class QueueConsumer extends Construct {
  readonly queue: SqsQueue;
  readonly queueName: string;
  readonly deadLetterQueue: DeadLetterQueue;
  readonly function: JobFunction;
  readonly eventSourceMapping: LambdaEventSourceMapping;
  readonly subscriptions: SnsTopicSubscription[] = [];
  readonly queuePolicy?: SqsQueuePolicy;

  constructor(scope: Construct, id: string, props: QueueConsumerProps) {
    super(scope, id);
    const { context, queue } = props;
    const fifo = queue.fifo;

    this.deadLetterQueue = new DeadLetterQueue(this, "dlq", {
      context,
      job: queue.name,
      file: queue.file,
      holds: `messages that failed ${queue.maxReceiveCount} deliveries`,
      fifo,
    });
    this.queueName = context.naming.claim("queue", queue.name, `${queue.file}: queue`, { fifo });
    this.queue = new SqsQueue(this, "queue", {
      name: this.queueName,
      sqsManagedSseEnabled: true,
      maxMessageSize: MAX_MESSAGE_BYTES,
      messageRetentionSeconds: queue.retentionSeconds,
      visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds,
      delaySeconds: queue.delaySeconds,
      ...(fifo ? { fifoQueue: true, contentBasedDeduplication: queue.contentBasedDeduplication } : {}),
      redrivePolicy: JSON.stringify({
        deadLetterTargetArn: this.deadLetterQueue.queue.arn,
        maxReceiveCount: queue.maxReceiveCount,
      }),
    });
    new SqsQueueRedriveAllowPolicy(this, "dlq-redrive-allow", {
      queueUrl: this.deadLetterQueue.queue.url,
      redriveAllowPolicy: JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [this.queue.arn] }),
    });

    this.function = new JobFunction(this, "function", {
      context,
      job: queue.name,
      file: queue.handlerFile,
      artifact: props.artifact,
      timeoutSeconds: queue.timeoutSeconds,
      memoryMb: queue.memoryMb,
      statements: [{ Sid: "ConsumeOwnQueue", Effect: "Allow", Action: [...CONSUME_ACTIONS], Resource: this.queue.arn }],
    });

    this.eventSourceMapping = new LambdaEventSourceMapping(this, "events", {
      eventSourceArn: this.queue.arn,
      functionName: this.function.function.arn,
      batchSize: queue.batchSize,
      // FIFO event sources take no batching window.
      ...(fifo ? {} : { maximumBatchingWindowInSeconds: queue.batchWindowSeconds }),
      functionResponseTypes: ["ReportBatchItemFailures"],
      scalingConfig: { maximumConcurrency: queue.concurrency },
      dependsOn: [this.function.policy],
    });

    if (queue.subscriptions.length > 0) {
      const topicArns = queue.subscriptions.map(
        (subscription) => topicFor(props.topics, subscription.topic, queue.file).topic.arn,
      );
      this.queuePolicy = new SqsQueuePolicy(this, "topic-policy", {
        queueUrl: this.queue.url,
        policy: policyJson([
          {
            Sid: "TopicsDeliver",
            Effect: "Allow",
            Principal: { Service: "sns.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: this.queue.arn,
            Condition: { ArnEquals: { "aws:SourceArn": topicArns } },
          },
        ]),
      });
      for (const subscription of queue.subscriptions) {
        const topic = topicFor(props.topics, subscription.topic, queue.file);
        this.subscriptions.push(
          new SnsTopicSubscription(this, `subscription-${subscription.topic}`, {
            topicArn: topic.topic.arn,
            protocol: "sqs",
            endpoint: this.queue.arn,
            rawMessageDelivery: true,
            ...(subscription.filter
              ? { filterPolicy: JSON.stringify(subscription.filter), filterPolicyScope: "MessageAttributes" }
              : {}),
            // Deliveries before the queue policy exists would be dropped.
            dependsOn: [this.queuePolicy],
          }),
        );
      }
    }
  }
}

function topicFor(topics: ReadonlyMap<string, JobTopic>, name: string, file: string): JobTopic {
  const topic = topics.get(name);
  if (!topic) {
    throw new NightshiftError(
      "E_UNKNOWN_TOPIC",
      `${file}: subscribe names the topic "${name}", which is not in services/topic/; add services/topic/${name}.ts or remove the subscription.`,
    );
  }
  return topic;
}
