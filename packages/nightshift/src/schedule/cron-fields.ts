import { AWS_FIELDS, DAY_NAMES, MONTH_LONG, parseFieldList } from "./fields";
import { got, ScheduleSyntaxError } from "./schedule-error";

/** Which days of the month a cron allows. `any` is `?`, `every` is `*`. */
export type DayOfMonthRule =
  | { readonly kind: "any" }
  | { readonly kind: "every" }
  | { readonly kind: "values"; readonly values: readonly number[] }
  /** `L` (offset 0) or `L-n`: the last day of the month, or n days before it. */
  | { readonly kind: "last"; readonly offset: number }
  /** `nW`: the weekday (Monday-Friday) nearest day n, within the same month. */
  | { readonly kind: "weekday"; readonly day: number };

/** Which days of the week a cron allows, in AWS numbering (1 = Sunday). */
export type DayOfWeekRule =
  | { readonly kind: "any" }
  | { readonly kind: "every" }
  | { readonly kind: "values"; readonly values: readonly number[] }
  /** `nL`: the last such weekday of the month. */
  | { readonly kind: "last"; readonly day: number }
  /** `n#k`: the k-th such weekday of the month. */
  | { readonly kind: "nth"; readonly day: number; readonly nth: number };

/** The six AWS fields, checked and resolved to values. Computed from `ParsedCronExpression.fields`. */
export interface CronFields {
  /** Normalized field text (upper case), ready to join into `cron(...)`. */
  readonly fields: readonly [string, string, string, string, string, string];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly dayOfMonth: DayOfMonthRule;
  readonly months: readonly number[];
  readonly dayOfWeek: DayOfWeekRule;
  /** `undefined` when the year field is `*`. */
  readonly years: readonly number[] | undefined;
}

const USAGE = "minutes hours day-of-month month day-of-week year";

/**
 * Checks the inside of an AWS `cron(...)` expression and resolves each field. Throws a
 * `ScheduleSyntaxError` naming the field, the value and the allowed values.
 */
export function parseCronFields(inner: string): CronFields {
  const parts = inner.trim().split(/\s+/).filter(Boolean);
  if (parts.length !== 6) throw new ScheduleSyntaxError(fieldCountReason(parts));
  const fields = parts.map((part) => part.toUpperCase()) as unknown as CronFields["fields"];
  const [minutes, hours, dom, month, dow, year] = fields;
  const result: CronFields = {
    fields,
    minutes: parseFieldList(minutes, AWS_FIELDS.minutes).values,
    hours: parseFieldList(hours, AWS_FIELDS.hours).values,
    dayOfMonth: parseDayOfMonth(dom),
    months: parseFieldList(month, AWS_FIELDS.month).values,
    dayOfWeek: parseDayOfWeek(dow),
    years: year === "*" ? undefined : parseFieldList(year, AWS_FIELDS.year).values,
  };
  checkDayFields(result);
  checkDayExists(result);
  return result;
}

function fieldCountReason(parts: string[]): string {
  const count = parts.length;
  if (count === 5)
    return `AWS cron needs 6 fields (${USAGE}), got 5; add the year field, e.g. cron(${parts.join(" ")} *).`;
  if (count === 7)
    return `AWS cron needs 6 fields (${USAGE}), got 7; it has no seconds field and runs at most once a minute.`;
  return `AWS cron needs 6 fields (${USAGE}), got ${count}.`;
}

function parseDayOfMonth(text: string): DayOfMonthRule {
  if (text === "?") return { kind: "any" };
  if (text === "*") return { kind: "every" };
  if (text === "L") return { kind: "last", offset: 0 };
  if (text === "LW")
    throw new ScheduleSyntaxError(
      `day-of-month "LW" (last weekday of the month) is not in the EventBridge Scheduler cron syntax; use L (last day), L-n (n days before it) or nW (weekday nearest day n).`,
    );
  const lastOffset = /^L-(\d+)$/.exec(text);
  if (lastOffset) {
    const offset = Number(lastOffset[1]);
    if (offset < 1 || offset > 30) throw new ScheduleSyntaxError(`day-of-month L-n needs n 1-30 (got ${got(text)}).`);
    return { kind: "last", offset };
  }
  const weekday = /^(\d+)W$/.exec(text);
  if (weekday) {
    const day = Number(weekday[1]);
    if (day < 1 || day > 31) throw new ScheduleSyntaxError(`day-of-month nW needs n 1-31 (got ${got(text)}).`);
    return { kind: "weekday", day };
  }
  return { kind: "values", values: parseFieldList(text, AWS_FIELDS["day-of-month"]).values };
}

