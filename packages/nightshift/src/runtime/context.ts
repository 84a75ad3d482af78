import type { Logger } from "./logger";

/** Runs `fn` at most once per key, across retries and duplicate deliveries (backed by Postgres). */
export type Once = <T>(key: string | (() => Promise<T>), fn?: () => Promise<T>) => Promise<T>;

/** What a cron's `run(ctx)` receives. */
export interface CronContext {
  /** The job's name (its file name). */
  readonly job: string;
  /** The time the schedule was due, not the time the run started. */
  readonly scheduledTime: Date;
  /** 1 on the first try; higher on a retry of the same scheduled run. */
  readonly attempt: number;
  /** Scheduler's execution id: the same across retries of one scheduled run. */
  readonly executionId: string;
  readonly log: Logger;
  /** Aborts shortly before the function's deadline. */
  readonly signal: AbortSignal;
  /** Exactly-once side effects; the default key is the execution id. */
  readonly once: Once;
}

/** What a queue handler receives beside the payload. */
export interface MessageContext {
  readonly job: string;
  readonly messageId: string;
  /** How many times SQS has delivered this message, 1 on the first delivery. */
  readonly attempt: number;
  readonly sentAt: Date;
  /** Message attributes as strings (metadata never goes into the body). */
  readonly attributes: Readonly<Record<string, string>>;
  /** FIFO message group, if any. */
  readonly groupId?: string;
  readonly log: Logger;
  readonly signal: AbortSignal;
  /** Exactly-once side effects; the default key is the message id. */
  readonly once: Once;
}
