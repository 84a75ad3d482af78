import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nextFireTimes, parseSchedule } from "../../src/schedule";

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const ZONES = ["UTC", "Europe/Paris", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe", "Asia/Kolkata"];

/** A list/range/step field over min..max, optionally with value names (the first standing for `min`). */
function field(min: number, max: number, names?: readonly string[]): fc.Arbitrary<string> {
  const value = fc.integer({ min, max });
  const named = names ? fc.constantFrom(...names) : value.map(String);
  const range = fc.tuple(value, value).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`);
  const step = fc.integer({ min: 1, max: Math.min(30, max - min) });
  return fc.oneof(
    fc.constant("*"),
    value.map(String),
    named,
    range,
    fc.uniqueArray(value, { minLength: 2, maxLength: 4 }).map((values) => values.join(",")),
    fc.tuple(value, step).map(([start, by]) => `${start}/${by}`),
    step.map((by) => `*/${by}`),
    fc.tuple(range, step).map(([r, by]) => `${r}/${by}`),
  );
}

const dayOfMonth = fc.oneof(
  field(1, 28),
  fc.constant("L"),
  fc.integer({ min: 1, max: 10 }).map((n) => `L-${n}`),
  fc.integer({ min: 1, max: 28 }).map((n) => `${n}W`),
);
const dayOfWeek = fc.oneof(
  fc.constant("*"),
  fc.integer({ min: 1, max: 7 }).map(String),
  fc.constantFrom(...DAYS),
  fc
    .tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }))
    .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
  fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 2, maxLength: 3 }).map((days) => days.join(",")),
  fc.integer({ min: 1, max: 7 }).map((n) => `${n}L`),
  fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 4 })).map(([n, k]) => `${n}#${k}`),
);
const days = fc.oneof(
  dayOfMonth.map((dom) => [dom, "?"] as const),
  dayOfWeek.map((dow) => ["?", dow] as const),
);
const year = fc.oneof({ weight: 3, arbitrary: fc.constant("*") }, { weight: 1, arbitrary: field(2025, 2032) });

const cronExpression = fc
  .tuple(field(0, 59), field(0, 23), days, field(1, 12, MONTHS), year)
  .map(([minutes, hours, [dom, dow], month, y]) => `cron(${minutes} ${hours} ${dom} ${month} ${dow} ${y})`);

/** An independent reading of one list/range/step field. */
function matchesField(text: string, value: number, min: number, max: number, names?: readonly string[]): boolean {
  const number = (raw: string) => (names?.includes(raw) ? names.indexOf(raw) + min : Number(raw));
  return text.split(",").some((item) => {
    const [base = "", stepText] = item.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    let [from, to] = [min, max];
    if (base !== "*") {
      const [a = "", b] = base.split("-");
      from = number(a);
      to = b === undefined ? (stepText === undefined ? from : max) : number(b);
    }
    return value >= from && value <= to && (value - from) % step === 0;
  });
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 1 = Sunday, as AWS counts. */
  weekday: number;
}

function wallTime(instant: Date, timezone: string): Wall {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: timezone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const wall = {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour") % 24,
    minute: get("minute"),
  };
  const weekday = new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay() + 1;
  return { ...wall, second: get("second"), weekday };
}

function matchesDayOfMonth(text: string, wall: Wall): boolean {
  const last = new Date(Date.UTC(wall.year, wall.month, 0)).getUTCDate();
  if (text === "?") return true;
  if (text === "L") return wall.day === last;
  if (text.startsWith("L-")) return wall.day === last - Number(text.slice(2));
  if (text.endsWith("W")) {
    const target = Number(text.slice(0, -1));
    const weekday = new Date(Date.UTC(wall.year, wall.month - 1, target)).getUTCDay();
    let nearest = target;
    if (weekday === 6) nearest = target === 1 ? 3 : target - 1;
    if (weekday === 0) nearest = target === last ? target - 2 : target + 1;
    return wall.day === nearest;
  }
  return matchesField(text, wall.day, 1, 31);
}

function matchesDayOfWeek(text: string, wall: Wall): boolean {
  const last = new Date(Date.UTC(wall.year, wall.month, 0)).getUTCDate();
  if (text === "?") return true;
  if (/^\dL$/.test(text)) return wall.weekday === Number(text[0]) && wall.day + 7 > last;
  if (text.includes("#")) {
    const [day, nth] = text.split("#").map(Number);
    return wall.weekday === day && Math.ceil(wall.day / 7) === nth;
  }
  return matchesField(text, wall.weekday, 1, 7, DAYS);
}

describe("properties of AWS cron fire times", () => {
  it("are strictly increasing, after `after`, match every field in the zone, and the expression round-trips", () => {
    fc.assert(
      fc.property(
        cronExpression,
        fc.constantFrom(...ZONES),
        fc.date({ min: new Date("2025-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true }),
        (expression, timezone, after) => {
          const parsed = parseSchedule(expression);
          expect(parseSchedule(parsed.expression).expression).toBe(parsed.expression);
          if (parsed.kind !== "cron") throw new Error(`${expression} parsed as ${parsed.kind}`);
          const [minutes, hours, dom, month, dow, y] = parsed.fields;
          const times = nextFireTimes(parsed, { timezone, after, count: 8 });
          let previous = after.getTime();
          for (const time of times) {
            expect(time.getTime()).toBeGreaterThan(previous);
            previous = time.getTime();
            const wall = wallTime(time, timezone);
            const context = `${expression} in ${timezone} at ${time.toISOString()} (${JSON.stringify(wall)})`;
            expect(wall.second, context).toBe(0);
            expect(matchesField(minutes, wall.minute, 0, 59), context).toBe(true);
            expect(matchesField(hours, wall.hour, 0, 23), context).toBe(true);
            expect(matchesDayOfMonth(dom, wall), context).toBe(true);
            expect(matchesField(month, wall.month, 1, 12, MONTHS), context).toBe(true);
            expect(matchesDayOfWeek(dow, wall), context).toBe(true);
            expect(matchesField(y, wall.year, 1970, 2199), context).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
