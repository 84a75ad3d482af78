import path from "node:path";
import { pathToFileURL } from "node:url";
import { packageFile } from "../package-file";

/** fauxqs's account id: queue URLs and ARNs carry it, so workers get it as `NIGHTSHIFT_ACCOUNT_ID`. */
export const LOCAL_ACCOUNT_ID = "000000000000";

/** One message as fauxqs stores it (fauxqs 1.x `SqsMessage`). */
export interface StoredMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  messageAttributes: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }>;
  md5OfMessageAttributes: string;
  sentTimestamp: number;
  approximateReceiveCount: number;
  approximateFirstReceiveTimestamp?: number;
  delayUntil?: number;
  messageGroupId?: string;
  messageDeduplicationId?: string;
  sequenceNumber?: string;
}

interface StoredQueue {
  name: string;
  url: string;
  arn: string;
  enqueue(message: StoredMessage): void;
  processTimers(): void;
  inspectMessages(): {
    ready: StoredMessage[];
    delayed: StoredMessage[];
    inflight: { message: StoredMessage; visibilityDeadline: number }[];
  };
  cancelWaiters(): void;
}

interface SqsStoreInstance {
  host?: string;
  region?: string;
  getQueueByName(name: string): StoredQueue | undefined;
  shutdown(): void;
}

interface SqsStoreClass {
  new (): SqsStoreInstance;
  createMessage(
    body: string,
    attributes?: StoredMessage["messageAttributes"],
    delaySeconds?: number,
    groupId?: string,
    dedupId?: string,
  ): StoredMessage;
}

/** Counts of one queue, read from the emulator's memory (exact, unlike SQS's approximations). */
export interface QueueCounts {
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
}

/** The in-process SQS/SNS endpoint of `nightshift dev`. */
export interface LocalSqsServer {
  /** `http://127.0.0.1:<port>`: both SQS and SNS clients use it. */
  readonly endpoint: string;
  readonly port: number;
  /** Exact counts of a queue by physical name; undefined if it does not exist. */
  counts(physicalName: string): QueueCounts | undefined;
  /** Every message of a queue (ready, delayed and in flight), for snapshots; undefined if no such queue. */
  messages(
    physicalName: string,
  ): { ready: StoredMessage[]; delayed: StoredMessage[]; inFlight: StoredMessage[] } | undefined;
  /**
   * Puts a message back exactly as it was (id, receive count, sent time, group): used to restore the
   * queues after a restart, since fauxqs keeps messages in memory only.
   */
  restore(physicalName: string, message: StoredMessage): boolean;
  stop(): Promise<void>;
}

const PATCHED = Symbol.for("nightshift.fauxqs.delay-patch");

/**
 * fauxqs 1.x applies a queue's `DelaySeconds` to SendMessage but not to messages SNS fans out to
 * it; SQS delays both. New messages that arrive without a delay of their own get the queue's delay.
 * (A SendMessage with an explicit `DelaySeconds: 0` to a delay queue is therefore delayed too.)
 */
function applyQueueDelayToFanOut(prototype: StoredQueue & { attributes: Record<string, string> }): void {
  const target = prototype as unknown as Record<symbol, boolean> & { enqueue(message: StoredMessage): void };
  if (target[PATCHED]) return;
  target[PATCHED] = true;
  const enqueue = target.enqueue;
  target.enqueue = function (this: { attributes: Record<string, string> }, message: StoredMessage) {
    const delay = Number(this.attributes?.DelaySeconds ?? 0);
    if (
      delay > 0 &&
      message.delayUntil === undefined &&
      message.approximateReceiveCount === 0 &&
      Date.now() - message.sentTimestamp < 1000
    ) {
      message.delayUntil = message.sentTimestamp + delay * 1000;
    }
    enqueue.call(this, message);
  };
}

/**
 * Starts fauxqs (SQS + SNS emulator) inside this process on 127.0.0.1. Built from fauxqs's
 * `buildApp` rather than `startFauxqs`, which listens on every interface and hides its store:
 * the store gives exact counts and lets a snapshot be restored with receive counts intact.
 */
type FauxqsStores = NonNullable<NonNullable<Parameters<typeof import("fauxqs")["buildApp"]>[0]>["stores"]>;

export async function startLocalSqs(options: { region: string; port?: number }): Promise<LocalSqsServer> {
  const dist = path.dirname(packageFile("fauxqs", "dist/app.js"));
  const { buildApp } = (await import(pathToFileURL(path.join(dist, "app.js")).href)) as typeof import("fauxqs");
  const { SqsStore, SqsQueue } = (await import(pathToFileURL(path.join(dist, "sqs", "sqsStore.js")).href)) as {
    SqsStore: SqsStoreClass;
    SqsQueue: { prototype: StoredQueue & { attributes: Record<string, string> } };
  };
  applyQueueDelayToFanOut(SqsQueue.prototype);
  const { SnsStore } = (await import(pathToFileURL(path.join(dist, "sns", "snsStore.js")).href)) as {
    SnsStore: new () => unknown;
  };
  const { S3Store } = (await import(pathToFileURL(path.join(dist, "s3", "s3Store.js")).href)) as {
    S3Store: new () => unknown;
  };
  const sqsStore = new SqsStore();
  const app = buildApp({
    logger: false,
    host: "127.0.0.1",
    defaultRegion: options.region,
    // The stores are fauxqs internals (typed locally above); fauxqs's own option type names them.
    stores: { sqsStore, snsStore: new SnsStore(), s3Store: new S3Store() } as unknown as FauxqsStores,
  });
  const address = await app.listen({ port: options.port ?? 0, host: "127.0.0.1" });
  const port = Number(new URL(address).port);

  const queue = (name: string) => sqsStore.getQueueByName(name);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    counts(name) {
      const q = queue(name);
      if (!q) return undefined;
      q.processTimers();
      const m = q.inspectMessages();
      return { visible: m.ready.length, inFlight: m.inflight.length, delayed: m.delayed.length };
    },
    messages(name) {
      const q = queue(name);
      if (!q) return undefined;
      q.processTimers();
      const m = q.inspectMessages();
      return { ready: [...m.ready], delayed: [...m.delayed], inFlight: m.inflight.map((e) => e.message) };
    },
    restore(name, message) {
      const q = queue(name);
      if (!q) return false;
      q.enqueue({ ...message });
      return true;
    },
    async stop() {
      sqsStore.shutdown();
      await app.close();
    },
  };
}
