import { DEFAULTS } from "../../definition/defaults";
import type { QueueHandlerDefinition } from "../../definition/handle";
import type { MessageContext } from "../context";
import { createLogger, type Logger, type LogSink, stdoutSink } from "../logger";
import { createOnce } from "../once";
import { formatIssues, validatePayload } from "../validate";
import { deadlineSignal } from "./deadline-signal";
import { type Clock, systemClock } from "./run-clock";
import type { LambdaContext, SQSBatchResponse, SQSEvent, SQSRecord } from "./types";

/**
 * Records of a standard queue handled at once. Standard queues promise no order, so a batch runs
 * concurrently, bounded so a 10,000-record batch (with a batching window) does not open 10,000
 * handlers, and so one Lambda's database connection is not swamped. FIFO message groups run
 * concurrently up to the same bound; records within a group run one after another.
 */
export const RECORD_CONCURRENCY = 10;

export interface QueueHandlerOptions {
  /** The queue's job name (its file name). */
  readonly name: string;
  /** FIFO queue: records of a message group run in order, and a failure fails the rest of its group. */
  readonly fifo: boolean;
  /** Where log lines go. @default stdout, one JSON object per line (Lambda's JSON log format) */
  readonly logSink?: LogSink;
  /** Clock for durations and log timestamps. @default Date.now */
  readonly clock?: Clock;
}

export type QueueHandler = (event: SQSEvent, context: LambdaContext) => Promise<SQSBatchResponse>;

type RecordOutcome = "ok" | "failed" | "poison" | "skipped";

const loadSql = async () => (await import("../db")).getSql();

function stringAttributes(record: SQSRecord): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [name, attribute] of Object.entries(record.messageAttributes ?? {})) {
    const value = attribute.stringValue ?? attribute.binaryValue;
    if (value !== undefined) attributes[name] = value;
  }
  return attributes;
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

/**
 * Wraps a queue handler as a Lambda handler for an SQS event source mapping with
 * `ReportBatchItemFailures`. Each record's body is the JSON payload itself; it is parsed, checked
 * against the contract's schema and handed to the handler. The result names exactly the records
 * that failed: a handler that threw, a poison message (invalid JSON or rejected by the schema; its
 * reason is logged and SQS moves it to the DLQ after the last retry), and for FIFO every later record
 * of a group that had a failure. The batch itself never throws.
 * @example export const handler = createQueueHandler(sendEmailHandler, { name: "send-email", fifo: false });
 */
export function createQueueHandler(definition: QueueHandlerDefinition, options: QueueHandlerOptions): QueueHandler {
  const clock = options.clock ?? systemClock;
  const sink = options.logSink ?? stdoutSink;
  const now = () => new Date(clock());
  const schema = definition.contract.schema;

  return async (event, context) => {
    const started = clock();
    const records = event?.Records ?? [];
    const batchLog = createLogger({ job: options.name, requestId: context.awsRequestId }, sink, now);
    const deadline = deadlineSignal(context.getRemainingTimeInMillis());
    const outcomes = new Map<string, RecordOutcome>();

    const handleRecord = async (record: SQSRecord): Promise<RecordOutcome> => {
      const attempt = Number(record.attributes?.ApproximateReceiveCount ?? "1") || 1;
      const groupId = record.attributes?.MessageGroupId;
      const log: Logger = createLogger(
        { job: options.name, messageId: record.messageId, attempt, ...(groupId ? { groupId } : {}) },
        sink,
        now,
      );
      let payload: unknown;
      try {
        payload = JSON.parse(record.body);
      } catch (error) {
        log.error("poison message: the body is not valid JSON; it will move to the dead-letter queue", {
          reason: error instanceof Error ? error.message : String(error),
          bodyBytes: Buffer.byteLength(record.body ?? ""),
        });
        return "poison";
      }
      const validation = await validatePayload(schema, payload);
      if (!validation.ok) {
        log.error(
          "poison message: the payload does not match the queue's schema; it will move to the dead-letter queue",
          {
            reason: formatIssues(validation.issues),
            issues: validation.issues,
          },
        );
        return "poison";
      }
      const sentAt = new Date(Number(record.attributes?.SentTimestamp));
      const ctx: MessageContext = {
        job: options.name,
        messageId: record.messageId,
        attempt,
        sentAt,
        attributes: stringAttributes(record),
        ...(groupId ? { groupId } : {}),
        log,
        signal: deadline.signal,
        once: createOnce({
          job: options.name,
          defaultKey: record.messageId,
          lockMs: () => context.getRemainingTimeInMillis() + DEFAULTS.abortMarginMs,
          sql: loadSql,
          log,
        }),
      };
      try {
        await definition.handler(validation.value, ctx);
        return "ok";
      } catch (error) {
        log.error("handler failed; the message will be retried", { error });
        return "failed";
      }
    };

    try {
      if (options.fifo) {
        const groups = new Map<string, SQSRecord[]>();
        for (const record of records) {
          const group = record.attributes?.MessageGroupId ?? "";
          const list = groups.get(group) ?? [];
          list.push(record);
          groups.set(group, list);
        }
        await forEachBounded([...groups.values()], RECORD_CONCURRENCY, async (group) => {
          let failed = false;
          for (const record of group) {
            if (failed) {
              outcomes.set(record.messageId, "skipped");
              continue;
            }
            const outcome = await handleRecord(record);
            outcomes.set(record.messageId, outcome);
            failed = outcome !== "ok";
          }
        });
      } else {
        await forEachBounded(records, RECORD_CONCURRENCY, async (record) => {
          outcomes.set(record.messageId, await handleRecord(record));
        });
      }
    } finally {
      deadline.dispose();
    }

    const batchItemFailures = records
      .filter((record) => outcomes.get(record.messageId) !== "ok")
      .map((record) => ({ itemIdentifier: record.messageId }));
    const skipped = records.filter((record) => outcomes.get(record.messageId) === "skipped");
    if (skipped.length > 0) {
      batchLog.warn("later records of a failed FIFO message group were not run, to keep the group in order", {
        messageIds: skipped.map((record) => record.messageId),
      });
    }
    const failed = batchItemFailures.length;
    batchLog[failed > 0 ? "warn" : "info"]("batch finished", {
      outcome: failed === 0 ? "ok" : failed === records.length ? "error" : "partial",
      durationMs: clock() - started,
      received: records.length,
      failed,
      poison: [...outcomes.values()].filter((outcome) => outcome === "poison").length,
    });
    return { batchItemFailures };
  };
}
