export { describeSchedule } from "./describe";
export { type FireTimeOptions, fireTimes, nextFireTimes } from "./fire-times";
export { formatLocalTime } from "./format-local-time";
export { HOURS_PER_MONTH, invocationsPerMonth } from "./invocations";
export { parseSchedule } from "./parse";
export { DEFAULT_SCHEDULE_WHERE } from "./schedule-error";
export { assertTimezone } from "./timezone";
export type { ParsedAt, ParsedCronExpression, ParsedRate, ParsedSchedule } from "./types";
