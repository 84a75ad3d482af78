import type { CronContext } from "../runtime/context";
import type { EnvironmentKind } from "./defaults";
import type { Duration } from "./duration";
import { attachName, type Nameable } from "./job-name";

export interface CronOptions {
  /**
   * When the job runs: `rate(5 minutes)`, a 6-field AWS `cron(min hour dom month dow year)`,
   * a one-time `at(2027-01-01T09:00:00)`, or a 5-field Unix crontab such as `"0 9 * * 1-5"`.
   * @example "cron(0 9 ? * MON-FRI *)"
   */
  schedule: string;
  /** IANA time zone the schedule is read in; DST is handled like EventBridge Scheduler. @default "UTC" */
  timezone?: string;
  /** Longest a run may take, 1 second–15 minutes. @default "1 minute" */
  timeout?: Duration;
  /** Function memory in MB, 128–10240. @default 256 */
  memory?: number;
  /** Times a failed run is retried, 0–2 (Lambda's asynchronous retries). @default 2 */
  retries?: number;
  /** Typical run time, used only by `nightshift cost`. @default the timeout */
  expectedDuration?: Duration;
  /**
   * Where the schedule is switched on. Production and local development are on and pull-request
   * environments off unless set here; a disabled cron can still be run with `nightshift run`.
   * @default { production: true, preview: false, development: true }
   */
  environments?: Partial<Record<EnvironmentKind, boolean>>;
  /** `"skip"`: a run due while the previous one still runs is skipped, not started. @default "allow" */
  overlap?: "allow" | "skip";
  /** The job itself. Throwing fails the run, which is then retried. */
  run(ctx: CronContext): Promise<void> | void;
}

export interface CronDefinition extends Nameable {
  readonly kind: "cron";
  readonly options: CronOptions;
}

/** Declares a cron job. The default export of `services/cron/<name>.ts`. */
export function cron(options: CronOptions): CronDefinition {
  const definition: CronDefinition = { kind: "cron", options };
  attachName(definition);
  return definition;
}
