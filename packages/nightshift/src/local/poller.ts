import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Invoker } from "./invoke";
import type { LocalQueue } from "./local-project";
import type { LocalQueueAddress } from "./sqs/resources";
import { toSqsEvent } from "./sqs/sqs-event";

/** SQS returns at most 10 messages per ReceiveMessage. */
const MAX_PER_RECEIVE = 10;

/**
 * Seconds one long poll waits while idle. SQS allows up to 20; short waits keep shutdown and reload
 * prompt without aborting a receive mid-flight (an aborted long poll could still take messages that
 * would then wait out their visibility timeout). A message that arrives ends the wait at once.
 */
const IDLE_WAIT_SECONDS = 1;

export interface QueuePollerOptions {
  readonly queue: LocalQueue;
  readonly address: LocalQueueAddress;
  readonly region: string;
  readonly sqs: SQSClient;
  readonly invoker: Invoker;
  /** Called when receiving or deleting fails (the poller keeps going). */
  readonly onError?: (error: unknown) => void;
}

/**
 * One queue's consumer, behaving like Lambda's SQS event source mapping: long-polls, gathers up to
 * `batchSize` messages within the batching window (10 per receive), runs at most `concurrency`
 * batches at once, and after each invocation deletes exactly the records that succeeded. Failed
 * records stay in flight until their visibility timeout ends; SQS's redrive policy moves a message to
 * the DLQ once it was received `maxReceiveCount` times. A message is never deleted before its handler
 * succeeded.
 */
export class QueuePoller {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly active = new Set<Promise<void>>();
  private slotFreed: (() => void) | undefined;

  constructor(private readonly options: QueuePollerOptions) {}

  get queue(): LocalQueue {
    return this.options.queue;
  }

  /** Batches being handled right now. */
  get inFlightBatches(): number {
    return this.active.size;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Stops receiving, then waits up to `graceMs` for running batches. Batches still running after that
   * are left alone: their messages were not deleted and become visible again. Resolves with the
   * number of batches that did not finish in time.
   */
  async stop(graceMs: number): Promise<number> {
    this.running = false;
    this.slotFreed?.();
    await this.loop;
    if (this.active.size === 0) return 0;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.all(this.active), grace]);
    clearTimeout(timer);
    return this.active.size;
  }

  private async run(): Promise<void> {
    const { queue } = this.options;
    while (this.running) {
      if (this.active.size >= queue.concurrency) {
        await new Promise<void>((resolve) => {
          this.slotFreed = resolve;
        });
        this.slotFreed = undefined;
        continue;
      }
      let batch: Message[];
      try {
        batch = await this.gather();
      } catch (error) {
        this.options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      if (batch.length === 0) continue;
      const work = this.handle(batch).finally(() => {
        this.active.delete(work);
        this.slotFreed?.();
      });
      this.active.add(work);
    }
  }

  /** Receives up to batchSize messages: one receive without a window, or until the window closes. */
  private async gather(): Promise<Message[]> {
    const { queue, address, sqs } = this.options;
    const batch: Message[] = [];
    let windowEnds = 0;
    while (this.running && batch.length < queue.batchSize) {
      let wait = IDLE_WAIT_SECONDS;
      if (batch.length > 0) {
        const left = windowEnds - Date.now();
        if (left <= 0) break;
        wait = Math.min(20, Math.ceil(left / 1000));
      }
      const received = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: address.url,
          MaxNumberOfMessages: Math.min(MAX_PER_RECEIVE, queue.batchSize - batch.length),
          WaitTimeSeconds: wait,
          MessageSystemAttributeNames: ["All"],
          MessageAttributeNames: ["All"],
        }),
      );
      const messages = received.Messages ?? [];
      if (messages.length > 0 && batch.length === 0) windowEnds = Date.now() + queue.batchWindowSeconds * 1000;
      batch.push(...messages);
      if (batch.length > 0 && queue.batchWindowSeconds === 0) break;
    }
    return batch;
  }

  private async handle(batch: Message[]): Promise<void> {
    const { queue, address, sqs, invoker, region } = this.options;
    const { failed } = await invoker.invokeQueue(queue, toSqsEvent(batch, address.arn, region));
    const succeeded = batch.filter((m) => !failed.has(m.MessageId as string));
    for (let i = 0; i < succeeded.length; i += MAX_PER_RECEIVE) {
      const chunk = succeeded.slice(i, i + MAX_PER_RECEIVE);
      try {
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: address.url,
            Entries: chunk.map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle as string })),
          }),
        );
      } catch (error) {
        // Not deleted: the message comes back after its visibility timeout (at-least-once, like SQS).
        this.options.onError?.(error);
      }
    }
  }
}
