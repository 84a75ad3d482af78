import { randomUUID } from "node:crypto";
import type { CronDefinition } from "../../definition/cron";
import { DEFAULTS } from "../../definition/defaults";
import type { CronContext } from "../context";
import { createLogger, type LogSink, stdoutSink } from "../logger";
import { createOnce } from "../once";
import { deadlineSignal } from "./deadline-signal";
import { type Clock, systemClock } from "./run-clock";
import type { CronEvent } from "./scheduler-input";
import type { LambdaContext } from "./types";

export interface CronHandlerOptions {
  /** The job's name (its file name). */
  readonly name: string;
  /**
   * The function's configured timeout. An `overlap: "skip"` lease expires this long (plus the abort
   * margin) after it is taken, so a crashed run never blocks the job for longer.
   * @default the time left in the invocation when it starts
   */
  readonly timeoutMs?: number;
  /** Where log lines go. @default stdout, one JSON object per line (Lambda's JSON log format) */
  readonly logSink?: LogSink;
  /** Clock for durations and log timestamps. @default Date.now */
  readonly clock?: Clock;
}

/** `error` is only logged: the handler rethrows instead of resolving. */
export type CronOutcome = "ok" | "skipped" | "error";

/** What the handler resolves with (Lambda ignores it for async invokes; local runners show it). */
export interface CronResult {
  readonly job: string;
  readonly executionId: string;
  readonly outcome: CronOutcome;
  readonly durationMs: number;
}

export type CronHandler = (event: Partial<CronEvent> | null | undefined, context: LambdaContext) => Promise<CronResult>;

/**
 * Attempts seen per execution id by this warm instance. Lambda's async retries re-deliver the same
 * event and its context carries no retry count, so a retry that lands on the same instance is counted
 * here; one that lands on a fresh instance reports Scheduler's attempt number (its delivery attempts).
 */
const seenAttempts = new Map<string, number>();
const SEEN_ATTEMPTS_KEPT = 256;

function countAttempt(executionId: string, schedulerAttempt: number): number {
  const previous = seenAttempts.get(executionId) ?? 0;
  const attempt = Math.max(schedulerAttempt, previous + 1);
  seenAttempts.delete(executionId);
  seenAttempts.set(executionId, attempt);
  if (seenAttempts.size > SEEN_ATTEMPTS_KEPT) {
    const oldest = seenAttempts.keys().next().value;
    if (oldest !== undefined) seenAttempts.delete(oldest);
  }
  return attempt;
}

function parseScheduledTime(value: unknown, fallback: Date): Date {
  if (typeof value !== "string") return fallback;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? fallback : time;
}

function parseAttempt(value: unknown): number {
  const attempt = typeof value === "string" || typeof value === "number" ? Number(value) : Number.NaN;
  return Number.isInteger(attempt) && attempt >= 1 ? attempt : 1;
}

/** A placeholder Scheduler did not substitute (a manual invoke copied from the console) counts as absent. */
function given(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" && !value.startsWith("<aws.scheduler.") ? value : undefined;
}

const loadSql = async () => (await import("../db")).getSql();

/**
 * Wraps a cron definition as a Lambda handler for EventBridge Scheduler's async invoke.
 * Errors are logged and rethrown, so Lambda's retries and the failed-runs destination apply.
 * @example export const handler = createCronHandler(checkMentions, { name: "check-mentions", timeoutMs: 60_000 });
 */
export function createCronHandler(definition: CronDefinition, options: CronHandlerOptions): CronHandler {
  const clock = options.clock ?? systemClock;
  const sink = options.logSink ?? stdoutSink;
  const now = () => new Date(clock());
  const overlap = definition.options.overlap ?? DEFAULTS.cron.overlap;

  return async (event, context) => {
    const started = clock();
    const executionId = given(event?.executionId) ?? `manual-${context.awsRequestId || randomUUID()}`;
    const scheduledTime = parseScheduledTime(given(event?.scheduledTime), now());
    const attempt = countAttempt(executionId, parseAttempt(given(event?.attempt)));
    const log = createLogger({ job: options.name, executionId }, sink, now);
    const remainingAtStart = context.getRemainingTimeInMillis();
    const deadline = deadlineSignal(remainingAtStart);
    const finish = (outcome: CronOutcome, error?: unknown): CronResult => {
      const durationMs = clock() - started;
      const fields = { outcome, durationMs, attempt, ...(error === undefined ? {} : { error }) };
      if (outcome === "error") log.error("cron run finished", fields);
      else log.info("cron run finished", fields);
      return { job: options.name, executionId, outcome, durationMs };
    };

    const leaseName = `cron:${options.name}`;
    const holder = `${executionId}/${context.awsRequestId || randomUUID()}`;
    let leased = false;
    try {
      if (overlap === "skip") {
        const { acquireLease } = await import("../lease");
        const ttlMs = (options.timeoutMs ?? remainingAtStart) + DEFAULTS.abortMarginMs;
        leased = await acquireLease(await loadSql(), leaseName, holder, ttlMs);
        if (!leased) {
          log.info('previous run still holds the lease; skipping this one (overlap: "skip")', { attempt });
          return finish("skipped");
        }
      }
      const ctx: CronContext = {
        job: options.name,
        scheduledTime,
        attempt,
        executionId,
        log,
        signal: deadline.signal,
        once: createOnce({
          job: options.name,
          defaultKey: executionId,
          lockMs: () => context.getRemainingTimeInMillis() + DEFAULTS.abortMarginMs,
          sql: loadSql,
          log,
        }),
      };
      await definition.options.run(ctx);
      return finish("ok");
    } catch (error) {
      finish("error", error);
      throw error;
    } finally {
      deadline.dispose();
      if (leased) {
        const { releaseLease } = await import("../lease");
        await releaseLease(await loadSql(), leaseName, holder).catch((error: unknown) =>
          log.warn("could not release the overlap lease; it expires on its own", { error }),
        );
      }
    }
  };
}
