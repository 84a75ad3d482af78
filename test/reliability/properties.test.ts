/**
 * Properties the unit suite's property tests do not cover yet. Those run in this suite too (see
 * vitest.reliability.config.ts): AWS cron fire times and round trips in
 * packages/nightshift/test/schedule/properties.test.ts, and the batch adapter's batchItemFailures in
 * packages/nightshift/test/runtime/queue-handler.property.test.ts. Added here: Unix crontabs
 * (conversion to AWS, round trip, fire times under Unix semantics), rate() and at().
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isNightshiftError } from "../../packages/nightshift/src/errors";
import { nextFireTimes, parseSchedule } from "../../packages/nightshift/src/schedule/index";

const ZONES = ["UTC", "Europe/Paris", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/**
 * A crontab field over min..max: `*`, a value, a range, a list, `*\/n`, `a-b/n`, or names. (`a/n`
 * is refused: crons disagree on what it means; a property below pins that error.)
 */
function unixField(min: number, max: number, names?: readonly string[]): fc.Arbitrary<string> {
  const value = fc.integer({ min, max });
  const range = fc.tuple(value, value).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`);
  const step = fc.integer({ min: 1, max: Math.max(1, Math.min(20, max - min)) });
  const options: fc.Arbitrary<string>[] = [
    fc.constant("*"),
    value.map(String),
    range,
    fc.uniqueArray(value, { minLength: 2, maxLength: 4 }).map((v) => v.join(",")),
    step.map((n) => `*/${n}`),
    fc.tuple(range, step).map(([r, n]) => `${r}/${n}`),
  ];
  if (names) {
    const named = fc.integer({ min: 0, max: names.length - 1 });
    options.push(named.map((i) => names[i] as string));
    options.push(fc.tuple(named, named).map(([a, b]) => `${names[Math.min(a, b)]}-${names[Math.max(a, b)]}`));
  }
  return fc.oneof(...options);
}

/** Unix cron's reading of one field (vixie cron): `a/n` means a-max/n; names count from `namesFrom`. */
function unixMatches(text: string, value: number, min: number, max: number, names?: readonly string[]): boolean {
  const number = (raw: string) => (names?.includes(raw) ? names.indexOf(raw) + (names === DAYS ? 0 : 1) : Number(raw));
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

function wall(instant: Date, timezone: string) {
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
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const w = { year: get("year"), month: get("month"), day: get("day"), hour: get("hour") % 24, minute: get("minute") };
  return { ...w, second: get("second"), weekday: new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() };
}

const crontab = fc
  .tuple(
    unixField(0, 59),
    unixField(0, 23),
    unixField(1, 28),
    unixField(1, 12, MONTHS),
    unixField(0, 7, DAYS),
    fc.constantFrom("dom", "dow", "neither"),
  )
  .map(([minutes, hours, dom, month, dow, which]) =>
    [minutes, hours, which === "dom" ? dom : "*", month, which === "dow" ? dow : "*"].join(" "),
  );

describe("properties of Unix crontabs", () => {
  it("convert to one AWS cron that round-trips, and fire exactly when Unix cron would, in any zone", () => {
    fc.assert(
      fc.property(
        crontab,
        fc.constantFrom(...ZONES),
        fc.date({ min: new Date("2025-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true }),
        (text, timezone, after) => {
          const parsed = parseSchedule(text);
          if (parsed.kind !== "cron") throw new Error(`${text} parsed as ${parsed.kind}`);
          expect(parsed.source).toBe("unix");
          const again = parseSchedule(parsed.expression);
          expect(again.expression).toBe(parsed.expression);
          const [minutes = "", hours = "", dom = "", month = "", dow = ""] = text.split(" ");
          let previous = after.getTime();
          for (const time of nextFireTimes(parsed, { timezone, after, count: 6 })) {
            expect(time.getTime()).toBeGreaterThan(previous);
            previous = time.getTime();
            const w = wall(time, timezone);
            const context = `${text} (${parsed.expression}) in ${timezone} at ${time.toISOString()}`;
            expect(w.second, context).toBe(0);
            expect(unixMatches(minutes, w.minute, 0, 59), context).toBe(true);
            expect(unixMatches(hours, w.hour, 0, 23), context).toBe(true);
            expect(unixMatches(dom, w.day, 1, 31), context).toBe(true);
            expect(unixMatches(month, w.month, 1, 12, MONTHS), context).toBe(true);
            // 0 and 7 are both Sunday.
            const dowMatches =
              unixMatches(dow, w.weekday, 0, 7, DAYS) || (w.weekday === 0 && unixMatches(dow, 7, 0, 7, DAYS));
            expect(dowMatches, context).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses a step without a range (a/n), naming the range to write", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 12 }), (start, step) => {
        expect(() => parseSchedule(`0 ${start}/${step} * * *`)).toThrow(
          `hours step "${start}/${step}" needs a range in a crontab; write ${start}-23/${step}.`,
        );
      }),
    );
  });

  it("that restrict both day fields are refused with the two AWS crons to write instead", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 6 }), (day, weekday) => {
        const text = `0 9 ${day} * ${weekday}`;
        let error: unknown;
        try {
          parseSchedule(text);
        } catch (caught) {
          error = caught;
        }
        expect(isNightshiftError(error) && error.code).toBe("E_BAD_SCHEDULE");
        expect((error as Error).message).toContain(
          `split it into two cron files: cron(0 9 ${day} * ? *) and cron(0 9 ? * ${weekday + 1} *)`,
        );
      }),
    );
  });
});

describe("properties of rate()", () => {
  const unitSeconds = { minute: 60, hour: 3600, day: 86_400 } as const;
  const rate = fc
    .tuple(
      fc.integer({ min: 1, max: 1000 }),
      fc.constantFrom("minute", "hour", "day") as fc.Arbitrary<keyof typeof unitSeconds>,
    )
    .map(([value, unit]) => ({ value, unit, text: `rate(${value} ${unit}${value === 1 ? "" : "s"})` }));

  it("round-trips, and fires on the anchor's grid every interval, strictly after `after`", () => {
    fc.assert(
      fc.property(
        rate,
        fc.date({ min: new Date("2025-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: -5_000_000, max: 5_000_000 }),
        fc.constantFrom(...ZONES),
        ({ value, unit, text }, after, anchorOffsetSeconds, timezone) => {
          const parsed = parseSchedule(text);
          if (parsed.kind !== "rate") throw new Error(`${text} parsed as ${parsed.kind}`);
          expect(parsed.expression).toBe(text);
          expect(parseSchedule(parsed.expression)).toEqual(parsed);
          const interval = value * unitSeconds[unit] * 1000;
          expect(parsed.intervalSeconds * 1000).toBe(interval);
          const anchor = new Date(after.getTime() + anchorOffsetSeconds * 1000);
          const times = nextFireTimes(parsed, { timezone, after, anchor, count: 5 }).map((t) => t.getTime());
          expect(times).toHaveLength(5);
          expect(times[0]).toBeGreaterThan(after.getTime());
          // The first is the earliest grid point after `after`: one interval earlier is not.
          expect((times[0] as number) - interval <= after.getTime() || times[0] === anchor.getTime()).toBe(true);
          for (const [index, time] of times.entries()) {
            expect((time - anchor.getTime()) % interval).toBe(0);
            if (index > 0) expect(time - (times[index - 1] as number)).toBe(interval);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses the wrong plurality with the form AWS accepts", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 1000 }), fc.constantFrom("minute", "hour", "day"), (value, unit) => {
        expect(() => parseSchedule(`rate(${value} ${unit})`)).toThrow(
          `rate takes the plural unit for values other than 1; write rate(${value} ${unit}s).`,
        );
        expect(() => parseSchedule(`rate(1 ${unit}s)`)).toThrow(
          `rate takes the singular unit for 1, as AWS requires; write rate(1 ${unit}).`,
        );
      }),
    );
  });
});

describe("properties of at()", () => {
  it("round-trips and fires once, at the wall time in the zone (or never, when that time does not exist)", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2026-01-01T00:00:00Z"), max: new Date("2029-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.constantFrom(...ZONES),
        (date, timezone) => {
          const local = date.toISOString().slice(0, 19);
          const parsed = parseSchedule(`at(${local})`);
          expect(parseSchedule(parsed.expression)).toEqual(parsed);
          const times = nextFireTimes(parsed, { timezone, after: new Date("2025-01-01T00:00:00Z"), count: 3 });
          expect(times.length).toBeLessThanOrEqual(1);
          for (const time of times) {
            const w = wall(time, timezone);
            const text = `${w.year}-${String(w.month).padStart(2, "0")}-${String(w.day).padStart(2, "0")}T${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")}:${String(w.second).padStart(2, "0")}`;
            expect(text).toBe(local);
            expect(nextFireTimes(parsed, { timezone, after: time, count: 1 })).toEqual([]);
          }
          // Only a time inside a spring-forward gap has no instant.
          if (times.length === 0) expect(timezone).not.toBe("UTC");
        },
      ),
      { numRuns: 300 },
    );
  });
});
