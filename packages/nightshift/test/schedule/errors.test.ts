import { describe, expect, it } from "vitest";
import { NightshiftError } from "../../src/errors";
import { parseSchedule } from "../../src/schedule";

function errorOf(input: string, where?: string): NightshiftError {
  try {
    parseSchedule(input, where);
  } catch (error) {
    if (error instanceof NightshiftError) return error;
    throw error;
  }
  throw new Error(`expected ${input} to be rejected`);
}

const FORMS =
  "write rate(5 minutes), cron(0 9 ? * MON-FRI *), at(2027-01-01T09:00:00) or a 5-field crontab such as 0 9 * * 1-5";

describe("parseSchedule errors name the field, the value and what is allowed", () => {
  it("prefixes the message with where the schedule came from", () => {
    const error = errorOf("cron(0 25 ? * * *)", "services/cron/report.ts: schedule");
    expect(error.code).toBe("E_BAD_SCHEDULE");
    expect(error.message).toBe('services/cron/report.ts: schedule "cron(0 25 ? * * *)": hours must be 0-23 (got 25).');
  });

  it.each([
    // field values
    ["cron(60 0 ? * * *)", "minutes must be 0-59 (got 60)."],
    ["cron(0 25 ? * * *)", "hours must be 0-23 (got 25)."],
    ["cron(0 0 0 * ? *)", "day-of-month must be 1-31 (got 0)."],
    ["cron(0 0 32 * ? *)", "day-of-month must be 1-31 (got 32)."],
    ["cron(0 0 ? 13 * *)", "month must be 1-12 or JAN-DEC (got 13)."],
    ["cron(0 0 ? FOO * *)", 'month must be 1-12 or JAN-DEC (got "FOO").'],
    [
      "cron(0 0 ? * 0 *)",
      "day-of-week must be 1-7 or SUN-SAT (got 0); AWS numbers Sunday 1 and Saturday 7, unlike Unix cron (0 = Sunday).",
    ],
    [
      "cron(0 0 ? * 8 *)",
      "day-of-week must be 1-7 or SUN-SAT (got 8); AWS numbers Sunday 1 and Saturday 7, unlike Unix cron (0 = Sunday).",
    ],
    ["cron(0 0 ? * * 1969)", "year must be 1970-2199 (got 1969)."],
    ["cron(0 0 ? * * 2200)", "year must be 1970-2199 (got 2200)."],
    ["cron(0 0 ? * * 2027-2300)", "year must be 1970-2199 (got 2300)."],
    // syntax
    ["cron(0/0 * ? * * *)", 'minutes step must be 1-59 (got 0 in "0/0").'],
    ["cron(0/60 * ? * * *)", 'minutes step must be 1-59 (got 60 in "0/60").'],
    ["cron(0 */24 ? * * *)", 'hours step must be 1-23 (got 24 in "*/24").'],
    ["cron(30-10 * ? * * *)", 'minutes range "30-10" runs backwards; write it as two ranges, e.g. 30-59,0-10.'],
    ["cron(1,,2 * ? * * *)", 'minutes has an empty item in the list "1,,2".'],
    ["cron(? * ? * * *)", '"?" is only allowed alone in day-of-month or day-of-week (got "?" in minutes).'],
    ["cron(0 L ? * * *)", '"L" is only allowed in day-of-month and day-of-week (got "L" in hours).'],
    [
      "cron(0 0 ? 5W * *)",
      '"W" is only allowed in day-of-month, e.g. 15W for the weekday nearest the 15th (got "5W" in month).',
    ],
    [
      "cron(0 0 5# * ? *)",
      '"#" is only allowed in day-of-week, e.g. 2#1 for the first Monday (got "5#" in day-of-month).',
    ],
    [
      "cron(0 0 ? * 1/2 *)",
      'day-of-week does not take "/" steps in AWS cron (got "1/2"); list the days instead, e.g. 1,3,5,7.',
    ],
    // L, W, #
    [
      "cron(0 0 15W,20 * ? *)",
      'day-of-month takes "15W" only as the whole field, not in a list or with a step (got "15W,20").',
    ],
    [
      "cron(0 0 ? * 6L,2 *)",
      'day-of-week takes "6L" only as the whole field, not in a list or with a step (got "6L,2").',
    ],
    ["cron(0 0 L-31 * ? *)", 'day-of-month L-n needs n 1-30 (got "L-31").'],
    ["cron(0 0 32W * ? *)", 'day-of-month nW needs n 1-31 (got "32W").'],
    [
      "cron(0 0 LW * ? *)",
      'day-of-month "LW" (last weekday of the month) is not in the EventBridge Scheduler cron syntax; use L (last day), L-n (n days before it) or nW (weekday nearest day n).',
    ],
    ["cron(0 0 ? * 8L *)", 'day-of-week must be 1-7 (1 = Sunday) before "L" (got "8L"), e.g. 6L for the last Friday.'],
    [
      "cron(0 0 ? * FRIL *)",
      'day-of-week takes a number 1-7 (1 = Sunday) before "L", not a name (got "FRIL"); write 6L.',
    ],
    [
      "cron(0 0 ? * FRI#3 *)",
      'day-of-week takes a number 1-7 (1 = Sunday) before "#", not a name (got "FRI#3"); write 6#3.',
    ],
    ["cron(0 0 ? * 2#6 *)", 'day-of-week n#k needs k 1-5, the week of the month (got "2#6").'],
    [
      "cron(0 0 ? * 3#1,6#3 *)",
      'day-of-week takes "#" only as one single n#k item, e.g. 2#1 for the first Monday (got "3#1,6#3"); AWS allows one "#" term per expression.',
    ],
    // day-of-month and day-of-week
    [
      "cron(0 0 1 * 2 *)",
      'day-of-month (1) and day-of-week (2) are both set; AWS cannot combine them and needs "?" in exactly one, e.g. cron(0 0 1 * ? *).',
    ],
    [
      "cron(0 9 * * MON *)",
      'day-of-month ("*") and day-of-week ("MON") are both set; AWS cannot combine them and needs "?" in exactly one, e.g. cron(0 9 ? * MON *).',
    ],
    [
      "cron(0 0 ? * ? *)",
      'day-of-month and day-of-week are both "?"; AWS needs exactly one "?", e.g. cron(0 0 * * ? *) for every day.',
    ],
    [
      "cron(0 0 31 FEB ? *)",
      "day-of-month 31 never occurs in February (at most 29 days), so the schedule would never run.",
    ],
    [
      "cron(0 0 31 4,6 ? *)",
      "day-of-month 31 never occurs in April, June (at most 30 days), so the schedule would never run.",
    ],
    // shape
    [
      "cron(0 0 ? * MON-FRI)",
      "AWS cron needs 6 fields (minutes hours day-of-month month day-of-week year), got 5; add the year field, e.g. cron(0 0 ? * MON-FRI *).",
    ],
    [
      "cron(0 0 0 ? * * *)",
      "AWS cron needs 6 fields (minutes hours day-of-month month day-of-week year), got 7; it has no seconds field and runs at most once a minute.",
    ],
    ["cron(0 0 1 * ? *", 'cron(...) is missing its closing ")".'],
    ["CRON(0 0 1 * ? *)", "write cron(...) in lower case, as AWS requires."],
    ["every(5 minutes)", `"every" is not a schedule kind; ${FORMS}.`],
    ["", `is empty; ${FORMS}.`],
    ["* * *", `is not a schedule (3 fields); ${FORMS}.`],
    // rate
    ["rate(1 minutes)", "rate takes the singular unit for 1, as AWS requires; write rate(1 minute)."],
    ["rate(1 hours)", "rate takes the singular unit for 1, as AWS requires; write rate(1 hour)."],
    ["rate(1 days)", "rate takes the singular unit for 1, as AWS requires; write rate(1 day)."],
    ["rate(5 minute)", "rate takes the plural unit for values other than 1; write rate(5 minutes)."],
    ["rate(2 day)", "rate takes the plural unit for values other than 1; write rate(2 days)."],
    ["rate(0 minutes)", "rate value must be a whole number of 1 or more (got 0)."],
    ["rate(05 minutes)", "rate value must be a whole number of 1 or more (got 05)."],
    ["rate(1.5 hours)", 'rate value must be a whole number of 1 or more (got "1.5").'],
    [
      "rate(5 seconds)",
      'rate unit must be minute(s), hour(s) or day(s) (got "seconds"); EventBridge Scheduler runs at most once a minute.',
    ],
    ["rate(2 weeks)", 'rate unit must be minute(s), hour(s) or day(s) (got "weeks").'],
    ["rate(5)", "rate needs a value and a unit, e.g. rate(5 minutes) (got 5)."],
    // at
    [
      "at(2027-01-01 09:00)",
      'at needs a local date-time yyyy-mm-ddThh:mm:ss, e.g. at(2027-01-01T09:00:00) (got "2027-01-01 09:00").',
    ],
    [
      "at(2027-01-01T09:00:00Z)",
      'at needs a local date-time yyyy-mm-ddThh:mm:ss without Z or an offset (the job\'s timezone applies), e.g. at(2027-01-01T09:00:00) (got "2027-01-01T09:00:00Z").',
    ],
    ["at(2027-13-01T09:00:00)", "at month must be 01-12 (got 13)."],
    ["at(2027-02-29T09:00:00)", "at day must be 01-28 in February 2027 (got 29)."],
    ["at(2028-02-30T09:00:00)", "at day must be 01-29 in February 2028 (got 30)."],
    ["at(2027-04-31T09:00:00)", "at day must be 01-30 in April 2027 (got 31)."],
    ["at(2027-01-01T24:00:00)", "at hour must be 00-23 (got 24)."],
    ["at(2027-01-01T09:60:00)", "at minute must be 00-59 (got 60)."],
    ["at(2027-01-01T09:00:60)", "at second must be 00-59 (got 60)."],
    ["at(1969-12-31T23:59:59)", "at year must be 1970-2199 (got 1969)."],
    // unsupported forms
    [
      "@reboot",
      "@reboot runs when a machine boots, which a scheduled Lambda has no notion of; use a schedule such as rate(1 day).",
    ],
    [
      "@every",
      '"@every" is not a crontab nickname (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly).',
    ],
    [
      "0 9 * * 1-5 *",
      "6 fields without cron(...): if these are the AWS fields (minutes hours day-of-month month day-of-week year), write cron(0 9 * * 1-5 *); a crontab with a seconds field is not supported, as EventBridge Scheduler runs at most once a minute.",
    ],
    [
      "0 0 9 * * MON *",
      "7 fields (seconds to year) are not supported: EventBridge Scheduler runs at most once a minute; write cron(minutes hours day-of-month month day-of-week year).",
    ],
    // Unix crontab
    ["60 * * * *", "minutes must be 0-59 (got 60)."],
    ["0 0 * * 8", "day-of-week must be 0-7 or SUN-SAT (got 8); in a crontab 0 and 7 are Sunday."],
    ["0 0 * * SAT-SUN", 'day-of-week range "SAT-SUN" runs backwards; write it as two ranges, e.g. 6-7,0.'],
    ["0 5/15 * * *", 'hours step "5/15" needs a range in a crontab; write 5-23/15.'],
    [
      "0 0 L * *",
      'a Unix crontab has no "L" (got "L" in day-of-month); write an AWS cron(...) expression to use ?, L, W or #.',
    ],
    [
      "0 0 ? * 1",
      'a Unix crontab has no "?" (got "?" in day-of-month); write an AWS cron(...) expression to use ?, L, W or #.',
    ],
    [
      "0 0 * * 1#2",
      'a Unix crontab has no "#" (got "1#2" in day-of-week); write an AWS cron(...) expression to use ?, L, W or #.',
    ],
  ])("%s", (input, reason) => {
    const error = errorOf(input);
    expect(error.code).toBe("E_BAD_SCHEDULE");
    expect(error.message).toBe(`schedule ${JSON.stringify(input)}: ${reason}`);
  });

  it("explains why a crontab restricting both day fields cannot be one AWS cron, and how to split it", () => {
    expect(() => parseSchedule("0 9 1 * 1-5", "services/cron/payroll.ts: schedule")).toThrow(
      'services/cron/payroll.ts: schedule "0 9 1 * 1-5": this crontab restricts both day-of-month (1) and day-of-week ("1-5"), ' +
        'so Unix cron runs when either matches; one AWS cron cannot say "either", so split it into two cron files: ' +
        "cron(0 9 1 * ? *) and cron(0 9 ? * 2-6 *).",
    );
  });

  it("rejects a value that is not a string", () => {
    expect(() => parseSchedule(5 as unknown as string)).toThrow(`schedule "5": must be a string; ${FORMS}.`);
  });
});
