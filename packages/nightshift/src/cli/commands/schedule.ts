import { defineCommand } from "citty";
import { DEFAULTS } from "../../definition/defaults";
import { show } from "../../errors";
import { assertTimezone, describeSchedule, formatLocalTime, nextFireTimes, parseSchedule } from "../../schedule";
import { instantsOfWallTime } from "../../schedule/zone-time";
import { UsageError } from "../usage-error";

/** What `nightshift schedule` was asked, as typed on the command line. */
export interface ScheduleCommandOptions {
  expression: string;
  /** IANA zone. @default "UTC" */
  tz?: string;
  /** ISO-8601 instant with a zone; fire times strictly after it. @default now */
  from?: string;
  /** How many fire times, 1-10000. @default "5" */
  count?: string;
  json?: boolean;
}

/** The most fire times one call prints. */
const MAX_COUNT = 10_000;
const DEFAULT_COUNT = 5;

/**
 * The command's whole output for the given options; `now` stands in for a missing `--from`.
 * @throws NightshiftError (bad expression or zone) or UsageError (bad `--from` or `--count`)
 */
export function renderScheduleCommand(options: ScheduleCommandOptions, now: Date): string {
  const timezone = options.tz ?? DEFAULTS.cron.timezone;
  const schedule = parseSchedule(options.expression);
  assertTimezone(timezone, "--tz");
  const after = options.from === undefined ? now : parseInstant(options.from);
  const count = options.count === undefined ? DEFAULT_COUNT : parseCount(options.count);
  const times = nextFireTimes(schedule, { timezone, after, count });
  if (options.json) return `${JSON.stringify(times.map((time) => time.toISOString()))}\n`;
  const lines: string[] = [];
  const written = schedule.written.trim();
  lines.push(
    written === schedule.expression ? schedule.expression : `${written} deploys as ${schedule.expression}`,
    `  ${describeSchedule(schedule, timezone)}`,
  );
  if (times.length === 0) {
    const skipped =
      schedule.kind === "at" && instantsOfWallTime(Date.parse(`${schedule.local}Z`), timezone).length === 0;
    lines.push(
      skipped
        ? `${schedule.local} does not exist in ${timezone} (the clocks skip it), so it never runs.`
        : `No fire times after ${after.toISOString()} in ${timezone}.`,
    );
  } else {
    lines.push(
      `Next ${times.length} fire ${times.length === 1 ? "time" : "times"} after ${after.toISOString()} (${timezone}):`,
    );
    for (const time of times) lines.push(`  ${formatLocalTime(time, timezone)}   ${time.toISOString()}`);
    if (times.length < count) lines.push("The schedule has no later fire times.");
  }
  return `${lines.join("\n")}\n`;
}

function parseInstant(text: string): Date {
  const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)
    ? new Date(text)
    : undefined;
  if (!instant || Number.isNaN(instant.getTime()))
    throw new UsageError(
      `--from must be an ISO-8601 instant with Z or an offset, e.g. 2026-03-27T00:00:00Z (got ${show(text)}).`,
    );
  return instant;
}

function parseCount(text: string): number {
  const count = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(count >= 1 && count <= MAX_COUNT))
    throw new UsageError(`--count must be a whole number 1-${MAX_COUNT} (got ${show(text)}).`);
  return count;
}

export default defineCommand({
  meta: {
    name: "schedule",
    description: "Check a schedule expression and print its next fire times (as EventBridge Scheduler runs it).",
  },
  args: {
    expression: {
      type: "positional",
      // Checked in run(), so a missing expression is a usage error (exit code 2).
      required: false,
      description:
        'rate(5 minutes), cron(0 9 ? * MON-FRI *), at(2027-01-01T09:00:00) or a crontab such as "0 9 * * 1-5"',
    },
    tz: { type: "string", description: `IANA time zone the schedule is read in (default ${DEFAULTS.cron.timezone})` },
    from: { type: "string", description: "ISO-8601 instant; print fire times strictly after it (default now)" },
    count: { type: "string", description: `How many fire times to print, 1-${MAX_COUNT} (default ${DEFAULT_COUNT})` },
    json: { type: "boolean", description: "Print a JSON array of ISO-8601 UTC times" },
  },
  run({ args }) {
    const positionals = (args._ as string[] | undefined) ?? [];
    const expression = positionals.length > 1 ? positionals.join(" ") : args.expression;
    if (!expression)
      throw new UsageError(
        'missing the expression, e.g. nightshift schedule "cron(0 9 ? * MON-FRI *)" --tz Europe/Paris.',
      );
    const output = renderScheduleCommand(
      { expression, tz: args.tz, from: args.from, count: args.count, json: Boolean(args.json) },
      new Date(),
    );
    process.stdout.write(output);
  },
});
