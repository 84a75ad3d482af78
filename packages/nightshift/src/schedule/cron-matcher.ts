import { Cron } from "croner";
import { type CronFields, parseCronFields } from "./cron-fields";
import { daysInMonth } from "./parse-at";
import type { ParsedCronExpression } from "./types";

/** Enumerates the wall times a cron matches, on croner's UTC clock standing in for local time. */
export interface CronMatcher {
  /** The next matching wall time strictly after `wall`, or `undefined` when there is none. */
  next(wall: Date): Date | undefined;
}

const cache = new Map<string, CronMatcher>();

/**
 * Builds (once per expression) a matcher from the parsed fields. Croner walks the calendar; the
 * day-of-week numbering is converted here (AWS 1 = Sunday, croner 0 = Sunday) and `L-n`, which
 * croner lacks, is a narrow day range plus a filter.
 */
export function cronMatcher(schedule: ParsedCronExpression): CronMatcher {
  let matcher = cache.get(schedule.expression);
  if (!matcher) {
    matcher = createMatcher(parseCronFields(schedule.fields.join(" ")));
    cache.set(schedule.expression, matcher);
  }
  return matcher;
}

function createMatcher(fields: CronFields): CronMatcher {
  const dom = fields.dayOfMonth;
  const pattern = [
    "0",
    fields.minutes.join(","),
    fields.hours.join(","),
    dayOfMonthPattern(fields),
    fields.months.join(","),
    dayOfWeekPattern(fields),
    fields.years ? fields.years.join(",") : "*",
  ].join(" ");
  const cron = new Cron(pattern, { paused: true, mode: "7-part", domAndDow: true, utcOffset: 0 });
  const offset = dom.kind === "last" && dom.offset > 0 ? dom.offset : 0;
  const accept = (wall: Date) =>
    offset === 0 || wall.getUTCDate() === daysInMonth(wall.getUTCFullYear(), wall.getUTCMonth() + 1) - offset;
  return {
    next(wall) {
      let cursor: Date | null = wall;
      for (;;) {
        cursor = cron.nextRun(cursor);
        if (!cursor) return undefined;
        if (accept(cursor)) return cursor;
      }
    },
  };
}

function dayOfMonthPattern({ dayOfMonth: dom }: CronFields): string {
  switch (dom.kind) {
    case "any":
    case "every":
      return "*";
    case "values":
      return dom.values.join(",");
    case "weekday":
      return `${dom.day}W`;
    case "last":
      // L-n is day (days in month - n): one of days 28-n to 31-n, picked by the filter.
      return dom.offset === 0 ? "L" : `${Math.max(1, 28 - dom.offset)}-${31 - dom.offset}`;
  }
}

function dayOfWeekPattern({ dayOfWeek: dow }: CronFields): string {
  switch (dow.kind) {
    case "any":
    case "every":
      return "*";
    case "values":
      return dow.values.map((day) => day - 1).join(",");
    case "last":
      return `${dow.day - 1}#L`;
    case "nth":
      return `${dow.day - 1}#${dow.nth}`;
  }
}
