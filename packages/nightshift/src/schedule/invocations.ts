import { fireTimes } from "./fire-times";
import type { ParsedSchedule } from "./types";

/** The month the cost model uses: 730 hours (8,760 hours a year / 12). */
export const HOURS_PER_MONTH = 730;

/**
 * How many times a schedule fires in the 730-hour window starting at `from` (inclusive), with
 * the zone's DST rules applied; `rate()` is anchored at `from`. A cron firing every minute gives
 * exactly 43,800.
 */
export function invocationsPerMonth(schedule: ParsedSchedule, timezone: string, from: Date): number {
  const start = from.getTime();
  const end = start + HOURS_PER_MONTH * 3_600_000;
  let count = 0;
  for (const time of fireTimes(schedule, { timezone, after: new Date(start - 1), anchor: from })) {
    if (time.getTime() >= end) break;
    count++;
  }
  return count;
}
