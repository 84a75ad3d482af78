import { type CronFields, parseCronFields } from "./cron-fields";
import { DAY_LONG, MONTH_LONG } from "./fields";
import type { ParsedSchedule } from "./types";

const ORDINALS = ["first", "second", "third", "fourth", "fifth"] as const;

/**
 * A short human description of a schedule, e.g. "every 5 minutes",
 * "at 09:00 on Monday through Friday (Europe/Paris)" or "once at 2027-01-01 09:00 (UTC)".
 * Forms it cannot put in words come back as the AWS expression and the zone.
 */
export function describeSchedule(schedule: ParsedSchedule, timezone: string): string {
  switch (schedule.kind) {
    case "rate":
      return schedule.value === 1 ? `every ${schedule.unit}` : `every ${schedule.value} ${schedule.unit}s`;
    case "at": {
      const [date, time = ""] = schedule.local.split("T");
      return `once at ${date} ${time.endsWith(":00") ? time.slice(0, 5) : time} (${timezone})`;
    }
    case "cron": {
      const fields = parseCronFields(schedule.fields.join(" "));
      const time = describeTime(fields);
      let days = describeDays(fields);
      const months = describeMonths(fields);
      if (time === undefined || days === undefined) return `${schedule.expression} (${timezone})`;
      // "on day 1 of the month" + "in January" reads better as "on day 1 of January".
      const merge = months !== "" && days.endsWith(" of the month");
      if (merge) days = `${days.slice(0, -" the month".length)} ${months.slice("in ".length)}`;
      const calendar = [days, merge ? "" : months, describeYears(fields)];
      const restricted = calendar.some((part) => part !== "") || fields.hours.length < 24;
      const text = [time, ...calendar].filter(Boolean).join(" ");
      return restricted ? `${text} (${timezone})` : text;
    }
  }
}

function describeTime({ minutes, hours }: CronFields): string | undefined {
  const minuteStep = evenStep(minutes, 60);
  const everyHour = hours.length === 24;
  if (minuteStep !== undefined && everyHour) return minuteStep === 1 ? "every minute" : `every ${minuteStep} minutes`;
  const atMinute = minutes[0] === 0 ? "" : ` at minute ${minutes[0]}`;
  if (minutes.length === 1 && everyHour) return `every hour${atMinute}`;
  const hourStep = evenStep(hours, 24);
  if (minutes.length === 1 && hourStep !== undefined) return `every ${hourStep} hours${atMinute}`;
  if (minuteStep !== undefined && isRange(hours)) {
    const every = minuteStep === 1 ? "every minute" : `every ${minuteStep} minutes`;
    return `${every} from ${clock(hours[0] ?? 0, 0)} through ${clock(hours.at(-1) ?? 0, minutes.at(-1) ?? 0)}`;
  }
  if (minutes.length * hours.length <= 6) {
    const times = hours.flatMap((hour) => minutes.map((minute) => clock(hour, minute)));
    return `at ${join(times, "and")}`;
  }
  return undefined;
}

function describeDays({ dayOfMonth: dom, dayOfWeek: dow }: CronFields): string | undefined {
  if (dow.kind === "values")
    return `on ${listOrRange(
      dow.values.map((day) => DAY_LONG[day - 1] ?? ""),
      dow.values,
    )}`;
  if (dow.kind === "last") return `on the last ${DAY_LONG[dow.day - 1]} of the month`;
  if (dow.kind === "nth") return `on the ${ORDINALS[dow.nth - 1]} ${DAY_LONG[dow.day - 1]} of the month`;
  switch (dom.kind) {
    case "any":
    case "every":
      return "";
    case "values": {
      const noun = dom.values.length === 1 ? "day" : "days";
      return `on ${noun} ${listOrRange(dom.values.map(String), dom.values)} of the month`;
    }
    case "last":
      if (dom.offset === 0) return "on the last day of the month";
      return `on the last day minus ${dom.offset} ${dom.offset === 1 ? "day" : "days"} of the month`;
    case "weekday":
      return `on the weekday nearest day ${dom.day} of the month`;
  }
}

function describeMonths({ months }: CronFields): string {
  if (months.length === 12) return "";
  return `in ${listOrRange(
    months.map((month) => MONTH_LONG[month - 1] ?? ""),
    months,
  )}`;
}

function describeYears({ years }: CronFields): string {
  return years ? `in ${listOrRange(years.map(String), years)}` : "";
}

/** The step n when values are 0, n, 2n, … covering the whole cycle evenly, e.g. minutes 0,15,30,45. */
function evenStep(values: readonly number[], cycle: number): number | undefined {
  const step = values.length > 1 ? (values[1] as number) - (values[0] as number) : cycle;
  if (values[0] !== 0 || cycle % step !== 0 || values.length !== cycle / step || step === cycle) return undefined;
  return values.every((value, i) => value === i * step) ? step : undefined;
}

function isRange(values: readonly number[]): boolean {
  return values.every((value, i) => i === 0 || value === (values[i - 1] as number) + 1);
}

/** "Monday through Friday" for three or more consecutive values, otherwise "Monday and Friday". */
function listOrRange(names: readonly string[], values: readonly number[]): string {
  if (names.length >= 3 && isRange(values)) return `${names[0]} through ${names.at(-1)}`;
  return join(names, "and");
}

function join(items: readonly string[], word: string): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${word} ${items.at(-1)}`;
}

function clock(hour: number, minute: number): string {
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}
