import type { Project } from "nightshift/internal/discovery/types";
import { NightshiftError } from "nightshift/internal/errors";

/** Lambda's limits for a function's timeout and memory. */
export const FUNCTION_LIMITS = { timeoutSeconds: { min: 1, max: 900 }, memoryMb: { min: 128, max: 10240 } } as const;

/** Timeout and memory within what Lambda accepts, for every cron and queue consumer. */
export function validateFunctions(project: Project): void {
  for (const job of [...project.crons, ...project.queues]) {
    const { timeoutSeconds, memoryMb } = job;
    if (
      !Number.isInteger(timeoutSeconds) ||
      timeoutSeconds < FUNCTION_LIMITS.timeoutSeconds.min ||
      timeoutSeconds > FUNCTION_LIMITS.timeoutSeconds.max
    ) {
      throw new NightshiftError(
        "E_LIMIT",
        `${job.file}: timeout is ${timeoutSeconds} seconds, but Lambda allows 1 second to 15 minutes (900 seconds); set timeout to at most "15 minutes"${job.kind === "cron" ? "" : " and split longer work into more messages"}.`,
      );
    }
    if (
      !Number.isInteger(memoryMb) ||
      memoryMb < FUNCTION_LIMITS.memoryMb.min ||
      memoryMb > FUNCTION_LIMITS.memoryMb.max
    ) {
      throw new NightshiftError(
        "E_LIMIT",
        `${job.file}: memory is ${memoryMb} MB, but Lambda allows 128–10240 MB; set memory to a whole number of MB in that range, e.g. 512.`,
      );
    }
  }
}
