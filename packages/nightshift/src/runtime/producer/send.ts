import type { PayloadOf, QueueContract } from "../../definition/queue";
import { NightshiftError } from "../../errors";
import { getSqsClient } from "../aws-clients";
import { getRuntimeConfig } from "../config";
import { queueUrl } from "../names";
import { contractName } from "./contract-name";
import { type ScheduledDelivery, scheduleDelivery } from "./long-delay";
import { checkPayloads, checkSize, messageBytes, SQS_MAX_MESSAGE_BYTES, toBody, toWireAttributes } from "./message";
import { checkFifoOptions, delaySeconds, fifoOf, type SendOptions, SQS_MAX_DELAY_SECONDS } from "./send-options";

/** What `send()` resolves with: SQS's message id, or the one-time schedule for a long delay. */
export type SendResult =
  | { readonly messageId: string; readonly scheduleName?: undefined; readonly deliverAt?: undefined }
  | ({ readonly messageId?: undefined } & ScheduledDelivery);

/**
 * Sends one message to a queue. The payload type comes from the contract, and the payload is checked
 * against its schema before anything is sent.
 * @example await send(sendEmail, { to: "ada@example.com", subject: "Hi" }, { delay: "10 minutes" });
 */
export async function send<C extends QueueContract>(
  contract: C,
  payload: PayloadOf<C>,
  options: SendOptions = {},
): Promise<SendResult> {
  const name = contractName(contract, "send");
  const where = `send(${name})`;
  checkFifoOptions(where, name, contract, options);
  const delay = delaySeconds(where, options.delay);
  await checkPayloads("send", name, contract, [payload], false);
  const body = toBody("send", name, payload);
  const attributes = toWireAttributes(options.attributes);
  checkSize({
    verb: "send",
    target: name,
    service: "SQS",
    bytes: messageBytes(body, attributes),
    limit: SQS_MAX_MESSAGE_BYTES,
  });
  const { fifo } = fifoOf(contract);
  const url = queueUrl(getRuntimeConfig(), name, fifo);

  if (delay !== undefined && delay > SQS_MAX_DELAY_SECONDS) {
    return scheduleDelivery({ verb: "send", queue: name, queueUrl: url, body, attributes, delaySeconds: delay });
  }

  const [client, { SendMessageCommand }] = await Promise.all([getSqsClient(), import("@aws-sdk/client-sqs")]);
  try {
    const result = await client.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: body,
        ...(attributes ? { MessageAttributes: attributes } : {}),
        ...(delay !== undefined ? { DelaySeconds: delay } : {}),
        ...(options.groupId ? { MessageGroupId: options.groupId } : {}),
        ...(options.dedupeId ? { MessageDeduplicationId: options.dedupeId } : {}),
      }),
    );
    return { messageId: result.MessageId ?? "" };
  } catch (error) {
    throw new NightshiftError(
      "E_SEND_FAILED",
      `send(${name}): SQS rejected the message (${error instanceof Error ? error.message : String(error)}); it was not sent. Queue: ${url}.`,
      { cause: error },
    );
  }
}
