import type { SendMessageBatchRequestEntry } from "@aws-sdk/client-sqs";
import type { PayloadOf, QueueContract } from "../../definition/queue";
import { NightshiftError } from "../../errors";
import { getSqsClient } from "../aws-clients";
import { getRuntimeConfig } from "../config";
import { queueUrl } from "../names";
import { contractName } from "./contract-name";
import { checkPayloads, checkSize, messageBytes, SQS_MAX_MESSAGE_BYTES, toBody, toWireAttributes } from "./message";
import { type BatchFailure, type BatchSent, SendBatchError } from "./send-batch-error";
import { checkFifoOptions, delaySeconds, fifoOf, type SendOptions, SQS_MAX_DELAY_SECONDS } from "./send-options";

/** SQS's most entries in one SendMessageBatch request. */
export const SQS_MAX_BATCH_ENTRIES = 10;
/** SQS's largest SendMessageBatch request, all bodies and attributes together: 1 MiB. */
export const SQS_MAX_BATCH_BYTES = 1_048_576;

/** One payload of a batch with its own options. */
export interface BatchEntry<P> {
  readonly payload: P;
  readonly options?: SendOptions;
}

export interface SendBatchResult {
  /** SQS's message ids, in the order of the payloads given. */
  readonly messageIds: string[];
}

/** The entries form is an array of objects whose keys are only `payload` and (optionally) `options`. */
function isEntryList(items: readonly unknown[]): boolean {
  return (
    items.length > 0 &&
    items.every(
      (item) =>
        typeof item === "object" &&
        item !== null &&
        "payload" in item &&
        Object.keys(item).every((key) => key === "payload" || key === "options"),
    )
  );
}

interface Prepared {
  readonly index: number;
  readonly entry: SendMessageBatchRequestEntry;
  readonly bytes: number;
}

/** Groups entries into requests of at most 10 entries and 1 MiB, in order. */
export function splitBatches<T extends { bytes: number }>(entries: readonly T[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const entry of entries) {
    if (current.length === SQS_MAX_BATCH_ENTRIES || (current.length > 0 && size + entry.bytes > SQS_MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(entry);
    size += entry.bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Sends many messages to a queue in as few SQS requests as its limits allow (10 entries and 1 MiB per
 * request). Every payload is validated first; if one is invalid, nothing is sent. If SQS rejects some
 * entries, the rest are still sent and a `SendBatchError` lists the failed indexes and the ids that
 * were sent. On a FIFO queue no request is sent after one with a failure (its later payloads are
 * `NotAttempted`), so nothing overtakes the failed message; SQS itself may still accept the entries
 * after a failed one within the same request, and `error.sent` says which.
 * @example await sendBatch(sendEmail, users.map((u) => ({ to: u.email, subject: "News" })));
 */
export async function sendBatch<C extends QueueContract>(
  contract: C,
  items: readonly PayloadOf<C>[] | readonly BatchEntry<PayloadOf<C>>[],
): Promise<SendBatchResult> {
  const name = contractName(contract, "sendBatch");
  if (!Array.isArray(items)) {
    throw new NightshiftError(
      "E_USAGE",
      `sendBatch(${name}) takes an array of payloads, or of { payload, options } entries (got ${typeof items}).`,
    );
  }
  if (items.length === 0) return { messageIds: [] };
  const entries: BatchEntry<unknown>[] = isEntryList(items)
    ? (items as BatchEntry<unknown>[])
    : (items as unknown[]).map((payload) => ({ payload }));

  const prepared: Prepared[] = [];
  for (const [index, { options = {} }] of entries.entries()) {
    const where = `sendBatch(${name}) payload [${index}]`;
    checkFifoOptions(where, name, contract, options);
    const delay = delaySeconds(where, options.delay);
    if (delay !== undefined && delay > SQS_MAX_DELAY_SECONDS) {
      throw new NightshiftError(
        "E_BAD_OPTION",
        `${where}: delay is ${delay} seconds, over SQS's 15 minutes (900 seconds) for a batch. Send it with send(), which schedules delays over 15 minutes, or shorten the delay.`,
      );
    }
  }
  await checkPayloads(
    "sendBatch",
    name,
    contract,
    entries.map((entry) => entry.payload),
    true,
  );
  for (const [index, { payload, options = {} }] of entries.entries()) {
    const body = toBody("sendBatch", name, payload);
    const attributes = toWireAttributes(options.attributes);
    const bytes = messageBytes(body, attributes);
    checkSize({ verb: "sendBatch", target: name, service: "SQS", bytes, limit: SQS_MAX_MESSAGE_BYTES, index });
    const delay = delaySeconds(name, options.delay);
    prepared.push({
      index,
      bytes,
      entry: {
        Id: String(index),
        MessageBody: body,
        ...(attributes ? { MessageAttributes: attributes } : {}),
        ...(delay !== undefined ? { DelaySeconds: delay } : {}),
        ...(options.groupId ? { MessageGroupId: options.groupId } : {}),
        ...(options.dedupeId ? { MessageDeduplicationId: options.dedupeId } : {}),
      },
    });
  }

  const { fifo } = fifoOf(contract);
  const url = queueUrl(getRuntimeConfig(), name, fifo);
  const [client, { SendMessageBatchCommand }] = await Promise.all([getSqsClient(), import("@aws-sdk/client-sqs")]);
  const sent: BatchSent[] = [];
  const failed: BatchFailure[] = [];
  let firstCause: unknown;

  for (const batch of splitBatches(prepared)) {
    if (fifo && failed.length > 0) {
      for (const { index } of batch) {
        failed.push({
          index,
          code: "NotAttempted",
          message: "an earlier message failed, and a FIFO queue must keep order",
        });
      }
      continue;
    }
    try {
      const result = await client.send(
        new SendMessageBatchCommand({ QueueUrl: url, Entries: batch.map((item) => item.entry) }),
      );
      for (const success of result.Successful ?? []) {
        sent.push({ index: Number(success.Id), messageId: success.MessageId ?? "" });
      }
      for (const failure of result.Failed ?? []) {
        failed.push({
          index: Number(failure.Id),
          code: failure.Code ?? "Unknown",
          message: failure.Message ?? "SQS gave no reason",
        });
      }
    } catch (error) {
      firstCause ??= error;
      const message = error instanceof Error ? error.message : String(error);
      const code = (error as { name?: string }).name ?? "Error";
      for (const { index } of batch) failed.push({ index, code, message });
    }
  }

  if (failed.length > 0) {
    sent.sort((a, b) => a.index - b.index);
    failed.sort((a, b) => a.index - b.index);
    throw new SendBatchError(name, entries.length, sent, failed, firstCause);
  }
  const ids = new Map(sent.map((item) => [item.index, item.messageId]));
  return { messageIds: entries.map((_, index) => ids.get(index) ?? "") };
}
