import { randomUUID } from "node:crypto";
import type { CronEvent } from "../runtime/lambda/scheduler-input";
import { nextFireTimes } from "../schedule/index";
import { type LocalClock, MAX_TIMER_MS } from "./clock";
import type { InvocationRecord, InvocationTrigger } from "./invocations";
import type { LocalCron } from "./local-project";

/**
 * Lambda's asynchronous invoke retries a failed run after about one minute, then after two more.
 * Crons deploy with `maximum_retry_attempts = retries`, so the local scheduler waits the same.
 */
export const ASYNC_RETRY_DELAYS_MS: readonly number[] = [60_000, 120_000];

/** A retry that is due later; kept across restarts so a failed run is not forgotten. */
export interface PendingRetry {
  readonly job: string;
  readonly event: CronEvent;
  /** Epoch ms. */
  readonly dueAt: number;
}

export interface LocalSchedulerOptions {
  readonly clock: LocalClock;
  /** Runs one attempt in a worker and resolves with its record. */
  readonly invoke: (cron: LocalCron, event: CronEvent, trigger: InvocationTrigger) => Promise<InvocationRecord>;
  /** The schedule's physical name (what Scheduler puts in the event's `schedule`). */
  readonly scheduleName: (cron: LocalCron) => string;
  /** @default ASYNC_RETRY_DELAYS_MS */
  readonly retryDelaysMs?: readonly number[];
  /** A run failed and has no retries left (Lambda sends it to the on-failure destination). */
  readonly onFinalFailure?: (cron: LocalCron, event: CronEvent, record: InvocationRecord) => void;
}

interface Armed {
  cron: LocalCron;
  /** Schedule identity: a reload keeps the timer (and a rate's anchor) when this is unchanged. */
  key: string;
  anchor: Date;
  next?: Date;
  timer?: unknown;
}

