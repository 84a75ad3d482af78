import { describe, expect, it } from "vitest";
import { nextFireTimes, parseSchedule } from "../../src/schedule";

/** Fire times as ISO strings, in UTC unless a zone is given. */
function fire(expression: string, after: string, count: number, timezone = "UTC"): string[] {
  return nextFireTimes(parseSchedule(expression), { timezone, after: new Date(after), count }).map((d) =>
    d.toISOString(),
  );
}

describe("nextFireTimes: AWS cron fields", () => {
  it("runs the brief's example in Europe/Paris across the spring-forward weekend", () => {
    expect(fire("cron(0 10 ? * MON-FRI *)", "2026-03-27T00:00:00Z", 3, "Europe/Paris")).toEqual([
      "2026-03-27T09:00:00.000Z",
      "2026-03-30T08:00:00.000Z",
      "2026-03-31T08:00:00.000Z",
    ]);
  });

  it("returns times strictly after `after`", () => {
    expect(fire("cron(0 9 * * ? *)", "2026-01-01T09:00:00Z", 1)).toEqual(["2026-01-02T09:00:00.000Z"]);
    expect(fire("cron(0 9 * * ? *)", "2026-01-01T08:59:59.999Z", 1)).toEqual(["2026-01-01T09:00:00.000Z"]);
  });

  it("steps from a start value and within an hour range", () => {
    expect(fire("cron(0/20 9-10 * * ? *)", "2026-01-01T00:00:00Z", 7)).toEqual([
      "2026-01-01T09:00:00.000Z",
      "2026-01-01T09:20:00.000Z",
      "2026-01-01T09:40:00.000Z",
      "2026-01-01T10:00:00.000Z",
      "2026-01-01T10:20:00.000Z",
      "2026-01-01T10:40:00.000Z",
      "2026-01-02T09:00:00.000Z",
    ]);
  });

  it("combines lists and */n steps", () => {
    expect(fire("cron(5,35 */6 * * ? *)", "2026-01-01T00:00:00Z", 5)).toEqual([
      "2026-01-01T00:05:00.000Z",
      "2026-01-01T00:35:00.000Z",
      "2026-01-01T06:05:00.000Z",
      "2026-01-01T06:35:00.000Z",
      "2026-01-01T12:05:00.000Z",
    ]);
  });

  it("reads month and day names (2026-01-01 is a Thursday)", () => {
    expect(fire("cron(0 12 ? JAN,JUL MON *)", "2026-01-01T00:00:00Z", 5)).toEqual([
      "2026-01-05T12:00:00.000Z",
      "2026-01-12T12:00:00.000Z",
      "2026-01-19T12:00:00.000Z",
      "2026-01-26T12:00:00.000Z",
      "2026-07-06T12:00:00.000Z",
    ]);
  });

  it("numbers day-of-week from SUN = 1", () => {
    const sundays = ["2026-01-04T09:00:00.000Z", "2026-01-11T09:00:00.000Z"];
    expect(fire("cron(0 9 ? * 1 *)", "2026-01-01T00:00:00Z", 2)).toEqual(sundays);
    expect(fire("cron(0 9 ? * SUN *)", "2026-01-01T00:00:00Z", 2)).toEqual(sundays);
    expect(fire("cron(0 9 ? * 7 *)", "2026-01-01T00:00:00Z", 1)).toEqual(["2026-01-03T09:00:00.000Z"]);
    expect(fire("cron(0 9 ? * 2-6 *)", "2026-01-02T10:00:00Z", 2)).toEqual([
      "2026-01-05T09:00:00.000Z",
      "2026-01-06T09:00:00.000Z",
    ]);
  });

  it("runs day-of-month ranges in the listed months, then the next year", () => {
    expect(fire("cron(0 8 1-3 MAR-APR ? *)", "2026-01-01T00:00:00Z", 7)).toEqual([
      "2026-03-01T08:00:00.000Z",
      "2026-03-02T08:00:00.000Z",
      "2026-03-03T08:00:00.000Z",
      "2026-04-01T08:00:00.000Z",
      "2026-04-02T08:00:00.000Z",
      "2026-04-03T08:00:00.000Z",
      "2027-03-01T08:00:00.000Z",
    ]);
  });

  it("L in day-of-month is the last day, including February 29 in a leap year", () => {
    expect(fire("cron(0 0 L * ? *)", "2026-01-01T00:00:00Z", 4)).toEqual([
      "2026-01-31T00:00:00.000Z",
      "2026-02-28T00:00:00.000Z",
      "2026-03-31T00:00:00.000Z",
      "2026-04-30T00:00:00.000Z",
    ]);
    expect(fire("cron(0 0 L 2 ? *)", "2027-03-01T00:00:00Z", 2)).toEqual([
      "2028-02-29T00:00:00.000Z",
      "2029-02-28T00:00:00.000Z",
    ]);
  });

  it("L-n is n days before the last day", () => {
    expect(fire("cron(0 6 L-2 * ? *)", "2026-01-01T00:00:00Z", 4)).toEqual([
      "2026-01-29T06:00:00.000Z",
      "2026-02-26T06:00:00.000Z",
      "2026-03-29T06:00:00.000Z",
      "2026-04-28T06:00:00.000Z",
    ]);
    // 30 days before the last day exists only in 31-day months.
    expect(fire("cron(0 6 L-30 * ? *)", "2026-01-02T00:00:00Z", 2)).toEqual([
      "2026-03-01T06:00:00.000Z",
      "2026-05-01T06:00:00.000Z",
    ]);
  });

  it("nW is the weekday nearest day n, without leaving the month", () => {
    // 2026: Jan 15 is a Thursday, Feb 15 a Sunday, Aug 15 a Saturday.
    expect(fire("cron(0 9 15W * ? *)", "2026-01-01T00:00:00Z", 3)).toEqual([
      "2026-01-15T09:00:00.000Z",
      "2026-02-16T09:00:00.000Z",
      "2026-03-16T09:00:00.000Z",
    ]);
    expect(fire("cron(0 9 15W AUG ? *)", "2026-01-01T00:00:00Z", 1)).toEqual(["2026-08-14T09:00:00.000Z"]);
    // 2026-08-01 is a Saturday: the nearest weekday in August is Monday the 3rd.
    expect(fire("cron(0 9 1W AUG ? *)", "2026-01-01T00:00:00Z", 1)).toEqual(["2026-08-03T09:00:00.000Z"]);
  });

  it("n#k is the k-th weekday of the month", () => {
    expect(fire("cron(0 9 ? * 2#1 *)", "2026-01-01T00:00:00Z", 3)).toEqual([
      "2026-01-05T09:00:00.000Z",
      "2026-02-02T09:00:00.000Z",
      "2026-03-02T09:00:00.000Z",
    ]);
    expect(fire("cron(0 9 ? * 6#3 *)", "2026-01-01T00:00:00Z", 3)).toEqual([
      "2026-01-16T09:00:00.000Z",
      "2026-02-20T09:00:00.000Z",
      "2026-03-20T09:00:00.000Z",
    ]);
    // Only months with five Mondays have a 2#5.
    expect(fire("cron(0 9 ? * 2#5 *)", "2026-01-01T00:00:00Z", 2)).toEqual([
      "2026-03-30T09:00:00.000Z",
      "2026-06-29T09:00:00.000Z",
    ]);
  });

  it("nL is the last such weekday of the month; L alone is Saturday", () => {
    expect(fire("cron(0 9 ? * 6L *)", "2026-01-01T00:00:00Z", 3)).toEqual([
      "2026-01-30T09:00:00.000Z",
      "2026-02-27T09:00:00.000Z",
      "2026-03-27T09:00:00.000Z",
    ]);
    expect(fire("cron(0 9 ? * L *)", "2026-01-01T00:00:00Z", 1)).toEqual(["2026-01-03T09:00:00.000Z"]);
  });

  it("limits by year: a cron for 2027 yields nothing after 2027", () => {
    expect(fire("cron(0 0 1 1 ? 2027)", "2026-06-01T00:00:00Z", 3)).toEqual(["2027-01-01T00:00:00.000Z"]);
    expect(fire("cron(0 12 * * ? 2027)", "2027-12-30T00:00:00Z", 5)).toEqual([
      "2027-12-30T12:00:00.000Z",
      "2027-12-31T12:00:00.000Z",
    ]);
    expect(fire("cron(0 12 * * ? 2027)", "2028-01-01T00:00:00Z", 5)).toEqual([]);
    expect(fire("cron(0 0 1 1 ? 2030-2040/5)", "2026-01-01T00:00:00Z", 5)).toEqual([
      "2030-01-01T00:00:00.000Z",
      "2035-01-01T00:00:00.000Z",
      "2040-01-01T00:00:00.000Z",
    ]);
  });

  it("gives a converted Unix crontab the same fire times as the AWS form", () => {
    const after = "2026-03-25T00:00:00Z";
    expect(fire("0 9 * * 1-5", after, 10, "America/New_York")).toEqual(
      fire("cron(0 9 ? * MON-FRI *)", after, 10, "America/New_York"),
    );
    expect(fire("0 9 * * 0", after, 1)).toEqual(["2026-03-29T09:00:00.000Z"]);
    expect(fire("0 9 * * 7", after, 1)).toEqual(["2026-03-29T09:00:00.000Z"]);
    expect(fire("*/15 * * * *", "2026-03-25T00:07:00Z", 2)).toEqual([
      "2026-03-25T00:15:00.000Z",
      "2026-03-25T00:30:00.000Z",
    ]);
  });

  it("returns 1000 every-minute fire times", () => {
    const times = fire("cron(* * * * ? *)", "2026-03-29T00:00:00Z", 1000, "Europe/Paris");
    expect(times).toHaveLength(1000);
    expect(times[0]).toBe("2026-03-29T00:01:00.000Z");
    // 2026-03-29 is spring-forward day in Paris: every UTC minute still has exactly one wall minute.
    expect(times[999]).toBe("2026-03-29T16:40:00.000Z");
  });

  it("returns nothing for count 0 and rejects a bad count or zone", () => {
    const schedule = parseSchedule("rate(5 minutes)");
    const after = new Date("2026-01-01T00:00:00Z");
    expect(nextFireTimes(schedule, { timezone: "UTC", after, count: 0 })).toEqual([]);
    expect(() => nextFireTimes(schedule, { timezone: "UTC", after, count: -1 })).toThrow(
      "count must be a whole number ≥ 0 (got -1).",
    );
    expect(() => nextFireTimes(schedule, { timezone: "Europe/Pari", after, count: 1 })).toThrow(
      'timezone "Europe/Pari": not an IANA time zone; did you mean "Europe/Paris"?',
    );
  });
});

