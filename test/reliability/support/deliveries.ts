import type { InvocationRecord } from "../../../packages/nightshift/src/local/invocations";

/** One delivery of one message, as the local event source mapping saw it. */
export interface Delivery {
  readonly receiveCount: number;
  /** Not deleted after this delivery: the handler reported it, the batch failed, or the worker died. */
  readonly failed: boolean;
  readonly status: InvocationRecord["status"];
}

/** Every delivery per message id, from the invocation records (in receive order). */
export function deliveriesByMessage(records: readonly InvocationRecord[]): Map<string, Delivery[]> {
  const byMessage = new Map<string, Delivery[]>();
  for (const record of records) {
    for (const message of record.messages ?? []) {
      const list = byMessage.get(message.messageId) ?? [];
      list.push({ receiveCount: message.receiveCount, failed: message.failed, status: record.status });
      byMessage.set(message.messageId, list);
    }
  }
  for (const list of byMessage.values()) list.sort((a, b) => a.receiveCount - b.receiveCount);
  return byMessage;
}

export interface DeliveryAudit {
  /** Sent, but neither deleted after a successful delivery nor in the DLQ. */
  readonly lost: string[];
  /** Deleted after success and also in the DLQ, or deleted twice. */
  readonly doubleOutcome: string[];
  /** A delivery after one that succeeded, or receive counts that skip or repeat. */
  readonly disallowedDuplicates: string[];
  /** In the DLQ without exactly `maxReceiveCount` failed deliveries. */
  readonly earlyOrLateDlq: string[];
  readonly processed: Set<string>;
  readonly redeliveries: number;
}

/**
 * Checks SQS's contract for every sent message: it ends either deleted after a successful delivery
 * or in the DLQ after exactly `maxReceiveCount` failed deliveries; and a message is delivered again
 * only after a delivery that failed (handler error, crash, timeout), each with the next receive count.
 */
export function auditDeliveries(
  sent: readonly string[],
  deliveries: Map<string, Delivery[]>,
  dlq: ReadonlySet<string>,
  maxReceiveCount: number,
): DeliveryAudit {
  const lost: string[] = [];
  const doubleOutcome: string[] = [];
  const disallowedDuplicates: string[] = [];
  const earlyOrLateDlq: string[] = [];
  const processed = new Set<string>();
  let redeliveries = 0;
  for (const id of sent) {
    const list = deliveries.get(id) ?? [];
    redeliveries += Math.max(0, list.length - 1);
    const successes = list.filter((d) => !d.failed).length;
    if (successes > 0) processed.add(id);
    if (successes > 1 || (successes > 0 && dlq.has(id))) doubleOutcome.push(id);
    if (successes === 0 && !dlq.has(id)) lost.push(id);
    const counts = list.map((d) => d.receiveCount).join(",");
    const expected = list.map((_, index) => index + 1).join(",");
    if (counts !== expected || list.slice(0, -1).some((d) => !d.failed))
      disallowedDuplicates.push(`${id} (${describe(list)})`);
    if (dlq.has(id) && (list.length !== maxReceiveCount || list.some((d) => !d.failed)))
      earlyOrLateDlq.push(`${id} (${describe(list)})`);
  }
  return { lost, doubleOutcome, disallowedDuplicates, earlyOrLateDlq, processed, redeliveries };
}

function describe(list: readonly Delivery[]): string {
  return (
    list.map((d) => `#${d.receiveCount} ${d.failed ? "failed" : "deleted"} (${d.status})`).join(", ") ||
    "never delivered"
  );
}
