import { parseCronFields } from "./cron-fields";
import { parseAt } from "./parse-at";
import { parseRate } from "./parse-rate";
import { convertUnixCron, UNIX_NICKNAMES } from "./parse-unix-cron";
import { DEFAULT_SCHEDULE_WHERE, got, ScheduleSyntaxError, scheduleError } from "./schedule-error";
import type { ParsedCronExpression, ParsedSchedule } from "./types";

const FORMS =
  "write rate(5 minutes), cron(0 9 ? * MON-FRI *), at(2027-01-01T09:00:00) or a 5-field crontab such as 0 9 * * 1-5";

/**
 * The one schedule parser. Takes AWS `rate()`, 6-field `cron()` and `at()`, and 5-field Unix
 * crontabs (converted exactly to AWS `cron()`), and returns the form every other part trusts.
 *
 * @param where names the source in error messages, e.g. `services/cron/report.ts: schedule`.
 * @throws NightshiftError `E_BAD_SCHEDULE` naming the field, the value and what is allowed, e.g.
 *   `schedule "cron(0 25 ? * * *)": hours must be 0-23 (got 25).`
 * @example parseSchedule("0 9 * * 1-5").expression // "cron(0 9 ? * 2-6 *)"
 */
export function parseSchedule(input: string, where: string = DEFAULT_SCHEDULE_WHERE): ParsedSchedule {
  if (typeof input !== "string") throw scheduleError(String(input), where, `must be a string; ${FORMS}.`);
  try {
    return parseText(input);
  } catch (error) {
    if (error instanceof ScheduleSyntaxError) throw scheduleError(input, where, error.message);
    throw error;
  }
}

function parseText(written: string): ParsedSchedule {
  const text = written.trim();
  if (text === "") throw new ScheduleSyntaxError(`is empty; ${FORMS}.`);
  const opener = /^([A-Za-z]+)\s*\(/.exec(text);
  if (opener) {
    const kind = opener[1] ?? "";
    if (!text.endsWith(")")) throw new ScheduleSyntaxError(`${kind}(...) is missing its closing ")".`);
    const inner = text.slice(opener[0].length, -1);
    if (kind === "rate") return parseRate(written, inner);
    if (kind === "at") return parseAt(written, inner);
    if (kind === "cron") return awsCron(written, inner, "aws");
    if (["rate", "at", "cron"].includes(kind.toLowerCase()))
      throw new ScheduleSyntaxError(`write ${kind.toLowerCase()}(...) in lower case, as AWS requires.`);
    throw new ScheduleSyntaxError(`${got(kind)} is not a schedule kind; ${FORMS}.`);
  }
  if (text.startsWith("@")) {
    const nickname = text.toLowerCase();
    if (nickname === "@reboot")
      throw new ScheduleSyntaxError(
        `@reboot runs when a machine boots, which a scheduled Lambda has no notion of; use a schedule such as rate(1 day).`,
      );
    const crontab = UNIX_NICKNAMES[nickname];
    if (!crontab)
      throw new ScheduleSyntaxError(
        `${got(text)} is not a crontab nickname (${Object.keys(UNIX_NICKNAMES).join(", ")}).`,
      );
    return unixCron(written, crontab.split(" "));
  }
  const parts = text.split(/\s+/);
  if (parts.length === 5) return unixCron(written, parts);
  if (parts.length === 6)
    throw new ScheduleSyntaxError(
      `6 fields without cron(...): if these are the AWS fields (minutes hours day-of-month month day-of-week year), write cron(${parts.join(" ")}); a crontab with a seconds field is not supported, as EventBridge Scheduler runs at most once a minute.`,
    );
  if (parts.length === 7)
    throw new ScheduleSyntaxError(
      `7 fields (seconds to year) are not supported: EventBridge Scheduler runs at most once a minute; write cron(minutes hours day-of-month month day-of-week year).`,
    );
  throw new ScheduleSyntaxError(`is not a schedule (${parts.length} fields); ${FORMS}.`);
}

function awsCron(written: string, inner: string, source: "aws" | "unix"): ParsedCronExpression {
  const { fields } = parseCronFields(inner);
  return { kind: "cron", written, expression: `cron(${fields.join(" ")})`, source, fields };
}

function unixCron(written: string, parts: readonly string[]): ParsedCronExpression {
  return awsCron(written, convertUnixCron(parts).join(" "), "unix");
}
