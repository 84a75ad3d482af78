import { got, ScheduleSyntaxError } from "./schedule-error";

/** The six AWS cron fields, in order. Unix crontabs use the first five. */
export type FieldName = "minutes" | "hours" | "day-of-month" | "month" | "day-of-week" | "year";

export const FIELD_NAMES: readonly FieldName[] = ["minutes", "hours", "day-of-month", "month", "day-of-week", "year"];

/** What one cron field accepts. */
export interface FieldSpec {
  readonly name: FieldName;
  readonly min: number;
  readonly max: number;
  /** Value names, the first standing for `namesFrom`. */
  readonly names?: readonly string[];
  readonly namesFrom?: number;
  /** Whether `/` steps are allowed (AWS day-of-week has none). */
  readonly steps: boolean;
  /** Whether a step may follow a single value (`5/15`, AWS) or only `*` and ranges (Unix). */
  readonly stepFromValue: boolean;
  /** The allowed values, as error messages show them. */
  readonly allowed: string;
  /** Said after a bad value, e.g. how Sunday is numbered. */
  readonly note?: string;
}

export const MONTH_NAMES = [
  "JAN",
  "FEB",
  "MAR",
  "APR",
  "MAY",
  "JUN",
  "JUL",
  "AUG",
  "SEP",
  "OCT",
  "NOV",
  "DEC",
] as const;
export const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;
export const MONTH_LONG = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;
export const DAY_LONG = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

const aws = { steps: true, stepFromValue: true } as const;

/** AWS EventBridge Scheduler fields: day-of-week 1-7 is SUN-SAT. */
export const AWS_FIELDS: Readonly<Record<FieldName, FieldSpec>> = {
  minutes: { name: "minutes", min: 0, max: 59, allowed: "0-59", ...aws },
  hours: { name: "hours", min: 0, max: 23, allowed: "0-23", ...aws },
  "day-of-month": { name: "day-of-month", min: 1, max: 31, allowed: "1-31", ...aws },
  month: { name: "month", min: 1, max: 12, names: MONTH_NAMES, namesFrom: 1, allowed: "1-12 or JAN-DEC", ...aws },
  "day-of-week": {
    name: "day-of-week",
    min: 1,
    max: 7,
    names: DAY_NAMES,
    namesFrom: 1,
    allowed: "1-7 or SUN-SAT",
    note: "; AWS numbers Sunday 1 and Saturday 7, unlike Unix cron (0 = Sunday)",
    steps: false,
    stepFromValue: false,
  },
  year: { name: "year", min: 1970, max: 2199, allowed: "1970-2199", ...aws },
};

const unix = { steps: true, stepFromValue: false } as const;

/** Unix crontab fields: day-of-week 0-7 where 0 and 7 are Sunday and 1 is Monday. */
export const UNIX_FIELDS: Readonly<Record<Exclude<FieldName, "year">, FieldSpec>> = {
  minutes: { ...AWS_FIELDS.minutes, ...unix },
  hours: { ...AWS_FIELDS.hours, ...unix },
  "day-of-month": { ...AWS_FIELDS["day-of-month"], ...unix },
  month: { ...AWS_FIELDS.month, ...unix },
  "day-of-week": {
    name: "day-of-week",
    min: 0,
    max: 7,
    names: DAY_NAMES,
    namesFrom: 0,
    allowed: "0-7 or SUN-SAT",
    note: "; in a crontab 0 and 7 are Sunday",
    ...unix,
  },
};

/** One comma-separated item of a field: `*`, `5`, `MON-FRI`, `*\/15`, `0-30/10`, `5/15`. */
export interface FieldTerm {
  /** As written, upper-cased. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly step: number;
  /** The item starts with `*`. */
  readonly wildcard: boolean;
  /** The item uses value names (`MON`, `JAN`). */
  readonly named: boolean;
}

export interface ParsedField {
  readonly terms: readonly FieldTerm[];
  /** Every value the field matches, ascending. */
  readonly values: readonly number[];
}

/**
 * Parses a field made of `,` lists, `-` ranges, `*` and `/` steps (no `?`, `L`, `W`, `#`: the
 * callers handle those first) and checks every value against the field's limits.
 */
export function parseFieldList(text: string, spec: FieldSpec): ParsedField {
  const upper = text.toUpperCase();
  rejectMisplacedSpecials(upper, spec);
  const terms = upper.split(",").map((item) => {
    if (item === "") throw new ScheduleSyntaxError(`${spec.name} has an empty item in the list ${got(text)}.`);
    return parseTerm(item, spec);
  });
  const values = new Set<number>();
  for (const term of terms) for (let v = term.start; v <= term.end; v += term.step) values.add(v);
  return { terms, values: [...values].sort((a, b) => a - b) };
}

