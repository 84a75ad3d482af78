import { boundedName, physicalName } from "../runtime/names";

/** Lambda function and Scheduler schedule names are both capped at 64 characters. */
const FUNCTION_NAME_LIMIT = 64;

/**
 * A deployed job's Lambda function name: `<app>-<env>-<job>`, shortened past 64 characters with the
 * same `boundedName` rule infra deploys with.
 * @example functionName("wordmon-pr-42", "check-mentions") // "wordmon-pr-42-check-mentions"
 */
export function functionName(prefix: string, job: string): string {
  return boundedName(prefix, job, FUNCTION_NAME_LIMIT) ?? `${prefix}-${job}`;
}

/** The schedule EventBridge Scheduler fires a cron with (same name and limit as its function). */
export function scheduleName(prefix: string, job: string): string {
  return functionName(prefix, job);
}

/** The CloudWatch Logs group a job's function writes to. */
export function logGroupName(prefix: string, job: string): string {
  return `/aws/lambda/${functionName(prefix, job)}`;
}

/** A job's queue name (`<prefix>-<job>[.fifo]`), from the runtime's own naming function. */
export function queueName(prefix: string, job: string, fifo: boolean): string {
  return physicalName(prefix, job, { fifo });
}
