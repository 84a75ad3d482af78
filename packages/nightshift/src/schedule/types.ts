/**
 * A schedule, validated once by `parseSchedule()`. Infra deploys `expression`; the local scheduler,
 * the CLI and the cost model compute fire times from the same value.
 */
export type ParsedSchedule = ParsedRate | ParsedCronExpression | ParsedAt;

export interface ParsedRate {
  readonly kind: "rate";
  /** As the user wrote it. */
  readonly written: string;
  /** What EventBridge Scheduler receives, e.g. `rate(5 minutes)`. */
  readonly expression: string;
  readonly value: number;
  readonly unit: "minute" | "hour" | "day";
  readonly intervalSeconds: number;
}

export interface ParsedCronExpression {
  readonly kind: "cron";
  readonly written: string;
  /** The 6-field AWS form, e.g. `cron(0 9 ? * MON-FRI *)`, also for converted Unix crontabs. */
  readonly expression: string;
  /** Where it came from: an AWS `cron()` or a 5-field Unix crontab converted to AWS. */
  readonly source: "aws" | "unix";
  /** The six AWS fields: minutes, hours, day-of-month, month, day-of-week, year. */
  readonly fields: readonly [string, string, string, string, string, string];
}

export interface ParsedAt {
  readonly kind: "at";
  readonly written: string;
  readonly expression: string;
  /** Local wall-clock time `yyyy-mm-ddThh:mm:ss`, read in the job's time zone. */
  readonly local: string;
}
