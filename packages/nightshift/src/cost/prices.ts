/**
 * AWS list prices the cost estimate uses, in USD. One table, dated, for us-east-1 on-demand; a
 * project overrides any entry with `nightshift cost --prices <file.json>` (same shape, partial).
 */
export interface PriceTable {
  /** The day these prices were checked against AWS's pricing pages (yyyy-mm-dd). */
  readonly pricesAsOf: string;
  readonly region: string;
  readonly lambda: {
    /** Per 1 million requests. */
    readonly requestsPerMillion: number;
    /** Per GB-second of compute, by architecture. */
    readonly gbSecond: { readonly arm64: number; readonly x86_64: number };
  };
  readonly scheduler: {
    /** EventBridge Scheduler, per 1 million invocations. */
    readonly invocationsPerMillion: number;
  };
  readonly sqs: {
    /** Per 1 million requests; every 64 KiB chunk of a payload is one request. */
    readonly standardRequestsPerMillion: number;
    readonly fifoRequestsPerMillion: number;
  };
  readonly sns: {
    /** Per 1 million publishes; deliveries to SQS are free. */
    readonly publishesPerMillion: number;
  };
  readonly logs: {
    readonly ingestedPerGb: number;
    readonly storedPerGbMonth: number;
  };
  readonly cloudwatch: {
    /** Standard-resolution metric alarm, per month. */
    readonly alarmPerMonth: number;
  };
  readonly rds: {
    /** PostgreSQL single-AZ on-demand, per instance-hour, by instance class. */
    readonly instanceHourly: Readonly<Record<string, number>>;
    /** gp3 storage per GB-month. */
    readonly storagePerGbMonth: number;
  };
  readonly secretsManager: {
    readonly secretPerMonth: number;
    readonly apiCallsPer10k: number;
  };
  /** Monthly free tier per account. Shown beside the estimate, never subtracted from it. */
  readonly freeTier: {
    readonly lambdaRequests: number;
    readonly lambdaGbSeconds: number;
    readonly schedulerInvocations: number;
    readonly sqsRequests: number;
    readonly snsPublishes: number;
    readonly alarms: number;
  };
}

/** us-east-1 on-demand list prices, checked on `pricesAsOf`. */
export const PRICES: PriceTable = {
  pricesAsOf: "2026-12-01",
  region: "us-east-1",
  lambda: { requestsPerMillion: 0.2, gbSecond: { arm64: 0.0000133334, x86_64: 0.0000166667 } },
  scheduler: { invocationsPerMillion: 1.0 },
  sqs: { standardRequestsPerMillion: 0.4, fifoRequestsPerMillion: 0.5 },
  sns: { publishesPerMillion: 0.5 },
  logs: { ingestedPerGb: 0.5, storedPerGbMonth: 0.03 },
  cloudwatch: { alarmPerMonth: 0.1 },
  rds: {
    instanceHourly: {
      "db.t4g.micro": 0.016,
      "db.t4g.small": 0.032,
      "db.t4g.medium": 0.065,
      "db.t4g.large": 0.129,
    },
    storagePerGbMonth: 0.115,
  },
  secretsManager: { secretPerMonth: 0.4, apiCallsPer10k: 0.05 },
  freeTier: {
    lambdaRequests: 1_000_000,
    lambdaGbSeconds: 400_000,
    schedulerInvocations: 14_000_000,
    sqsRequests: 1_000_000,
    snsPublishes: 1_000_000,
    alarms: 10,
  },
};
