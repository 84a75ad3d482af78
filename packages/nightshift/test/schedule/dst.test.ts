import { describe, expect, it } from "vitest";
import { nextFireTimes, parseSchedule } from "../../src/schedule";

function fire(expression: string, timezone: string, after: string, count: number): string[] {
  return nextFireTimes(parseSchedule(expression), { timezone, after: new Date(after), count }).map((d) =>
    d.toISOString(),
  );
}

/**
 * EventBridge Scheduler reads a cron on the zone's wall clock: a wall time that spring-forward
 * skips does not run that day, and one that fall-back repeats runs once, at its first occurrence.
 */
describe("nextFireTimes across DST changes", () => {
  describe.each([
    {
      zone: "Europe/Paris",
      // 2026-03-29 02:00 CET -> 03:00 CEST
      gap: {
        cron: "cron(30 2 * * ? *)",
        after: "2026-03-27T12:00:00Z",
        times: ["2026-03-28T01:30:00.000Z", "2026-03-30T00:30:00.000Z", "2026-03-31T00:30:00.000Z"],
      },
      // 2026-10-25 03:00 CEST -> 02:00 CET: 02:30 happens twice, runs at the first (CEST)
      overlap: {
        cron: "cron(30 2 * * ? *)",
        after: "2026-10-23T12:00:00Z",
        times: ["2026-10-24T00:30:00.000Z", "2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z"],
      },
    },
    {
      zone: "America/New_York",
      // 2026-03-08 02:00 EST -> 03:00 EDT
      gap: {
        cron: "cron(30 2 * * ? *)",
        after: "2026-03-06T12:00:00Z",
        times: ["2026-03-07T07:30:00.000Z", "2026-03-09T06:30:00.000Z", "2026-03-10T06:30:00.000Z"],
      },
      // 2026-11-01 02:00 EDT -> 01:00 EST: 01:30 happens twice
      overlap: {
        cron: "cron(30 1 * * ? *)",
        after: "2026-10-30T12:00:00Z",
        times: ["2026-10-31T05:30:00.000Z", "2026-11-01T05:30:00.000Z", "2026-11-02T06:30:00.000Z"],
      },
    },
    {
      zone: "Australia/Sydney",
      // southern hemisphere: 2026-10-04 02:00 AEST -> 03:00 AEDT
      gap: {
        cron: "cron(30 2 * * ? *)",
        after: "2026-10-02T00:00:00Z",
        times: ["2026-10-02T16:30:00.000Z", "2026-10-04T15:30:00.000Z", "2026-10-05T15:30:00.000Z"],
      },
      // 2026-04-05 03:00 AEDT -> 02:00 AEST: 02:30 happens twice
      overlap: {
        cron: "cron(30 2 * * ? *)",
        after: "2026-04-03T00:00:00Z",
        times: ["2026-04-03T15:30:00.000Z", "2026-04-04T15:30:00.000Z", "2026-04-05T16:30:00.000Z"],
      },
    },
    {
      zone: "Australia/Lord_Howe",
      // 30-minute shift: 2026-10-04 02:00 (+10:30) -> 02:30 (+11), so 02:15 does not exist
      gap: {
        cron: "cron(15 2 * * ? *)",
        after: "2026-10-02T00:00:00Z",
        times: ["2026-10-02T15:45:00.000Z", "2026-10-04T15:15:00.000Z", "2026-10-05T15:15:00.000Z"],
      },
      // 2026-04-05 02:00 (+11) -> 01:30 (+10:30): 01:45 happens twice
      overlap: {
        cron: "cron(45 1 * * ? *)",
        after: "2026-04-03T00:00:00Z",
        times: ["2026-04-03T14:45:00.000Z", "2026-04-04T14:45:00.000Z", "2026-04-05T15:15:00.000Z"],
      },
    },
  ])("$zone", ({ zone, gap, overlap }) => {
    it("skips the wall time spring-forward removes", () => {
      expect(fire(gap.cron, zone, gap.after, 3)).toEqual(gap.times);
    });

    it("runs a repeated wall time once, at its first occurrence", () => {
      expect(fire(overlap.cron, zone, overlap.after, 3)).toEqual(overlap.times);
    });
  });

  it("runs every day at the same UTC time in a zone without DST", () => {
    expect(fire("cron(30 2 * * ? *)", "Asia/Tokyo", "2026-03-27T00:00:00Z", 3)).toEqual([
      "2026-03-27T17:30:00.000Z",
      "2026-03-28T17:30:00.000Z",
      "2026-03-29T17:30:00.000Z",
    ]);
    expect(fire("cron(0 9 ? * 2-6 *)", "Asia/Kolkata", "2026-10-23T00:00:00Z", 2)).toEqual([
      "2026-10-23T03:30:00.000Z",
      "2026-10-26T03:30:00.000Z",
    ]);
  });

  it("runs an every-15-minutes job once per wall time through a repeated hour", () => {
    // Paris 2026-10-25: 02:00-02:59 happens in CEST (00:00Z-00:59Z) and again in CET (01:00Z-01:59Z).
    expect(fire("cron(0/15 * * * ? *)", "Europe/Paris", "2026-10-24T23:50:00Z", 6)).toEqual([
      "2026-10-25T00:00:00.000Z",
      "2026-10-25T00:15:00.000Z",
      "2026-10-25T00:30:00.000Z",
      "2026-10-25T00:45:00.000Z",
      "2026-10-25T02:00:00.000Z",
      "2026-10-25T02:15:00.000Z",
    ]);
    // New York 2026-11-01: 01:00-01:59 happens in EDT (05:00Z-05:59Z) and again in EST (06:00Z-06:59Z).
    expect(fire("*/15 * * * *", "America/New_York", "2026-11-01T04:50:00Z", 5)).toEqual([
      "2026-11-01T05:00:00.000Z",
      "2026-11-01T05:15:00.000Z",
      "2026-11-01T05:30:00.000Z",
      "2026-11-01T05:45:00.000Z",
      "2026-11-01T07:00:00.000Z",
    ]);
  });

  it("has nothing to run during the second pass of a repeated hour", () => {
    // 01:10Z is 02:10 CET, the second 02:10 of the night: 02:15 already ran at 00:15Z.
    expect(fire("cron(0/15 * * * ? *)", "Europe/Paris", "2026-10-25T01:10:00Z", 2)).toEqual([
      "2026-10-25T02:00:00.000Z",
      "2026-10-25T02:15:00.000Z",
    ]);
  });

  it("runs an every-15-minutes job straight through the spring-forward gap", () => {
    // 00:50Z is 01:50 CET; 02:00-02:59 does not exist, 03:00 CEST is 01:00Z.
    expect(fire("cron(0/15 * * * ? *)", "Europe/Paris", "2026-03-29T00:50:00Z", 3)).toEqual([
      "2026-03-29T01:00:00.000Z",
      "2026-03-29T01:15:00.000Z",
      "2026-03-29T01:30:00.000Z",
    ]);
  });
});
