import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic/index.js";
import { Construct } from "constructs";
import type { ParsedTopic } from "nightshift/internal/discovery/types";
import type { EnvironmentContext } from "./environment-context";

/** The AWS-managed SNS key: encryption at rest at no key cost; SNS may still deliver to SSE-SQS queues. */
export const TOPIC_KMS_KEY = "alias/aws/sns";

export interface JobTopicProps {
  readonly context: EnvironmentContext;
  readonly topic: ParsedTopic;
}

/** A fan-out topic (`<app>-<env>-<name>[.fifo]`), encrypted. Queues subscribe themselves to it. */
export class JobTopic extends Construct {
  readonly topic: SnsTopic;
  readonly topicName: string;

  constructor(scope: Construct, id: string, props: JobTopicProps) {
    super(scope, id);
    const { context, topic } = props;
    this.topicName = context.naming.claim("topic", topic.name, `${topic.file}: topic`, { fifo: topic.fifo });
    this.topic = new SnsTopic(this, "topic", {
      name: this.topicName,
      kmsMasterKeyId: TOPIC_KMS_KEY,
      ...(topic.fifo ? { fifoTopic: true } : {}),
    });
  }
}
