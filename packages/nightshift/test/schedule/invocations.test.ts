import { describe, expect, it } from "vitest";
import { invocationsPerMonth, parseSchedule } from "../../src/schedule";

const from = new Date("2026-01-01T00:00:00Z");

describe("invocationsPerMonth (730 hours from `from`)", () => {
  it("counts 43,800 for a cron firing every minute", () => {
    expect(invocationsPerMonth(parseSchedule("cron(* * * * ? *)"), "UTC", from)).toBe(43_800);
    expect(invocationsPerMonth(parseSchedule("* * * * *"), "Europe/Paris", from)).toBe(43_800);
  });

  it("counts rates from `from`", () => {
    expect(invocationsPerMonth(parseSchedule("rate(1 minute)"), "UTC", from)).toBe(43_800);
    expect(invocationsPerMonth(parseSchedule("rate(1 hour)"), "UTC", from)).toBe(730);
    // 730 h / 7 min = 6257.1: fire times at 0, 7, ... 43,799 minutes.
    expect(invocationsPerMonth(parseSchedule("rate(7 minutes)"), "UTC", from)).toBe(6258);
  });

  it("counts weekday crons by the calendar", () => {
    // 2026-01-01 00:00 to 2026-01-31 10:00: 22 weekdays (Jan 31 is a Saturday).
    expect(invocationsPerMonth(parseSchedule("cron(0 9 ? * MON-FRI *)"), "UTC", from)).toBe(22);
  });

  it("applies DST: the repeated hour runs once, so fall-back month has 60 fewer minutes", () => {
    const october = new Date("2026-10-01T00:00:00Z");
    expect(invocationsPerMonth(parseSchedule("cron(* * * * ? *)"), "Europe/Paris", october)).toBe(43_740);
  });

  it("counts a one-time schedule once inside the window, never outside", () => {
    expect(invocationsPerMonth(parseSchedule("at(2026-01-15T12:00:00)"), "UTC", from)).toBe(1);
    expect(invocationsPerMonth(parseSchedule("at(2026-03-15T12:00:00)"), "UTC", from)).toBe(0);
  });
});
