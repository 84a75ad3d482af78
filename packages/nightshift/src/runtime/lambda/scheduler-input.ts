/**
 * The event EventBridge Scheduler delivers to a cron function. Infra sets each schedule's target
 * input to `schedulerInput(job, scheduleName)`; Scheduler substitutes the context attributes (as
 * strings) at every invocation.
 */
export interface CronEvent {
  readonly job: string;
  readonly schedule: string;
  /** ISO time the schedule was due, e.g. `2026-12-03T09:00:00Z`. */
  readonly scheduledTime: string;
  /** Same across Scheduler's retries of one scheduled run. */
  readonly executionId: string;
  /** Scheduler's delivery attempt, `"1"` first. */
  readonly attempt: string;
}

/**
 * The Scheduler target `Input` for a cron: JSON with Scheduler's context attributes as placeholders.
 * @example schedulerInput("check-mentions", "wordmon-production-check-mentions")
 */
export function schedulerInput(job: string, scheduleName: string): string {
  return JSON.stringify({
    job,
    schedule: scheduleName,
    scheduledTime: "<aws.scheduler.scheduled-time>",
    executionId: "<aws.scheduler.execution-id>",
    attempt: "<aws.scheduler.attempt-number>",
  });
}
