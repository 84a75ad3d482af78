import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic/index.js";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription/index.js";
import { Construct } from "constructs";
import type { Naming } from "../naming";

export interface AlertsProps {
  readonly naming: Naming;
  /** Subscribed by email when given (the address must confirm once). */
  readonly email?: string;
}

/**
 * The environment's alerts topic (`<app>-<env>-alerts`), the action of every alarm.
 *
 * Not encrypted with `alias/aws/sns`: CloudWatch alarms cannot publish to a topic encrypted with the
 * AWS-managed key (its key policy does not admit CloudWatch), and a customer-managed key per
 * environment would cost more than the alarm metadata it would protect.
 */
export class Alerts extends Construct {
  readonly topic: SnsTopic;
  readonly emailSubscription?: SnsTopicSubscription;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    const name = props.naming.claim("topic", "alerts", "the environment's alerts topic");
    this.topic = new SnsTopic(this, "topic", { name });
    if (props.email) {
      this.emailSubscription = new SnsTopicSubscription(this, "email", {
        topicArn: this.topic.arn,
        protocol: "email",
        endpoint: props.email,
      });
    }
  }
}
