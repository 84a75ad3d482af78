import { NightshiftError, show } from "../errors";

/** A duration written the way people say it: `"30 seconds"`, `"1 minute"`, `"2 hours"`, `"1 day"`. */
export type Duration = `${number} ${"second" | "seconds" | "minute" | "minutes" | "hour" | "hours" | "day" | "days"}`;

const UNIT_SECONDS: Record<string, number> = {
  second: 1,
  seconds: 1,
  minute: 60,
  minutes: 60,
  hour: 3600,
  hours: 3600,
  day: 86400,
  days: 86400,
};

const DURATION_PATTERN = /^\s*(\d+(?:\.\d+)?)\s*(seconds?|minutes?|hours?|days?)\s*$/;

/**
 * Parses a duration string into whole seconds (fractions are allowed when they come to whole
 * seconds, e.g. "1.5 minutes"). `where` names the file and field for the error.
 */
export function parseDuration(value: unknown, where: string): number {
  if (typeof value === "number") {
    throw new NightshiftError(
      "E_BAD_DURATION",
      `${where} must be a duration string such as "30 seconds" or "5 minutes" (got the number ${value}); write the unit, e.g. "${value} seconds".`,
    );
  }
  const match = typeof value === "string" ? DURATION_PATTERN.exec(value) : null;
  if (!match) {
    throw new NightshiftError(
      "E_BAD_DURATION",
      `${where} must be a duration such as "30 seconds", "5 minutes", "2 hours" or "1 day" (got ${show(value)}).`,
    );
  }
  const seconds = Number(match[1]) * (UNIT_SECONDS[match[2] as string] as number);
  if (!Number.isInteger(seconds)) {
    throw new NightshiftError(
      "E_BAD_DURATION",
      `${where} must come to a whole number of seconds (got ${show(value)} = ${seconds} seconds).`,
    );
  }
  return seconds;
}

/** Formats seconds back into the largest exact unit: 90 → "90 seconds", 120 → "2 minutes". */
export function formatDuration(seconds: number): string {
  for (const [unit, size] of [
    ["day", 86400],
    ["hour", 3600],
    ["minute", 60],
  ] as const) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${unit}${n === 1 ? "" : "s"}`;
    }
  }
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}
