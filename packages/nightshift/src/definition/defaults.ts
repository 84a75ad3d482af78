/**
 * Every default Nightshift applies, in one place. Infra, the local environment, the CLI and the cost
 * model all read these; nothing else may hard-code them.
 */
export const DEFAULTS = {
  cron: {
    timezone: "UTC",
    timeout: "1 minute",
    memory: 256,
    /** Lambda async retries after a failed run (0–2). */
    retries: 2,
    overlap: "allow",
    environments: { production: true, preview: false, development: true },
  },
  queue: {
    batchSize: 10,
    batchWindow: "0 seconds",
    concurrency: 5,
    /** Failed deliveries retried before the message moves to the DLQ: maxReceiveCount = retries + 1. */
    retries: 3,
    timeout: "30 seconds",
    memory: 256,
    delay: "0 seconds",
    retention: "4 days",
    fifo: false,
  },
  /** Dead-letter queues keep messages for SQS's maximum, so nothing expires before someone looks. */
  dlqRetention: "14 days",
  /** Visibility timeout = this × function timeout (AWS guidance for SQS event sources). */
  visibilityTimeoutFactor: 6,
  /** `ctx.signal` aborts this long before the Lambda deadline, so handlers can stop cleanly. */
  abortMarginMs: 1000,
  logRetentionDays: 30,
} as const;

/** Environments a cron can be switched on or off in. `preview` covers every `pr-<N>` environment. */
export type EnvironmentKind = "production" | "preview" | "development";
