import { CreateTopicCommand, type SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, GetQueueUrlCommand, SetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { DEFAULTS } from "../../definition/defaults";
import { parseDuration } from "../../definition/duration";
import { physicalName } from "../../runtime/names";
import type { LocalProject, LocalQueue } from "../local-project";

/** Where one queue and its DLQ live on the local endpoint. */
export interface LocalQueueAddress {
  readonly name: string;
  readonly physicalName: string;
  readonly url: string;
  readonly arn: string;
  readonly dlqPhysicalName: string;
  readonly dlqUrl: string;
  readonly dlqArn: string;
}

/** SQS's largest message: the stack sets it too (the provider default is 256 KiB). */
const MAX_MESSAGE_BYTES = 1_048_576;

/** Physical name of a queue's dead-letter queue: `<prefix>-<name>-dlq[.fifo]`, as infra names it. */
export function dlqName(prefix: string, queue: string, fifo: boolean): string {
  return physicalName(prefix, `${queue}-dlq`, { fifo });
}

function fifoAttributes(queue: LocalQueue): Record<string, string> {
  if (!queue.fifo) return {};
  return { FifoQueue: "true", ContentBasedDeduplication: String(queue.contentBasedDeduplication) };
}

/**
 * Creates the project's queues, DLQs, topics and subscriptions on the local endpoint with the same
 * attributes as the AWS stack (redrive after maxReceiveCount, visibility timeout, delay, retention,
 * FIFO, raw delivery and filter policies), through the real AWS SDK clients. Creating is idempotent,
 * so a reload calls it again for new jobs.
 */
export async function createLocalResources(
  project: LocalProject,
  clients: { sqs: SQSClient; sns: SNSClient },
  prefix: string,
): Promise<Map<string, LocalQueueAddress>> {
  const addresses = new Map<string, LocalQueueAddress>();
  const dlqRetention = String(parseDuration(DEFAULTS.dlqRetention, "dlqRetention"));
  for (const queue of project.queues) {
    const dlqPhysical = dlqName(prefix, queue.name, queue.fifo);
    const dlq = await ensureQueue(clients.sqs, dlqPhysical, {
      MessageRetentionPeriod: dlqRetention,
      MaximumMessageSize: String(MAX_MESSAGE_BYTES),
      ...fifoAttributes(queue),
    });
    const dlqArn = arnOf(project, dlqPhysical);
    const physical = physicalName(prefix, queue.name, { fifo: queue.fifo });
    const created = await ensureQueue(clients.sqs, physical, {
      VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
      DelaySeconds: String(queue.delaySeconds),
      MessageRetentionPeriod: String(queue.retentionSeconds),
      MaximumMessageSize: String(MAX_MESSAGE_BYTES),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: queue.maxReceiveCount }),
      ...fifoAttributes(queue),
    });
    addresses.set(queue.name, {
      name: queue.name,
      physicalName: physical,
      url: created.QueueUrl as string,
      arn: arnOf(project, physical),
      dlqPhysicalName: dlqPhysical,
      dlqUrl: dlq.QueueUrl as string,
      dlqArn,
    });
  }
  for (const cron of project.crons) {
    // Failed runs (after Lambda's async retries) land here, as in the stack's on-failure destination.
    const dlqPhysical = dlqName(prefix, cron.name, false);
    await ensureQueue(clients.sqs, dlqPhysical, {
      MessageRetentionPeriod: dlqRetention,
      MaximumMessageSize: String(MAX_MESSAGE_BYTES),
    });
  }
  const topicArns = new Map<string, string>();
  for (const topic of project.topics) {
    const created = await clients.sns.send(
      new CreateTopicCommand({
        Name: physicalName(prefix, topic.name, { fifo: topic.fifo }),
        ...(topic.fifo ? { Attributes: { FifoTopic: "true" } } : {}),
      }),
    );
    topicArns.set(topic.name, created.TopicArn as string);
  }
  for (const queue of project.queues) {
    const address = addresses.get(queue.name) as LocalQueueAddress;
    for (const subscription of queue.subscriptions) {
      const topicArn = topicArns.get(subscription.topic);
      if (!topicArn) continue; // discovery already rejects unknown topics
      await clients.sns.send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: "sqs",
          Endpoint: address.arn,
          Attributes: {
            RawMessageDelivery: "true",
            ...(subscription.filter ? { FilterPolicy: JSON.stringify(subscription.filter) } : {}),
          },
        }),
      );
    }
  }
  return addresses;
}

/**
 * CreateQueue, or, when the queue exists with other attributes (a setting changed while the
 * environment runs), SetQueueAttributes with the new ones, like a deploy would.
 */
async function ensureQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<{ QueueUrl?: string }> {
  try {
    return await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  } catch (error) {
    if (!/QueueAlreadyExists|QueueNameExists/.test(String((error as Error).name ?? ""))) throw error;
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    const { FifoQueue: _fifo, ...settable } = attributes;
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: settable }));
    return { QueueUrl };
  }
}

function arnOf(project: LocalProject, physical: string): string {
  return `arn:aws:sqs:${project.region}:000000000000:${physical}`;
}
