import { createHash } from "node:crypto";
import type { PayloadOf } from "../../definition/queue";
import type { TopicDefinition } from "../../definition/topic";
import { NightshiftError } from "../../errors";
import { getSnsClient } from "../aws-clients";
import { getRuntimeConfig } from "../config";
import { topicArn } from "../names";
import { contractName } from "./contract-name";
import {
  checkPayloads,
  checkSize,
  type MessageAttributes,
  messageBytes,
  SNS_MAX_MESSAGE_BYTES,
  toBody,
  toWireAttributes,
} from "./message";

export interface PublishOptions {
  /** Metadata beside the payload: subscription filter policies match on these. At most 10. */
  readonly attributes?: MessageAttributes;
  /** FIFO topics: the message group. Required on FIFO topics. */
  readonly groupId?: string;
  /** FIFO topics: the deduplication id. @default a SHA-256 of the body (content-based) */
  readonly dedupeId?: string;
}

/**
 * Publishes one message to a topic; SNS delivers it to every subscribed queue whose filter matches.
 * The payload is checked against the topic's schema first.
 * @example await publish(userEvents, { kind: "signup", userId }, { attributes: { kind: "signup" } });
 */
export async function publish<T extends TopicDefinition>(
  topic: T,
  payload: PayloadOf<T>,
  options: PublishOptions = {},
): Promise<{ readonly messageId: string }> {
  const name = contractName(topic, "publish");
  const fifo = Boolean(topic.options.fifo);
  if (fifo && !options.groupId) {
    throw new NightshiftError(
      "E_BAD_OPTION",
      `publish(${name}): ${name} is a FIFO topic, so every message needs a groupId. Pass { groupId: "<e.g. the customer id>" }.`,
    );
  }
  await checkPayloads("publish", name, topic, [payload], false);
  const body = toBody("publish", name, payload);
  const attributes = toWireAttributes(options.attributes);
  checkSize({
    verb: "publish",
    target: name,
    service: "SNS",
    bytes: messageBytes(body, attributes),
    limit: SNS_MAX_MESSAGE_BYTES,
  });
  const arn = topicArn(getRuntimeConfig(), name, fifo);
  const [client, { PublishCommand }] = await Promise.all([getSnsClient(), import("@aws-sdk/client-sns")]);
  try {
    const result = await client.send(
      new PublishCommand({
        TopicArn: arn,
        Message: body,
        ...(attributes ? { MessageAttributes: attributes } : {}),
        ...(fifo
          ? {
              MessageGroupId: options.groupId,
              MessageDeduplicationId: options.dedupeId ?? createHash("sha256").update(body).digest("hex"),
            }
          : {}),
      }),
    );
    return { messageId: result.MessageId ?? "" };
  } catch (error) {
    throw new NightshiftError(
      "E_SEND_FAILED",
      `publish(${name}): SNS rejected the message (${error instanceof Error ? error.message : String(error)}); it was not published. Topic: ${arn}.`,
      { cause: error },
    );
  }
}
