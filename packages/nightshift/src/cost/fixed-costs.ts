import type { ParsedNightshiftConfig } from "../config/parse-config";
import { NightshiftError } from "../errors";
import { HOURS_PER_MONTH } from "../schedule";
import type { CostAssumptions } from "./assumptions";
import type { PriceTable } from "./prices";

/** A cost that does not depend on how often jobs run. */
export interface FixedCost {
  readonly name: string;
  readonly usd: number;
  /** How the number was made, e.g. which instance and how a shared one is attributed. */
  readonly note: string;
}

export interface FixedCostContext {
  readonly environment: string;
  readonly kind: "production" | "preview";
  readonly config: ParsedNightshiftConfig;
  readonly prices: PriceTable;
  readonly assumptions: CostAssumptions;
  /** Lambda invocations of every job in the month, for the log estimate. */
  readonly invocationsPerMonth: number;
  /** Dead-letter alarms: infra gives every cron and every queue one. */
  readonly alarms: number;
}

const GIB = 1024 ** 3;

/**
 * The database, secrets and logs of one environment.
 *
 * Database attribution: production pays for its own instance. Every other environment (`preview`,
 * `pr-<N>`, `staging`…) lives on the one shared preview instance, and is shown that instance's whole
 * price: it runs as long as any pull request is open, so one open PR costs exactly that, and each
 * further PR adds nothing but its share of storage.
 */
export function fixedCosts(context: FixedCostContext): FixedCost[] {
  const { config, prices, kind } = context;
  const size = config.database[kind];
  const hourly = prices.rds.instanceHourly[size.instanceClass];
  if (hourly === undefined) {
    throw new NightshiftError(
      "E_CONFIG",
      `nightshift.config.ts: database.${kind}.instanceClass "${size.instanceClass}" has no price in the table (prices as of ${prices.pricesAsOf}; known: ${Object.keys(prices.rds.instanceHourly).join(", ")}); add it with \`nightshift cost --prices prices.json\` and { "rds": { "instanceHourly": { "${size.instanceClass}": <USD per hour> } } }.`,
    );
  }
  const shared = kind === "preview";
  const instance: FixedCost = {
    name: shared
      ? `Database instance (shared preview ${size.instanceClass})`
      : `Database instance (${size.instanceClass})`,
    usd: hourly * HOURS_PER_MONTH,
    note: shared
      ? `${hourly} USD/hour × ${HOURS_PER_MONTH} h; one instance serves every non-production environment, counted whole here`
      : `${hourly} USD/hour × ${HOURS_PER_MONTH} h`,
  };
  const storage: FixedCost = {
    name: shared ? "Database storage (shared preview gp3)" : "Database storage (gp3)",
    usd: size.allocatedStorageGb * prices.rds.storagePerGbMonth,
    note: `${size.allocatedStorageGb} GB × ${prices.rds.storagePerGbMonth} USD/GB-month`,
  };
  // The app's declared secrets (one set per scope: production's own, preview's shared by every
  // pull request) plus the environment's own database login secret, as infra creates them.
  const secretNames = [...config.secrets.map((s) => s.name), `${config.app}-${context.environment}-database`];
  const secrets: FixedCost = {
    name: `Secrets Manager (${secretNames.length} secret${secretNames.length === 1 ? "" : "s"})`,
    usd: secretNames.length * prices.secretsManager.secretPerMonth,
    note: `${secretNames.join(", ")} × ${prices.secretsManager.secretPerMonth} USD${
      shared && config.secrets.length > 0 ? "; the app secrets are preview's, shared by every pull request" : ""
    }; API calls at cold starts are not counted`,
  };
  const ingestedGb = (context.invocationsPerMonth * context.assumptions.logBytesPerInvocation) / GIB;
  const storedGb = ingestedGb * (config.logRetentionDays / (HOURS_PER_MONTH / 24));
  const logs: FixedCost = {
    name: "CloudWatch Logs (estimate)",
    usd: ingestedGb * prices.logs.ingestedPerGb + storedGb * prices.logs.storedPerGbMonth,
    note: `${context.invocationsPerMonth} invocations × ${context.assumptions.logBytesPerInvocation} bytes ingested, kept ${config.logRetentionDays} days`,
  };
  const alarms: FixedCost = {
    name: `CloudWatch alarms (${context.alarms})`,
    usd: context.alarms * prices.cloudwatch.alarmPerMonth,
    note: `one dead-letter alarm per cron and queue × ${prices.cloudwatch.alarmPerMonth} USD`,
  };
  return [instance, storage, secrets, logs, alarms];
}
