import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { Duration } from "./duration";
import { attachName, type Nameable } from "./job-name";
import type { TopicDefinition } from "./topic";

/** An SNS subscription filter policy on message attributes, e.g. `{ kind: ["signup"] }`. */
export type FilterPolicy = Record<string, unknown>;

/** A topic this queue receives, optionally filtered on message attributes. */
export type Subscription = TopicDefinition | { topic: TopicDefinition; filter?: FilterPolicy };

/** Expected volume for `nightshift cost`, e.g. `"10000 per day"`. */
export type MessageRate = `${number} per ${"minute" | "hour" | "day" | "month"}`;

export interface QueueOptions<S extends StandardSchemaV1 = StandardSchemaV1> {
  /** Payload schema: any Standard Schema (zod in the examples). Checked on send and on receive. */
  schema: S;
  /** Messages per invocation: 1–10, or up to 10000 with a `batchWindow` (FIFO: 1–10). @default 10 */
  batchSize?: number;
  /** How long to gather a batch before invoking, up to 5 minutes. @default "0 seconds" */
  batchWindow?: Duration;
  /** Most handlers running at once (the event source mapping's maximum concurrency, 2–1000). @default 5 */
  concurrency?: number;
  /** Times a failed message is retried before it moves to the DLQ (maxReceiveCount = retries + 1). @default 3 */
  retries?: number;
  /** Longest one batch may take, 1 second–15 minutes. The queue's visibility timeout is 6× this. @default "30 seconds" */
  timeout?: Duration;
  /** Function memory in MB, 128–10240. @default 256 */
  memory?: number;
  /** Delay before a new message becomes visible, 0–15 minutes. @default "0 seconds" */
  delay?: Duration;
  /** How long an unprocessed message is kept, 1 minute–14 days. @default "4 days" */
  retention?: Duration;
  /** FIFO queue: ordered per message group, exactly-once send with a dedupe id. @default false */
  fifo?: boolean | { contentBasedDeduplication?: boolean };
  /** Typical time to handle one batch, used only by `nightshift cost`. @default the timeout */
  expectedDuration?: Duration;
  /** Expected volume, used only by `nightshift cost`. @example "10000 per day" */
  expectedMessages?: MessageRate;
  /** Topics whose messages this queue receives. */
  subscribe?: Subscription[];
}

export interface QueueContract<S extends StandardSchemaV1 = StandardSchemaV1> extends Nameable {
  readonly kind: "queue";
  readonly schema: S;
  readonly options: QueueOptions<S>;
}

/** The payload type a contract accepts. */
export type PayloadOf<C> = C extends QueueContract<infer S> | TopicDefinition<infer S>
  ? StandardSchemaV1.InferInput<S>
  : never;
/** The payload type a handler receives (after schema transforms). */
export type ParsedPayloadOf<C> = C extends QueueContract<infer S> | TopicDefinition<infer S>
  ? StandardSchemaV1.InferOutput<S>
  : never;

/**
 * Declares a queue's contract: its name (the file name), payload schema and options. The default
 * export of `services/queue/<name>.ts`. Producers import only this file, so no handler code reaches them.
 */
export function queue<S extends StandardSchemaV1>(options: QueueOptions<S>): QueueContract<S> {
  const contract: QueueContract<S> = { kind: "queue", schema: options.schema, options };
  attachName(contract);
  return contract;
}
