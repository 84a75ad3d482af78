import { describe, expect, it } from "vitest";
import { describeSchedule, parseSchedule } from "../../src/schedule";

describe("describeSchedule", () => {
  it.each([
    ["rate(1 minute)", "every minute"],
    ["rate(5 minutes)", "every 5 minutes"],
    ["rate(1 hour)", "every hour"],
    ["rate(2 days)", "every 2 days"],
    ["at(2027-01-01T09:00:00)", "once at 2027-01-01 09:00 (Europe/Paris)"],
    ["at(2027-01-01T09:00:30)", "once at 2027-01-01 09:00:30 (Europe/Paris)"],
    ["cron(* * * * ? *)", "every minute"],
    ["cron(0/5 * * * ? *)", "every 5 minutes"],
    ["*/15 * * * *", "every 15 minutes"],
    ["cron(0 * * * ? *)", "every hour"],
    ["cron(15 * * * ? *)", "every hour at minute 15"],
    ["cron(0 */2 * * ? *)", "every 2 hours (Europe/Paris)"],
    ["cron(0 10 ? * MON-FRI *)", "at 10:00 on Monday through Friday (Europe/Paris)"],
    ["0 9 * * 1-5", "at 09:00 on Monday through Friday (Europe/Paris)"],
    ["cron(0 9 * * ? *)", "at 09:00 (Europe/Paris)"],
    ["cron(0 9,17 * * ? *)", "at 09:00 and 17:00 (Europe/Paris)"],
    ["cron(30 8 ? * 2,4,6 *)", "at 08:30 on Monday, Wednesday and Friday (Europe/Paris)"],
    ["cron(0 0 1 * ? *)", "at 00:00 on day 1 of the month (Europe/Paris)"],
    ["cron(0 0 1,15 * ? *)", "at 00:00 on days 1 and 15 of the month (Europe/Paris)"],
    ["cron(0 0 1-7 * ? *)", "at 00:00 on days 1 through 7 of the month (Europe/Paris)"],
    ["cron(0 0 L * ? *)", "at 00:00 on the last day of the month (Europe/Paris)"],
    ["cron(0 0 L-3 * ? *)", "at 00:00 on the last day minus 3 days of the month (Europe/Paris)"],
    ["cron(0 9 15W * ? *)", "at 09:00 on the weekday nearest day 15 of the month (Europe/Paris)"],
    ["cron(0 9 ? * 6L *)", "at 09:00 on the last Friday of the month (Europe/Paris)"],
    ["cron(0 9 ? * 2#1 *)", "at 09:00 on the first Monday of the month (Europe/Paris)"],
    ["cron(0 0 1 1 ? 2027)", "at 00:00 on day 1 of January in 2027 (Europe/Paris)"],
    ["cron(0 0 ? JAN-MAR 2 *)", "at 00:00 on Monday in January through March (Europe/Paris)"],
    [
      "cron(0/15 9-17 ? * MON-FRI *)",
      "every 15 minutes from 09:00 through 17:45 on Monday through Friday (Europe/Paris)",
    ],
    // Not put in words: the expression and the zone.
    ["cron(0/7 * * * ? *)", "cron(0/7 * * * ? *) (Europe/Paris)"],
    ["cron(5,10,20,25 1,2,3 * * ? *)", "cron(5,10,20,25 1,2,3 * * ? *) (Europe/Paris)"],
  ])("%s reads %s", (expression, text) => {
    expect(describeSchedule(parseSchedule(expression), "Europe/Paris")).toBe(text);
  });
});
