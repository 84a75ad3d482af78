import { type CronEvent, schedulerInput } from "../runtime/lambda/scheduler-input";

/**
 * The event EventBridge Scheduler would deliver for one run of `job`: the deployed schedule's exact
 * `Input` with its placeholders filled in, so a hand-started run is indistinguishable from a
 * scheduled one (except for its `manual-` execution id).
 * @example cronEvent("check-mentions", "wordmon-pr-42-check-mentions", new Date(), "manual-1b2c…")
 */
export function cronEvent(job: string, schedule: string, scheduledTime: Date, executionId: string): CronEvent {
  const values: Record<string, string> = {
    "<aws.scheduler.scheduled-time>": `${scheduledTime.toISOString().slice(0, 19)}Z`,
    "<aws.scheduler.execution-id>": executionId,
    "<aws.scheduler.attempt-number>": "1",
  };
  const input = JSON.parse(schedulerInput(job, schedule)) as Record<string, string>;
  return Object.fromEntries(
    Object.entries(input).map(([key, value]) => [key, values[value] ?? value]),
  ) as unknown as CronEvent;
}
