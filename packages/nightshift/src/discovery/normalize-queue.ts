import { DEFAULTS } from "../definition/defaults";
import type { QueueHandlerDefinition } from "../definition/handle";
import { JOB_NAME } from "../definition/job-name";
import type { QueueContract, Subscription } from "../definition/queue";
import type { TopicDefinition } from "../definition/topic";
import { NightshiftError, show } from "../errors";
import { FieldChecker } from "./check";
import type { ParsedQueue, ParsedSubscription, ParsedTopic } from "./types";

const QUEUE_OPTIONS = [
  "schema",
  "batchSize",
  "batchWindow",
  "concurrency",
  "retries",
  "timeout",
  "memory",
  "delay",
  "retention",
  "fifo",
  "expectedDuration",
  "expectedMessages",
  "subscribe",
] as const;

const HOURS_PER_MONTH = 730;
const PER_MONTH: Record<string, number> = {
  minute: HOURS_PER_MONTH * 60,
  hour: HOURS_PER_MONTH,
  day: HOURS_PER_MONTH / 24,
  month: 1,
};

/** Validates a queue contract from `file` (with its handler file) and applies the defaults. */
export function normalizeQueue(
  file: string,
  handlerFile: string,
  name: string,
  contract: QueueContract,
  topics: readonly ParsedTopic[],
  handler?: QueueHandlerDefinition,
): ParsedQueue {
  const check: FieldChecker = new FieldChecker(file);
  const options = contract.options as unknown as Record<string, unknown>;
  check.unknownKeys("", options, QUEUE_OPTIONS);
  const schema = options.schema as { "~standard"?: { validate?: unknown } } | undefined;
  if (typeof schema?.["~standard"]?.validate !== "function") {
    check.fail(
      "schema",
      "must be a Standard Schema such as z.object({ ... }) from zod (got a value without ~standard).",
    );
  }
  const fifoOption = options.fifo ?? DEFAULTS.queue.fifo;
  let fifo: boolean;
  let contentBasedDeduplication = false;
  if (typeof fifoOption === "object" && fifoOption !== null) {
    check.unknownKeys("fifo", fifoOption, ["contentBasedDeduplication"]);
    fifo = true;
    const cbd = (fifoOption as { contentBasedDeduplication?: unknown }).contentBasedDeduplication;
    contentBasedDeduplication = cbd === undefined ? false : check.boolean("fifo.contentBasedDeduplication", cbd);
  } else {
    fifo = check.boolean("fifo", fifoOption);
  }
  const batchWindowSeconds = check.duration(
    "batchWindow",
    options.batchWindow ?? DEFAULTS.queue.batchWindow,
    0,
    300,
    "Lambda waits at most 5 minutes to fill a batch",
  );
  const batchSize = check.integer("batchSize", options.batchSize ?? DEFAULTS.queue.batchSize, 1, 10000);
  if (fifo && batchSize > 10) {
    check.fail("batchSize", `must be 1–10 for a FIFO queue (got ${batchSize}); lower batchSize to 10 or less.`);
  }
  if (batchSize > 10 && batchWindowSeconds === 0) {
    check.fail(
      "batchSize",
      `must be 1–10 without a batchWindow (got ${batchSize}); set batchWindow (e.g. "5 seconds") to allow up to 10000.`,
    );
  }
  const timeoutSeconds = check.duration(
    "timeout",
    options.timeout ?? DEFAULTS.queue.timeout,
    1,
    900,
    "Lambda allows at most 15 minutes",
  );
  const retries = check.integer(
    "retries",
    options.retries ?? DEFAULTS.queue.retries,
    0,
    999,
    "SQS allows at most 1000 receives",
  );
  return {
    kind: "queue",
    name,
    file,
    handlerFile,
    batchSize,
    batchWindowSeconds,
    concurrency: check.integer(
      "concurrency",
      options.concurrency ?? DEFAULTS.queue.concurrency,
      2,
      1000,
      "it is the event source mapping's maximum concurrency",
    ),
    retries,
    maxReceiveCount: retries + 1,
    timeoutSeconds,
    visibilityTimeoutSeconds: timeoutSeconds * DEFAULTS.visibilityTimeoutFactor,
    memoryMb: check.integer("memory", options.memory ?? DEFAULTS.queue.memory, 128, 10240, "give megabytes, e.g. 512"),
    delaySeconds: check.duration(
      "delay",
      options.delay ?? DEFAULTS.queue.delay,
      0,
      900,
      "SQS delays at most 15 minutes",
    ),
    retentionSeconds: check.duration(
      "retention",
      options.retention ?? DEFAULTS.queue.retention,
      60,
      1209600,
      "SQS keeps messages 1 minute to 14 days",
    ),
    fifo,
    contentBasedDeduplication,
    expectedDurationSeconds: check.expectedDuration(options.expectedDuration, 0, timeoutSeconds),
    ...(options.expectedMessages === undefined
      ? {}
      : { expectedMessagesPerMonth: parseRate(check, options.expectedMessages) }),
    subscriptions: normalizeSubscriptions(check, options.subscribe, topics, fifo),
    contract,
    ...(handler ? { handler } : {}),
  };
}

function parseRate(check: FieldChecker, value: unknown): number {
  const match =
    typeof value === "string" ? /^\s*(\d+(?:\.\d+)?)\s+per\s+(minute|hour|day|month)\s*$/.exec(value) : null;
  if (!match)
    check.fail(
      "expectedMessages",
      `must look like "10000 per day" (per minute, hour, day or month; got ${show(value)}).`,
    );
  return Number(match[1]) * (PER_MONTH[match[2] as string] as number);
}

function normalizeSubscriptions(
  check: FieldChecker,
  value: unknown,
  topics: readonly ParsedTopic[],
  fifo: boolean,
): ParsedSubscription[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    check.fail(
      "subscribe",
      'must be a list of topics, e.g. [userEvents] or [{ topic: userEvents, filter: { kind: ["signup"] } }].',
    );
  return (value as Subscription[]).map((entry, index) => {
    const field = `subscribe[${index}]`;
    const definition =
      (entry as TopicDefinition).kind === "topic"
        ? (entry as TopicDefinition)
        : (entry as { topic?: TopicDefinition }).topic;
    const filter = (entry as { filter?: unknown }).filter;
    const topic = topics.find((t) => t.definition === definition || (definition && t.name === definition[JOB_NAME]));
    if (definition?.kind !== "topic") {
      check.fail(field, "must be a topic imported from services/topic/<name>.ts, or { topic, filter }.");
    }
    if (!topic) {
      throw new NightshiftError(
        "E_UNKNOWN_TOPIC",
        `${check.file}: ${field} refers to a topic that is not in services/topic/; import it from services/topic/<name>.ts.`,
      );
    }
    if (topic.fifo !== fifo) {
      check.fail(
        field,
        `subscribes a ${fifo ? "FIFO" : "standard"} queue to the ${topic.fifo ? "FIFO" : "standard"} topic "${topic.name}"; SNS delivers FIFO topics only to FIFO queues and standard topics only to standard queues. Make both FIFO or both standard.`,
      );
    }
    if (filter !== undefined && (typeof filter !== "object" || filter === null || Array.isArray(filter))) {
      check.fail(
        `${field}.filter`,
        `must be an SNS filter policy object such as { kind: ["signup"] } (got ${show(filter)}).`,
      );
    }
    return filter === undefined
      ? { topic: topic.name }
      : { topic: topic.name, filter: filter as Record<string, unknown> };
  });
}