function parseDayOfWeek(text: string): DayOfWeekRule {
  if (text === "?") return { kind: "any" };
  if (text === "*") return { kind: "every" };
  if (text === "L") return { kind: "values", values: [7] };
  const last = /^([A-Z\d]+)L$/.exec(text);
  if (last && !text.includes(",") && !text.includes("-"))
    return { kind: "last", day: weekdayNumber(last[1] ?? "", text, "L") };
  if (text.includes("#")) {
    const nth = /^([A-Z\d]+)#(\d+)$/.exec(text);
    if (!nth)
      throw new ScheduleSyntaxError(
        `day-of-week takes "#" only as one single n#k item, e.g. 2#1 for the first Monday (got ${got(text)}); AWS allows one "#" term per expression.`,
      );
    const day = weekdayNumber(nth[1] ?? "", text, "#");
    const k = Number(nth[2]);
    if (k < 1 || k > 5)
      throw new ScheduleSyntaxError(`day-of-week n#k needs k 1-5, the week of the month (got ${got(text)}).`);
    return { kind: "nth", day, nth: k };
  }
  return { kind: "values", values: parseFieldList(text, AWS_FIELDS["day-of-week"]).values };
}

/** The day number before `L` or `#`, which must be a digit 1-7 (the documented AWS form). */
function weekdayNumber(raw: string, text: string, suffix: "L" | "#"): number {
  const example = suffix === "L" ? "6L for the last Friday" : "6#3 for the third Friday";
  if (/^\d+$/.test(raw)) {
    const day = Number(raw);
    if (day >= 1 && day <= 7) return day;
    throw new ScheduleSyntaxError(
      `day-of-week must be 1-7 (1 = Sunday) before "${suffix}" (got ${got(text)}), e.g. ${example}.`,
    );
  }
  const index = DAY_NAMES.indexOf(raw as (typeof DAY_NAMES)[number]);
  if (index !== -1)
    throw new ScheduleSyntaxError(
      `day-of-week takes a number 1-7 (1 = Sunday) before "${suffix}", not a name (got ${got(text)}); write ${index + 1}${text.slice(raw.length)}.`,
    );
  throw new ScheduleSyntaxError(
    `day-of-week must be 1-7 (1 = Sunday) before "${suffix}" (got ${got(text)}), e.g. ${example}.`,
  );
}

/** AWS: exactly one of day-of-month and day-of-week is `?`, because it cannot combine the two. */
function checkDayFields(cron: CronFields): void {
  const [minutes, hours, dom, month, dow, year] = cron.fields;
  const domAny = cron.dayOfMonth.kind === "any";
  const dowAny = cron.dayOfWeek.kind === "any";
  if (domAny && dowAny)
    throw new ScheduleSyntaxError(
      `day-of-month and day-of-week are both "?"; AWS needs exactly one "?", e.g. cron(${minutes} ${hours} * ${month} ? ${year}) for every day.`,
    );
  if (!domAny && !dowAny) {
    const fix =
      dom === "*"
        ? `cron(${minutes} ${hours} ? ${month} ${dow} ${year})`
        : `cron(${minutes} ${hours} ${dom} ${month} ? ${year})`;
    throw new ScheduleSyntaxError(
      `day-of-month (${got(dom)}) and day-of-week (${got(dow)}) are both set; AWS cannot combine them and needs "?" in exactly one, e.g. ${fix}.`,
    );
  }
}

/** Days in each month at most (February 29 in leap years), 1-based. */
const MAX_DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Rejects a day-of-month that no selected month has, such as 30 in February: it would never run. */
function checkDayExists(cron: CronFields): void {
  const dom = cron.dayOfMonth;
  const longest = Math.max(...cron.months.map((month) => MAX_DAYS[month] ?? 31));
  const first =
    dom.kind === "values" ? dom.values[0] : dom.kind === "weekday" ? dom.day : dom.kind === "last" ? dom.offset + 1 : 1;
  if (first === undefined || first <= longest) return;
  const months = cron.months.map((month) => MONTH_LONG[month - 1]).join(", ");
  throw new ScheduleSyntaxError(
    `day-of-month ${got(cron.fields[2])} never occurs in ${months} (at most ${longest} days), so the schedule would never run.`,
  );
}
