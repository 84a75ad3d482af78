import { MONTH_LONG } from "./fields";
import { got, ScheduleSyntaxError } from "./schedule-error";
import type { ParsedAt } from "./types";

/** Checks the inside of `at(...)`: a real local date-time `yyyy-mm-ddThh:mm:ss`. */
export function parseAt(written: string, inner: string): ParsedAt {
  const text = inner.trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!match) {
    const zoneHint = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? " without Z or an offset (the job's timezone applies)" : "";
    throw new ScheduleSyntaxError(
      `at needs a local date-time yyyy-mm-ddThh:mm:ss${zoneHint}, e.g. at(2027-01-01T09:00:00) (got ${got(text)}).`,
    );
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const raw = match.slice(1) as string[];
  if (year < 1970 || year > 2199) throw new ScheduleSyntaxError(`at year must be 1970-2199 (got ${raw[0]}).`);
  if (month < 1 || month > 12) throw new ScheduleSyntaxError(`at month must be 01-12 (got ${raw[1]}).`);
  const days = daysInMonth(year, month);
  if (day < 1 || day > days)
    throw new ScheduleSyntaxError(`at day must be 01-${days} in ${MONTH_LONG[month - 1]} ${year} (got ${raw[2]}).`);
  if (hour > 23) throw new ScheduleSyntaxError(`at hour must be 00-23 (got ${raw[3]}).`);
  if (minute > 59) throw new ScheduleSyntaxError(`at minute must be 00-59 (got ${raw[4]}).`);
  if (second > 59) throw new ScheduleSyntaxError(`at second must be 00-59 (got ${raw[5]}).`);
  return { kind: "at", written, expression: `at(${text})`, local: text };
}

/** Days in a month of the proleptic Gregorian calendar; month is 1-12. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
