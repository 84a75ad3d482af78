import { describe, expect, it } from "vitest";
import { parseSchedule } from "../../src/schedule";

describe("parseSchedule: AWS cron", () => {
  it("keeps the six fields, upper-cased, and the expression AWS receives", () => {
    expect(parseSchedule("cron(0 10 ? * mon-fri *)")).toEqual({
      kind: "cron",
      written: "cron(0 10 ? * mon-fri *)",
      expression: "cron(0 10 ? * MON-FRI *)",
      source: "aws",
      fields: ["0", "10", "?", "*", "MON-FRI", "*"],
    });
  });

  it.each([
    ["cron(0/15 * * * ? *)", "cron(0/15 * * * ? *)"],
    ["cron(*/5 9-17 ? * 2-6 *)", "cron(*/5 9-17 ? * 2-6 *)"],
    ["cron(5,35 0-23/6 1-15 JAN,jul ? 2027-2030)", "cron(5,35 0-23/6 1-15 JAN,JUL ? 2027-2030)"],
    ["cron( 0   9  L * ? * )", "cron(0 9 L * ? *)"],
    ["cron(0 9 L-3 * ? *)", "cron(0 9 L-3 * ? *)"],
    ["cron(0 9 15w * ? *)", "cron(0 9 15W * ? *)"],
    ["cron(0 9 ? * 6l *)", "cron(0 9 ? * 6L *)"],
    ["cron(0 9 ? * 2#1 *)", "cron(0 9 ? * 2#1 *)"],
    ["cron(0 9 ? * L *)", "cron(0 9 ? * L *)"],
    ["cron(0 0 1 1 ? 2199)", "cron(0 0 1 1 ? 2199)"],
    ["cron(0 0 30 2,4 ? *)", "cron(0 0 30 2,4 ? *)"],
  ])("accepts %s as %s", (input, expression) => {
    expect(parseSchedule(input).expression).toBe(expression);
  });
});

describe("parseSchedule: rate and at", () => {
  it.each([
    ["rate(1 minute)", 1, "minute", 60],
    ["rate(5 minutes)", 5, "minute", 300],
    ["rate(1 hour)", 1, "hour", 3600],
    ["rate(12 hours)", 12, "hour", 43_200],
    ["rate(1 day)", 1, "day", 86_400],
    ["rate(7 days)", 7, "day", 604_800],
  ])("%s is every %i %s (%i s)", (input, value, unit, intervalSeconds) => {
    expect(parseSchedule(input)).toEqual({
      kind: "rate",
      written: input,
      expression: input,
      value,
      unit,
      intervalSeconds,
    });
  });

  it("normalizes spacing in rate()", () => {
    expect(parseSchedule("rate( 5   minutes )").expression).toBe("rate(5 minutes)");
  });

  it("reads at() as a local date-time", () => {
    expect(parseSchedule("at(2028-02-29T09:30:00)")).toEqual({
      kind: "at",
      written: "at(2028-02-29T09:30:00)",
      expression: "at(2028-02-29T09:30:00)",
      local: "2028-02-29T09:30:00",
    });
  });
});

describe("parseSchedule: Unix crontab conversion", () => {
  it.each([
    ["0 9 * * 1-5", "cron(0 9 ? * 2-6 *)"],
    ["*/15 * * * *", "cron(0/15 * * * ? *)"],
    ["0 0 1 * *", "cron(0 0 1 * ? *)"],
    ["* * * * *", "cron(* * * * ? *)"],
    ["0 0 * * 0", "cron(0 0 ? * 1 *)"],
    ["0 0 * * 7", "cron(0 0 ? * 1 *)"],
    ["0 0 * * 0,7", "cron(0 0 ? * 1 *)"],
    ["0 0 * * 6,0", "cron(0 0 ? * 1,7 *)"],
    ["0 0 * * 5-7", "cron(0 0 ? * 1,6,7 *)"],
    ["0 0 * * 0-6", "cron(0 0 ? * 1-7 *)"],
    ["0 0 * * */2", "cron(0 0 ? * 1,3,5,7 *)"],
    ["0 0 * * 1-5/2", "cron(0 0 ? * 2,4,6 *)"],
    ["30 8 * * MON-FRI", "cron(30 8 ? * MON-FRI *)"],
    ["0 0 * * sun", "cron(0 0 ? * SUN *)"],
    ["0 0 * * SAT,SUN", "cron(0 0 ? * SAT,SUN *)"],
    ["0 0 * * MON,3", "cron(0 0 ? * 2,4 *)"],
    ["0 */2 1-15 jan *", "cron(0 0/2 1-15 JAN ? *)"],
    ["0 0 */2 * *", "cron(0 0 1/2 * ? *)"],
    ["0 0 1 */3 *", "cron(0 0 1 1/3 ? *)"],
    ["5-55/10 * * * *", "cron(5-55/10 * * * ? *)"],
    ["@hourly", "cron(0 * * * ? *)"],
    ["@daily", "cron(0 0 * * ? *)"],
    ["@midnight", "cron(0 0 * * ? *)"],
    ["@weekly", "cron(0 0 ? * 1 *)"],
    ["@monthly", "cron(0 0 1 * ? *)"],
    ["@yearly", "cron(0 0 1 1 ? *)"],
    ["@annually", "cron(0 0 1 1 ? *)"],
  ])("%s becomes %s", (input, expression) => {
    const parsed = parseSchedule(input);
    expect(parsed).toMatchObject({ kind: "cron", source: "unix", written: input, expression });
    expect(parseSchedule(parsed.expression).expression).toBe(expression);
  });
});
