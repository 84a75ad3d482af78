import { cronMatcher } from "./cron-matcher";
import { assertTimezone } from "./timezone";
import type { ParsedAt, ParsedCronExpression, ParsedRate, ParsedSchedule } from "./types";
import { instantsOfWallTime, wallTimeOf } from "./zone-time";

export interface FireTimeOptions {
  /** IANA zone the schedule is read in. */
  timezone: string;
  /** Only fire times strictly after this instant are returned. */
  after: Date;
  /** How many fire times to return at most (fewer when the schedule ends). */
  count: number;
  /**
   * `rate()` only: the first fire time (EventBridge Scheduler's start date); later ones follow
   * every interval. @default `after`, so the first fire time is `after` + one interval
   */
  anchor?: Date;
}

/** How far before `after` (in wall time) the cron walk starts, to cover any repeated hour. */
const LOOKBACK_MS = 3 * 3_600_000;

/**
 * The next fire times of a schedule, ascending, computed as EventBridge Scheduler does: a cron is
 * read on the wall clock of the zone; a wall time skipped by spring-forward does not run, and one
 * repeated by fall-back runs once, at its first occurrence. `rate()` is a fixed interval in
 * absolute time; `at()` fires once (never when its wall time does not exist in the zone).
 *
 * @example nextFireTimes(parseSchedule("cron(0 10 ? * MON-FRI *)"), { timezone: "Europe/Paris", after: new Date("2026-03-27T00:00:00Z"), count: 3 })
 */
export function nextFireTimes(schedule: ParsedSchedule, options: FireTimeOptions): Date[] {
  const { count } = options;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a whole number ≥ 0 (got ${count}).`);
  const times: Date[] = [];
  if (count === 0) return times;
  for (const time of fireTimes(schedule, options)) {
    times.push(time);
    if (times.length >= count) break;
  }
  return times;
}

/** Every fire time strictly after `after`, lazily, ascending; ends only when the schedule does. */
export function* fireTimes(
  schedule: ParsedSchedule,
  options: Omit<FireTimeOptions, "count">,
): Generator<Date, void, undefined> {
  const after = options.after.getTime();
  if (Number.isNaN(after)) throw new RangeError("after must be a valid Date.");
  assertTimezone(options.timezone, "timezone");
  switch (schedule.kind) {
    case "rate":
      yield* rateTimes(schedule, after, options.anchor?.getTime() ?? after);
      return;
    case "at":
      yield* atTimes(schedule, after, options.timezone);
      return;
    case "cron":
      yield* cronTimes(schedule, after, options.timezone);
      return;
  }
}

function* rateTimes(schedule: ParsedRate, after: number, anchor: number): Generator<Date> {
  if (Number.isNaN(anchor)) throw new RangeError("anchor must be a valid Date.");
  const interval = schedule.intervalSeconds * 1000;
  let k = after < anchor ? 0 : Math.floor((after - anchor) / interval) + 1;
  for (;;) yield new Date(anchor + k++ * interval);
}

function* atTimes(schedule: ParsedAt, after: number, timezone: string): Generator<Date> {
  const [first] = instantsOfWallTime(Date.parse(`${schedule.local}Z`), timezone);
  if (first !== undefined && first > after) yield new Date(first);
}

function* cronTimes(schedule: ParsedCronExpression, after: number, timezone: string): Generator<Date> {
  const matcher = cronMatcher(schedule);
  const start = Math.floor((wallTimeOf(after, timezone) - LOOKBACK_MS) / 60_000) * 60_000;
  let wall: Date | undefined = new Date(start - 1000);
  for (;;) {
    wall = matcher.next(wall);
    if (!wall) return;
    // First occurrence only: a repeated wall time runs once; a skipped one has no instant.
    const [instant] = instantsOfWallTime(wall.getTime(), timezone);
    if (instant !== undefined && instant > after) yield new Date(instant);
  }
}
