import type { ParsedQueue, Project } from "nightshift/internal/discovery/types";
import { NightshiftError } from "nightshift/internal/errors";

/** SQS and Lambda event source limits a queue must respect. */
export const QUEUE_LIMITS = {
  /** SQS: at most 12 hours. */
  maxVisibilityTimeoutSeconds: 43_200,
  /** Without a batching window, Lambda takes 1–10 messages per batch. */
  maxBatchWithoutWindow: 10,
  /** With a window, up to 10000 (standard queues only). */
  maxBatch: 10_000,
  maxFifoBatch: 10,
  concurrency: { min: 2, max: 1000 },
  maxDelaySeconds: 900,
  retentionSeconds: { min: 60, max: 1_209_600 },
  maxReceiveCount: { min: 1, max: 1000 },
} as const;

/** Visibility, batching, FIFO, concurrency, delay, retention and redrive rules, per queue. */
export function validateQueues(project: Project): void {
  for (const queue of project.queues) validateQueue(queue);
}

function validateQueue(q: ParsedQueue): void {
  const fail = (message: string): never => {
    throw new NightshiftError("E_LIMIT", `${q.file}: ${message}`);
  };
  if (q.visibilityTimeoutSeconds < q.timeoutSeconds) {
    fail(
      `the visibility timeout (${q.visibilityTimeoutSeconds} seconds) is shorter than the function timeout (${q.timeoutSeconds} seconds); Lambda rejects such an event source. Keep the visibility timeout at 6 × timeout.`,
    );
  }
  if (q.visibilityTimeoutSeconds > QUEUE_LIMITS.maxVisibilityTimeoutSeconds) {
    fail(
      `the visibility timeout (${q.visibilityTimeoutSeconds} seconds, 6 × timeout) exceeds SQS's 12 hours (43200 seconds); lower timeout to at most 2 hours.`,
    );
  }
  if (!Number.isInteger(q.batchSize) || q.batchSize < 1 || q.batchSize > QUEUE_LIMITS.maxBatch) {
    fail(`batchSize is ${q.batchSize}, but Lambda takes 1–10000 messages per batch; set batchSize in that range.`);
  }
  if (q.fifo && q.batchSize > QUEUE_LIMITS.maxFifoBatch) {
    fail(`batchSize is ${q.batchSize}, but a FIFO queue's batch is 1–10 messages; set batchSize to 10 or less.`);
  }
  if (q.fifo && q.batchWindowSeconds > 0) {
    fail(
      `batchWindow is ${q.batchWindowSeconds} seconds, but Lambda takes no batching window from a FIFO queue; remove batchWindow.`,
    );
  }
  if (!q.fifo && q.batchSize > QUEUE_LIMITS.maxBatchWithoutWindow && q.batchWindowSeconds < 1) {
    fail(
      `batchSize is ${q.batchSize}, but without a batchWindow Lambda takes at most 10 messages per batch; set batchWindow (e.g. "5 seconds") or lower batchSize to 10.`,
    );
  }
  if (q.batchWindowSeconds > 300) {
    fail(
      `batchWindow is ${q.batchWindowSeconds} seconds, but Lambda waits at most 5 minutes (300 seconds); lower batchWindow.`,
    );
  }
  const { concurrency } = QUEUE_LIMITS;
  if (!Number.isInteger(q.concurrency) || q.concurrency < concurrency.min || q.concurrency > concurrency.max) {
    fail(
      `concurrency is ${q.concurrency}, but an SQS event source's maximum concurrency is 2–1000; set concurrency in that range.`,
    );
  }
  if (q.delaySeconds < 0 || q.delaySeconds > QUEUE_LIMITS.maxDelaySeconds) {
    fail(`delay is ${q.delaySeconds} seconds, but SQS delays 0–15 minutes (900 seconds); lower delay.`);
  }
  const { retentionSeconds } = QUEUE_LIMITS;
  if (q.retentionSeconds < retentionSeconds.min || q.retentionSeconds > retentionSeconds.max) {
    fail(
      `retention is ${q.retentionSeconds} seconds, but SQS keeps messages 1 minute to 14 days (60–1209600 seconds); set retention in that range.`,
    );
  }
  const { maxReceiveCount } = QUEUE_LIMITS;
  if (q.maxReceiveCount < maxReceiveCount.min || q.maxReceiveCount > maxReceiveCount.max) {
    fail(
      `retries is ${q.retries} (maxReceiveCount ${q.maxReceiveCount}), but SQS allows a maxReceiveCount of 1–1000; set retries to 0–999.`,
    );
  }
}