function rejectMisplacedSpecials(text: string, spec: FieldSpec): void {
  const isDay = spec.name === "day-of-month" || spec.name === "day-of-week";
  if (text.includes("?"))
    throw new ScheduleSyntaxError(
      `"?" is only allowed alone in day-of-month or day-of-week (got ${got(text)} in ${spec.name}).`,
    );
  if (text.includes("#"))
    throw new ScheduleSyntaxError(
      spec.name === "day-of-week"
        ? `day-of-week takes "#" only as one single n#k item, e.g. 2#1 for the first Monday (got ${got(text)}).`
        : `"#" is only allowed in day-of-week, e.g. 2#1 for the first Monday (got ${got(text)} in ${spec.name}).`,
    );
  for (const item of text.split(",")) {
    const base = item.split("/")[0] ?? "";
    const w = /^(\d+W|LW|W)$/.test(base);
    const l = /^(L|L-\d+|\d+L)$/.test(base);
    if (!w && !l) continue;
    if (isDay && (spec.name === "day-of-month" || l))
      throw new ScheduleSyntaxError(
        `${spec.name} takes ${got(base)} only as the whole field, not in a list or with a step (got ${got(text)}).`,
      );
    if (w)
      throw new ScheduleSyntaxError(
        `"W" is only allowed in day-of-month, e.g. 15W for the weekday nearest the 15th (got ${got(text)} in ${spec.name}).`,
      );
    throw new ScheduleSyntaxError(
      `"L" is only allowed in day-of-month and day-of-week (got ${got(text)} in ${spec.name}).`,
    );
  }
}

function parseTerm(item: string, spec: FieldSpec): FieldTerm {
  const slash = item.indexOf("/");
  const base = slash === -1 ? item : item.slice(0, slash);
  let step = 1;
  if (slash !== -1) {
    if (!spec.steps)
      throw new ScheduleSyntaxError(
        `${spec.name} does not take "/" steps in AWS cron (got ${got(item)}); list the days instead, e.g. 1,3,5,7.`,
      );
    const stepText = item.slice(slash + 1);
    const span = spec.max - spec.min;
    if (!/^\d+$/.test(stepText) || Number(stepText) < 1 || Number(stepText) > span)
      throw new ScheduleSyntaxError(`${spec.name} step must be 1-${span} (got ${got(stepText)} in ${got(item)}).`);
    step = Number(stepText);
  }
  if (base === "*") {
    return { text: item, start: spec.min, end: spec.max, step, wildcard: true, named: false };
  }
  const dash = base.indexOf("-");
  if (dash === -1) {
    const value = parseValue(base, spec);
    if (slash !== -1 && !spec.stepFromValue)
      throw new ScheduleSyntaxError(
        `${spec.name} step ${got(item)} needs a range in a crontab; write ${base}-${spec.max}/${step}.`,
      );
    const end = slash === -1 ? value.value : spec.max;
    return { text: item, start: value.value, end, step, wildcard: false, named: value.named };
  }
  const from = parseValue(base.slice(0, dash), spec);
  const to = parseValue(base.slice(dash + 1), spec);
  if (from.value > to.value)
    throw new ScheduleSyntaxError(
      `${spec.name} range ${got(base)} runs backwards; write it as two ranges, e.g. ${from.value}-${spec.max},${to.value === spec.min ? spec.min : `${spec.min}-${to.value}`}.`,
    );
  return { text: item, start: from.value, end: to.value, step, wildcard: false, named: from.named || to.named };
}

function parseValue(raw: string, spec: FieldSpec): { value: number; named: boolean } {
  if (/^\d+$/.test(raw)) {
    const value = Number(raw);
    if (value >= spec.min && value <= spec.max) return { value, named: false };
  } else if (spec.names) {
    const index = spec.names.indexOf(raw);
    if (index !== -1) return { value: index + (spec.namesFrom ?? spec.min), named: true };
  }
  throw new ScheduleSyntaxError(`${spec.name} must be ${spec.allowed} (got ${got(raw)})${spec.note ?? ""}.`);
}

/** Renders ascending values compactly: runs of three or more become ranges (`1,3-5`). */
export function renderValues(values: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === (values[j] as number) + 1) j++;
    const first = values[i] as number;
    const last = values[j] as number;
    if (j - i >= 2) parts.push(`${first}-${last}`);
    else for (let k = i; k <= j; k++) parts.push(String(values[k]));
    i = j + 1;
  }
  return parts.join(",");
}
