import type { ParsedNightshiftConfig } from "../config/parse-config";
import type { Project } from "../discovery/types";
import { COST_ASSUMPTIONS, type CostAssumptions, describeAssumptions } from "./assumptions";
import { type FixedCost, fixedCosts } from "./fixed-costs";
import { cronCost, type JobCost, queueCost, topicCost } from "./job-costs";
import { PRICES, type PriceTable } from "./prices";

/** One row of `nightshift cost --json`'s `items`. Amounts in USD, rounded to 6 decimals. */
export interface CostItem {
  readonly name: string;
  readonly kind: "cron" | "queue" | "topic";
  readonly invocationsPerMonth: number;
  readonly computeUsd: number;
  readonly requestsUsd: number;
  readonly schedulerUsd: number;
  readonly sqsUsd: number;
  readonly snsUsd: number;
  readonly totalUsd: number;
  readonly memoryMb: number;
  readonly durationSeconds: number;
  readonly messagesPerMonth: number;
  readonly notes: readonly string[];
}

/** What the free tier would cover this month, if this environment were the account's only user. */
export interface FreeTierLine {
  readonly name: string;
  readonly used: number;
  readonly free: number;
  readonly usd: number;
}

/** `nightshift cost --json`. */
export interface CostReport {
  readonly environment: string;
  readonly currency: "USD";
  readonly pricesAsOf: string;
  readonly region: string;
  readonly items: readonly CostItem[];
  readonly fixed: readonly FixedCost[];
  readonly totalUsd: number;
  /** Shown separately and never subtracted: the free tier is per account, shared by all environments. */
  readonly freeTier: { readonly lines: readonly FreeTierLine[]; readonly usd: number };
  readonly assumptions: readonly string[];
}

export interface EstimateOptions {
  /** `production`, `preview`, `pr-42`, `staging`… Anything but production follows preview's settings. */
  readonly environment: string;
  /** App settings (database sizes, secrets, log retention); without them fixed costs are left out. */
  readonly config?: ParsedNightshiftConfig;
  /** @default PRICES */
  readonly prices?: PriceTable;
  /** @default COST_ASSUMPTIONS */
  readonly assumptions?: CostAssumptions;
  /** Start of the 730-hour window that schedules are counted over. */
  readonly from: Date;
  /** Run times measured locally, in seconds by job, used instead of expectedDuration. */
  readonly measuredSeconds?: Readonly<Record<string, number>>;
}

/** Rounds USD to 6 decimals (a hundredth of a cent and below), the precision of the report. */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}

function toItem(cost: JobCost): CostItem {
  return {
    name: cost.name,
    kind: cost.kind,
    invocationsPerMonth: cost.invocationsPerMonth,
    computeUsd: roundUsd(cost.computeUsd),
    requestsUsd: roundUsd(cost.requestsUsd),
    schedulerUsd: roundUsd(cost.schedulerUsd),
    sqsUsd: roundUsd(cost.sqsUsd),
    snsUsd: roundUsd(cost.snsUsd),
    totalUsd: roundUsd(cost.totalUsd),
    memoryMb: cost.usage.memoryMb,
    durationSeconds: cost.usage.durationSeconds,
    messagesPerMonth: roundUsd(cost.usage.messagesPerMonth),
    notes: cost.notes,
  };
}

/** The monthly estimate of one environment, from the job definitions and the app settings. */
export function estimateCost(project: Project, options: EstimateOptions): CostReport {
  const prices = options.prices ?? PRICES;
  const assumptions = options.assumptions ?? COST_ASSUMPTIONS;
  const kind = options.environment === "production" ? "production" : "preview";
  const context = { prices, assumptions, kind, from: options.from, measuredSeconds: options.measuredSeconds } as const;
  const costs: JobCost[] = [
    ...project.crons.map((cron) => cronCost(cron, context)),
    ...project.queues.map((queue) => queueCost(queue, context)),
    ...project.topics.map((topic) => topicCost(topic, project.queues, context)),
  ];
  const invocations = costs.reduce((sum, c) => sum + c.invocationsPerMonth, 0);
  const alarms = project.crons.length + project.queues.length;
  const fixed = options.config
    ? fixedCosts({
        environment: options.environment,
        kind,
        config: options.config,
        prices,
        assumptions,
        invocationsPerMonth: invocations,
        alarms,
      })
    : [];
  const total = costs.reduce((sum, c) => sum + c.totalUsd, 0) + fixed.reduce((sum, f) => sum + f.usd, 0);
  const freeTier = [
    ...freeTierLines(costs, prices, assumptions),
    ...(options.config
      ? [
          {
            name: "CloudWatch alarms",
            used: alarms,
            free: prices.freeTier.alarms,
            usd: roundUsd(Math.min(alarms, prices.freeTier.alarms) * prices.cloudwatch.alarmPerMonth),
          },
        ]
      : []),
  ];
  return {
    environment: options.environment,
    currency: "USD",
    pricesAsOf: prices.pricesAsOf,
    region: prices.region,
    items: costs.map(toItem),
    fixed: fixed.map((f) => ({ ...f, usd: roundUsd(f.usd) })),
    totalUsd: roundUsd(total),
    freeTier: { lines: freeTier, usd: roundUsd(freeTier.reduce((sum, line) => sum + line.usd, 0)) },
    assumptions: [
      ...describeAssumptions(assumptions),
      ...(options.config ? [] : ["No nightshift.config.ts: the database, secrets and logs are left out."]),
    ],
  };
}

function freeTierLines(costs: readonly JobCost[], prices: PriceTable, assumptions: CostAssumptions): FreeTierLine[] {
  const sum = (pick: (c: JobCost) => number) => costs.reduce((total, c) => total + pick(c), 0);
  const line = (name: string, used: number, free: number, pricePerUnit: number): FreeTierLine => ({
    name,
    used: roundUsd(used),
    free,
    usd: roundUsd(Math.min(used, free) * pricePerUnit),
  });
  return [
    line(
      "Lambda requests",
      sum((c) => c.usage.lambdaRequests),
      prices.freeTier.lambdaRequests,
      prices.lambda.requestsPerMillion / 1e6,
    ),
    line(
      "Lambda compute (GB-s)",
      sum((c) => c.usage.gbSeconds),
      prices.freeTier.lambdaGbSeconds,
      prices.lambda.gbSecond[assumptions.architecture],
    ),
    line(
      "Scheduler invocations",
      sum((c) => c.usage.schedulerInvocations),
      prices.freeTier.schedulerInvocations,
      prices.scheduler.invocationsPerMillion / 1e6,
    ),
    line(
      "SQS requests",
      sum((c) => c.usage.sqsRequests),
      prices.freeTier.sqsRequests,
      prices.sqs.standardRequestsPerMillion / 1e6,
    ),
    line(
      "SNS publishes",
      sum((c) => c.usage.snsPublishes),
      prices.freeTier.snsPublishes,
      prices.sns.publishesPerMillion / 1e6,
    ),
  ];
}
