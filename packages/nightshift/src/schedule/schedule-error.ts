import { NightshiftError, show } from "../errors";

/** The default subject of schedule errors when the caller does not name a file. */
export const DEFAULT_SCHEDULE_WHERE = "schedule";

/**
 * Raised by the parsing helpers with only the reason; `parseSchedule()` adds where and the input.
 * Never escapes this folder.
 */
export class ScheduleSyntaxError extends Error {
  override readonly name = "ScheduleSyntaxError";
}

/**
 * An `E_BAD_SCHEDULE` error in the one shape every schedule error shares:
 * `<where> "<input>": <reason>`, e.g. `schedule "cron(0 25 ? * * *)": hours must be 0-23 (got 25).`
 */
export function scheduleError(input: string, where: string, reason: string): NightshiftError {
  return new NightshiftError("E_BAD_SCHEDULE", `${where} ${show(input)}: ${reason}`);
}

/** How a user value appears inside a reason: numbers bare, anything else quoted. */
export function got(raw: string): string {
  return /^\d+$/.test(raw) ? raw : JSON.stringify(raw);
}
