import type { CronDefinition } from "../definition/cron";
import { DEFAULTS, type EnvironmentKind } from "../definition/defaults";
import { assertTimezone, parseSchedule } from "../schedule";
import { FieldChecker } from "./check";
import type { ParsedCron } from "./types";

const CRON_OPTIONS = [
  "schedule",
  "timezone",
  "timeout",
  "memory",
  "retries",
  "expectedDuration",
  "environments",
  "overlap",
  "run",
] as const;
const ENVIRONMENTS: readonly EnvironmentKind[] = ["production", "preview", "development"];

/** Validates a cron definition from `file` and applies the defaults. */
export function normalizeCron(file: string, name: string, definition: CronDefinition): ParsedCron {
  const check: FieldChecker = new FieldChecker(file);
  const options = definition.options as unknown as Record<string, unknown>;
  check.unknownKeys("", options, CRON_OPTIONS);
  if (typeof options.run !== "function") {
    check.fail("run", "must be a function: `async run(ctx) { ... }`.");
  }
  if (typeof options.schedule !== "string") {
    check.fail("schedule", 'is required: e.g. "rate(5 minutes)", "cron(0 9 ? * MON-FRI *)" or "0 9 * * 1-5".');
  }
  const timezone: unknown = options.timezone === undefined ? DEFAULTS.cron.timezone : options.timezone;
  if (typeof timezone !== "string") check.fail("timezone", `must be an IANA time zone name such as "Europe/Paris".`);
  assertTimezone(timezone, `${file}: timezone`);
  const schedule = parseSchedule(options.schedule, `${file}: schedule`);
  const timeoutSeconds = check.duration(
    "timeout",
    options.timeout ?? DEFAULTS.cron.timeout,
    1,
    900,
    "Lambda allows at most 15 minutes",
  );
  const environments: Record<EnvironmentKind, boolean> = { ...DEFAULTS.cron.environments };
  const chosen = options.environments;
  if (chosen !== undefined) {
    if (typeof chosen !== "object" || chosen === null) {
      check.fail("environments", "must be an object such as { preview: true }.");
    }
    check.unknownKeys("environments", chosen, ENVIRONMENTS);
    for (const [kind, on] of Object.entries(chosen)) {
      environments[kind as EnvironmentKind] = check.boolean(`environments.${kind}`, on);
    }
  }
  return {
    kind: "cron",
    name,
    file,
    schedule,
    timezone,
    timeoutSeconds,
    memoryMb: check.integer("memory", options.memory ?? DEFAULTS.cron.memory, 128, 10240, "give megabytes, e.g. 512"),
    retries: check.integer(
      "retries",
      options.retries ?? DEFAULTS.cron.retries,
      0,
      2,
      "Lambda retries a failed asynchronous run at most twice",
    ),
    expectedDurationSeconds: check.expectedDuration(options.expectedDuration, 1, timeoutSeconds),
    environments,
    overlap: check.oneOf("overlap", options.overlap ?? DEFAULTS.cron.overlap, ["allow", "skip"] as const),
    definition,
  };
}
