import type { EnvironmentKind } from "../definition/defaults";
import type { ParsedCron, ParsedQueue, ParsedTopic } from "../discovery/types";
import { HOURS_PER_MONTH, invocationsPerMonth } from "../schedule";
import type { CostAssumptions } from "./assumptions";
import type { PriceTable } from "./prices";

/** One job's monthly estimate, in USD (unrounded; the report rounds). */
export interface JobCost {
  readonly name: string;
  readonly kind: "cron" | "queue" | "topic";
  readonly invocationsPerMonth: number;
  readonly computeUsd: number;
  readonly requestsUsd: number;
  readonly schedulerUsd: number;
  readonly sqsUsd: number;
  readonly snsUsd: number;
  readonly totalUsd: number;
  /** Usage behind the numbers, for the free-tier lines and the text table. */
  readonly usage: JobUsage;
  /** Why a number is zero or how it was derived, e.g. "disabled in preview environments". */
  readonly notes: readonly string[];
}

export interface JobUsage {
  readonly gbSeconds: number;
  readonly lambdaRequests: number;
  readonly schedulerInvocations: number;
  readonly sqsRequests: number;
  readonly snsPublishes: number;
  readonly messagesPerMonth: number;
  readonly memoryMb: number;
  readonly durationSeconds: number;
}

export interface JobCostContext {
  readonly prices: PriceTable;
  readonly assumptions: CostAssumptions;
  /** Whose settings the environment follows: crons switched off there run zero times. */
  readonly kind: Exclude<EnvironmentKind, "development">;
  /** Start of the 730-hour window schedules are counted over. */
  readonly from: Date;
  /** Measured run times from local runs (seconds, by job), used instead of expectedDuration. */
  readonly measuredSeconds?: Readonly<Record<string, number>>;
}

const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
const perMillion = (count: number, price: number): number => (count * price) / 1_000_000;

function cost(
  name: string,
  kind: JobCost["kind"],
  usage: JobUsage,
  invocations: number,
  context: JobCostContext,
  notes: string[],
  fifo = false,
): JobCost {
  const { prices, assumptions } = context;
  const computeUsd = usage.gbSeconds * prices.lambda.gbSecond[assumptions.architecture];
  const requestsUsd = perMillion(usage.lambdaRequests, prices.lambda.requestsPerMillion);
  const schedulerUsd = perMillion(usage.schedulerInvocations, prices.scheduler.invocationsPerMillion);
  const sqsPrice = fifo ? prices.sqs.fifoRequestsPerMillion : prices.sqs.standardRequestsPerMillion;
  const sqsUsd = perMillion(usage.sqsRequests, sqsPrice);
  const snsUsd = perMillion(usage.snsPublishes, prices.sns.publishesPerMillion);
  return {
    name,
    kind,
    invocationsPerMonth: invocations,
    computeUsd,
    requestsUsd,
    schedulerUsd,
    sqsUsd,
    snsUsd,
    totalUsd: computeUsd + requestsUsd + schedulerUsd + sqsUsd + snsUsd,
    usage,
    notes,
  };
}

function durationOf(job: ParsedCron | ParsedQueue, context: JobCostContext, notes: string[]): number {
  const measured = context.measuredSeconds?.[job.name];
  if (measured !== undefined) {
    notes.push(`duration ${measured} s measured in local runs`);
    return measured;
  }
  return job.expectedDurationSeconds;
}

/** A cron: Scheduler fires it per its schedule (in its time zone); each firing is one Lambda run. */
export function cronCost(cron: ParsedCron, context: JobCostContext): JobCost {
  const notes: string[] = [];
  const enabled = cron.environments[context.kind];
  const invocations = enabled ? invocationsPerMonth(cron.schedule, cron.timezone, context.from) : 0;
  if (!enabled) notes.push(`schedule disabled in ${context.kind} environments (environments.${context.kind})`);
  const durationSeconds = durationOf(cron, context, notes);
  const usage: JobUsage = {
    gbSeconds: invocations * durationSeconds * (cron.memoryMb / 1024),
    lambdaRequests: invocations,
    schedulerInvocations: invocations,
    sqsRequests: 0,
    snsPublishes: 0,
    messagesPerMonth: 0,
    memoryMb: cron.memoryMb,
    durationSeconds,
  };
  return cost(cron.name, "cron", usage, invocations, context, notes);
}

/**
 * A queue: `expectedMessages` per month, handled in batches. Messages that arrive within one second
 * (or within the batchWindow) share a batch, up to batchSize; each batch is one Lambda run.
 */
export function queueCost(queue: ParsedQueue, context: JobCostContext): JobCost {
  const notes: string[] = [];
  const messages = queue.expectedMessagesPerMonth ?? 0;
  if (queue.expectedMessagesPerMonth === undefined) {
    notes.push(`no expectedMessages: set e.g. expectedMessages: "10000 per day" in ${queue.file}`);
  }
  const perSecond = messages / SECONDS_PER_MONTH;
  const batch = Math.min(queue.batchSize, Math.max(1, perSecond * Math.max(queue.batchWindowSeconds, 1)));
  const invocations = messages === 0 ? 0 : Math.ceil(messages / batch);
  const durationSeconds = durationOf(queue, context, notes);
  const usage: JobUsage = {
    gbSeconds: invocations * durationSeconds * (queue.memoryMb / 1024),
    lambdaRequests: invocations,
    schedulerInvocations: 0,
    sqsRequests: messages * context.assumptions.sqsRequestsPerMessage * context.assumptions.sqsChunksPerMessage,
    snsPublishes: 0,
    messagesPerMonth: messages,
    memoryMb: queue.memoryMb,
    durationSeconds,
  };
  return cost(queue.name, "queue", usage, invocations, context, notes, queue.fifo);
}

/**
 * A topic: one publish per message reaching its busiest subscriber (a filter policy can only drop
 * messages, so the topic sees at least that many). Topics without subscribers with a volume cost 0.
 */
export function topicCost(topic: ParsedTopic, queues: readonly ParsedQueue[], context: JobCostContext): JobCost {
  const subscribers = queues.filter((q) => q.subscriptions.some((s) => s.topic === topic.name));
  const publishes = Math.max(0, ...subscribers.map((q) => q.expectedMessagesPerMonth ?? 0));
  const notes = subscribers.length === 0 ? ["no queue subscribes to it"] : [];
  const usage: JobUsage = {
    gbSeconds: 0,
    lambdaRequests: 0,
    schedulerInvocations: 0,
    sqsRequests: 0,
    snsPublishes: publishes,
    messagesPerMonth: publishes,
    memoryMb: 0,
    durationSeconds: 0,
  };
  return cost(topic.name, "topic", usage, 0, context, notes);
}
