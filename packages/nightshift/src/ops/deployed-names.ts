import { createHash } from "node:crypto";
import { physicalName } from "../runtime/names";

/** Lambda function and Scheduler schedule names are both capped at 64 characters. */
const FUNCTION_NAME_LIMIT = 64;
const HASH_LENGTH = 8;

/**
 * A deployed job's Lambda function name: `<app>-<env>-<job>`, and past 64 characters the job part
 * cut short and followed by `-<8 hex chars of the SHA-256 of the full name>`. This is the rule
 * `infra/naming.ts` (`Naming.name("function", job)`) deploys with; `test/ops/deployed-names.test.ts`
 * holds the two equal.
 * @example functionName("wordmon-pr-42", "check-mentions") // "wordmon-pr-42-check-mentions"
 */
export function functionName(prefix: string, job: string): string {
  const full = `${prefix}-${job}`;
  if (full.length <= FUNCTION_NAME_LIMIT) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, HASH_LENGTH);
  const room = FUNCTION_NAME_LIMIT - prefix.length - 1 - 1 - HASH_LENGTH;
  const cut = job.slice(0, Math.max(room, 1)).replace(/-+$/, "");
  return `${prefix}-${cut}-${hash}`;
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