/** EventBridge Scheduler's `<aws.scheduler.scheduled-time>`: ISO 8601 in UTC without milliseconds. */
export function schedulerTime(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Fires each cron enabled for `development` at its real fire times in its time zone (the same
 * `nextFireTimes()` the CLI and the cost model use), invokes it with a Scheduler-shaped event, and
 * retries a failed run like Lambda's async invoke. A missed fire time (the laptop slept) fires once,
 * late, as Scheduler's flexible window would, never as a burst.
 */
export class LocalScheduler {
  private readonly armed = new Map<string, Armed>();
  private readonly retries = new Map<unknown, PendingRetry>();
  private readonly running = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(private readonly options: LocalSchedulerOptions) {}

  /** Arms the given crons (those with `environments.development` on); re-arms after a reload. */
  setCrons(crons: readonly LocalCron[]): void {
    const wanted = new Map(crons.filter((c) => c.environments.development).map((c) => [c.name, c]));
    for (const [name, armed] of this.armed) {
      const cron = wanted.get(name);
      if (!cron || scheduleKey(cron) !== armed.key) {
        this.options.clock.clearTimer(armed.timer);
        this.armed.delete(name);
      } else {
        armed.cron = cron;
      }
    }
    for (const [name, cron] of wanted) {
      if (this.armed.has(name)) continue;
      const armed: Armed = { cron, key: scheduleKey(cron), anchor: new Date(this.options.clock.now()) };
      this.armed.set(name, armed);
      this.arm(armed, new Date(this.options.clock.now()));
    }
  }

  /** The next scheduled fire time of a cron; undefined when it is off locally or will not fire again. */
  nextRun(name: string): Date | undefined {
    return this.armed.get(name)?.next;
  }

  /** Invokes a cron now (the dashboard's "Run now"), with retries like a scheduled run. */
  runNow(cron: LocalCron): Promise<InvocationRecord> {
    return this.execute(cron, this.newEvent(cron, new Date(this.options.clock.now())), "manual");
  }

  /** Retries waiting for their time. */
  pendingRetries(): PendingRetry[] {
    return [...this.retries.values()];
  }

  /** Re-arms retries saved by a previous run of the environment. */
  restoreRetries(retries: readonly PendingRetry[], crons: readonly LocalCron[]): void {
    for (const retry of retries) {
      const cron = crons.find((c) => c.name === retry.job);
      if (cron) this.scheduleRetry(cron, retry.event, retry.dueAt);
    }
  }

  /** Stops firing, then waits up to `graceMs` for runs in progress. Pending retries stay listed. */
  async stop(graceMs: number): Promise<number> {
    this.stopped = true;
    for (const armed of this.armed.values()) this.options.clock.clearTimer(armed.timer);
    for (const handle of this.retries.keys()) this.options.clock.clearTimer(handle);
    if (this.running.size === 0) return 0;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.running),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timer);
    return this.running.size;
  }

  private arm(armed: Armed, after: Date): void {
    const { cron } = armed;
    const [next] = nextFireTimes(cron.schedule, {
      timezone: cron.timezone,
      after,
      count: 1,
      ...(cron.schedule.kind === "rate"
        ? { anchor: new Date(armed.anchor.getTime() + cron.schedule.intervalSeconds * 1000) }
        : {}),
    });
    armed.next = next;
    if (!next || this.stopped) return;
    this.wakeAt(
      next.getTime(),
      (handle) => {
        armed.timer = handle;
      },
      () => {
        if (this.armed.get(cron.name) !== armed) return;
        this.track(this.execute(armed.cron, this.newEvent(armed.cron, next), "schedule"));
        // Next after the later of the due time and now: a long sleep skips to the future.
        this.arm(armed, new Date(Math.max(next.getTime(), this.options.clock.now())));
      },
    );
  }

  /** Calls `fire` at `dueAt`, in steps when the wait exceeds what one timer can hold. */
  private wakeAt(dueAt: number, setHandle: (handle: unknown) => void, fire: () => void): void {
    const wait = dueAt - this.options.clock.now();
    setHandle(
      this.options.clock.setTimer(
        () => {
          if (this.stopped) return;
          if (this.options.clock.now() < dueAt) this.wakeAt(dueAt, setHandle, fire);
          else fire();
        },
        Math.min(Math.max(0, wait), MAX_TIMER_MS),
      ),
    );
  }

  private newEvent(cron: LocalCron, scheduledTime: Date): CronEvent {
    return {
      job: cron.name,
      schedule: this.options.scheduleName(cron),
      scheduledTime: schedulerTime(scheduledTime),
      executionId: randomUUID(),
      attempt: "1",
    };
  }

  private async execute(cron: LocalCron, event: CronEvent, trigger: InvocationTrigger): Promise<InvocationRecord> {
    const record = await this.options.invoke(cron, event, trigger);
    const failed = record.status === "error" || record.status === "timeout" || record.status === "crash";
    const attempt = Number(event.attempt);
    if (failed && attempt <= cron.retries && !this.stopped) {
      const delays = this.options.retryDelaysMs ?? ASYNC_RETRY_DELAYS_MS;
      const delay = delays[Math.min(attempt - 1, delays.length - 1)] ?? 60_000;
      this.scheduleRetry(cron, { ...event, attempt: String(attempt + 1) }, this.options.clock.now() + delay);
    } else if (failed && !this.stopped) {
      this.options.onFinalFailure?.(cron, event, record);
    }
    return record;
  }

  private scheduleRetry(cron: LocalCron, event: CronEvent, dueAt: number): void {
    const retry: PendingRetry = { job: cron.name, event, dueAt };
    let current: unknown;
    this.wakeAt(
      dueAt,
      (handle) => {
        this.retries.delete(current);
        current = handle;
        this.retries.set(handle, retry);
      },
      () => {
        this.retries.delete(current);
        this.track(this.execute(cron, event, "retry"));
      },
    );
  }

  private track(run: Promise<unknown>): void {
    const tracked = run.catch(() => {}).finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }
}

function scheduleKey(cron: LocalCron): string {
  return `${cron.schedule.expression}|${cron.timezone}`;
}
