import { type Duration, parseDuration } from "../../definition/duration";
import type { QueueContract } from "../../definition/queue";
import { NightshiftError, show } from "../../errors";
import type { MessageAttributes } from "./message";

/** SQS's longest per-message delay: 15 minutes. Longer delays go through a one-time schedule. */
export const SQS_MAX_DELAY_SECONDS = 900;

export interface SendOptions {
  /**
   * Wait this long before the message becomes visible: a duration (`"10 minutes"`) or seconds.
   * Up to 15 minutes uses SQS's DelaySeconds; longer creates a one-time EventBridge Scheduler schedule
   * that sends the message and deletes itself. Not available on FIFO queues.
   * @default the queue's `delay`
   */
  readonly delay?: Duration | number;
  /** FIFO message group: messages of one group are handled in order. Required on FIFO queues. */
  readonly groupId?: string;
  /** FIFO deduplication id: a second send with the same id within 5 minutes is dropped. Required on FIFO queues without content-based deduplication. */
  readonly dedupeId?: string;
  /** Metadata sent beside the payload, readable as `ctx.attributes`. At most 10. */
  readonly attributes?: MessageAttributes;
}

/** A queue's FIFO settings, from its contract. */
export function fifoOf(contract: QueueContract): { fifo: boolean; contentBasedDeduplication: boolean } {
  const fifo = contract.options.fifo;
  return {
    fifo: Boolean(fifo),
    contentBasedDeduplication: typeof fifo === "object" && fifo.contentBasedDeduplication === true,
  };
}

/** Resolves `delay` to whole seconds, with an error that names the call and the value. */
export function delaySeconds(where: string, delay: Duration | number | undefined): number | undefined {
  if (delay === undefined) return undefined;
  if (typeof delay === "number") {
    if (!Number.isInteger(delay) || delay < 0) {
      throw new NightshiftError(
        "E_BAD_OPTION",
        `${where}: delay must be a whole number of seconds ≥ 0 or a duration such as "10 minutes" (got ${show(delay)}).`,
      );
    }
    return delay;
  }
  return parseDuration(delay, `${where}: delay`);
}

/** Checks FIFO rules before anything is sent. */
export function checkFifoOptions(where: string, queue: string, contract: QueueContract, options: SendOptions): void {
  const { fifo, contentBasedDeduplication } = fifoOf(contract);
  if (!fifo) {
    if (options.dedupeId !== undefined) {
      throw new NightshiftError(
        "E_BAD_OPTION",
        `${where}: dedupeId only applies to FIFO queues, and ${queue} is a standard queue. Remove dedupeId, or make the queue FIFO with fifo: true in its contract (use ctx.once() in the handler for exactly-once effects on a standard queue).`,
      );
    }
    return;
  }
  if (!options.groupId) {
    throw new NightshiftError(
      "E_BAD_OPTION",
      `${where}: ${queue} is a FIFO queue, so every message needs a groupId (messages of one group are handled in order). Pass { groupId: "<e.g. the customer id>" }.`,
    );
  }
  if (!options.dedupeId && !contentBasedDeduplication) {
    throw new NightshiftError(
      "E_BAD_OPTION",
      `${where}: ${queue} is a FIFO queue without content-based deduplication, so every message needs a dedupeId. Pass { dedupeId: "<an id unique to this message>" }, or set fifo: { contentBasedDeduplication: true } in its contract.`,
    );
  }
  if (options.delay !== undefined) {
    throw new NightshiftError(
      "E_BAD_OPTION",
      `${where}: ${queue} is a FIFO queue, and FIFO queues take no per-message delay (got delay ${show(options.delay)}). Remove delay, or set the queue's delay option in its contract.`,
    );
  }
}