describe("nextFireTimes: rate()", () => {
  const after = new Date("2026-01-01T00:07:00Z");

  it("fires every interval from `after` by default", () => {
    expect(
      nextFireTimes(parseSchedule("rate(5 minutes)"), { timezone: "UTC", after, count: 3 }).map((d) => d.toISOString()),
    ).toEqual(["2026-01-01T00:12:00.000Z", "2026-01-01T00:17:00.000Z", "2026-01-01T00:22:00.000Z"]);
  });

  it("fires at anchor + k intervals when anchored", () => {
    const anchor = new Date("2026-01-01T00:00:00Z");
    expect(
      nextFireTimes(parseSchedule("rate(5 minutes)"), { timezone: "UTC", after, anchor, count: 2 }).map((d) =>
        d.toISOString(),
      ),
    ).toEqual(["2026-01-01T00:10:00.000Z", "2026-01-01T00:15:00.000Z"]);
    const later = new Date("2026-01-01T01:00:00Z");
    expect(
      nextFireTimes(parseSchedule("rate(1 hour)"), { timezone: "UTC", after, anchor: later, count: 2 }).map((d) =>
        d.toISOString(),
      ),
    ).toEqual(["2026-01-01T01:00:00.000Z", "2026-01-01T02:00:00.000Z"]);
  });

  it("keeps 24-hour days across DST, as EventBridge Scheduler does", () => {
    expect(
      nextFireTimes(parseSchedule("rate(1 day)"), {
        timezone: "Europe/Paris",
        after: new Date("2026-03-28T08:00:00Z"),
        count: 2,
      }).map((d) => d.toISOString()),
    ).toEqual(["2026-03-29T08:00:00.000Z", "2026-03-30T08:00:00.000Z"]);
  });
});

describe("nextFireTimes: at()", () => {
  it("fires once at the local time in the zone", () => {
    expect(fire("at(2027-01-01T09:00:00)", "2026-01-01T00:00:00Z", 3, "Europe/Paris")).toEqual([
      "2027-01-01T08:00:00.000Z",
    ]);
    expect(fire("at(2027-01-01T09:00:30)", "2026-01-01T00:00:00Z", 1, "Asia/Kolkata")).toEqual([
      "2027-01-01T03:30:30.000Z",
    ]);
  });

  it("never fires once past", () => {
    expect(fire("at(2027-01-01T09:00:00)", "2027-01-01T08:00:00Z", 1, "Europe/Paris")).toEqual([]);
  });

  it("never fires at a local time the clocks skip, and fires at the first of a repeated one", () => {
    expect(fire("at(2026-03-29T02:30:00)", "2026-01-01T00:00:00Z", 1, "Europe/Paris")).toEqual([]);
    expect(fire("at(2026-10-25T02:30:00)", "2026-01-01T00:00:00Z", 1, "Europe/Paris")).toEqual([
      "2026-10-25T00:30:00.000Z",
    ]);
  });
});
