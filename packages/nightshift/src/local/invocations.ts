import { EventEmitter } from "node:events";
import type { LogLine } from "./worker/worker-process";

/** How an invocation ended. `partial`: a queue batch where some records failed. */
export type InvocationStatus = "running" | "ok" | "partial" | "error" | "timeout" | "crash" | "skipped";

/** What started an invocation. */
export type InvocationTrigger = "schedule" | "manual" | "retry" | "queue";

export interface InvocationMessage {
  readonly messageId: string;
  /** SQS's ApproximateReceiveCount at this delivery. */
  readonly receiveCount: number;
  /** True when the message was not deleted (it will be redelivered, or moves to the DLQ). */
  failed: boolean;
}

/** One run of a cron or one batch of a queue, as the dashboard and the log printer show it. */
export interface InvocationRecord {
  readonly id: string;
  readonly job: string;
  readonly kind: "cron" | "queue";
  readonly trigger: InvocationTrigger;
  /** Cron: 1 on the first try of a scheduled run, higher on Lambda-style async retries. */
  readonly attempt: number;
  readonly executionId?: string;
  readonly scheduledTime?: string;
  readonly startedAt: string;
  status: InvocationStatus;
  endedAt?: string;
  durationMs?: number;
  coldStart?: boolean;
  /** Failure reason: the handler's error, the timeout or the crash. */
  error?: string;
  messages?: InvocationMessage[];
  logs: LogLine[];
}

export interface InvocationEvents {
  "invocation:start": [InvocationRecord];
  "invocation:end": [InvocationRecord];
}

/**
 * The most recent invocations (newest last), plus events for whoever shows them. Tests await
 * `waitFor()` instead of sleeping.
 */
export class InvocationLog extends EventEmitter<InvocationEvents> {
  private readonly records: InvocationRecord[] = [];

  constructor(private readonly keep = 500) {
    super();
    this.setMaxListeners(0);
  }

  start(record: InvocationRecord): InvocationRecord {
    this.records.push(record);
    if (this.records.length > this.keep) this.records.splice(0, this.records.length - this.keep);
    this.emit("invocation:start", record);
    return record;
  }

  end(record: InvocationRecord): void {
    this.emit("invocation:end", record);
  }

  /** Newest first, optionally for one job. */
  list(options: { job?: string; limit?: number } = {}): InvocationRecord[] {
    const matching = options.job ? this.records.filter((r) => r.job === options.job) : this.records;
    return matching.slice(-(options.limit ?? this.keep)).reverse();
  }

  /** The last finished invocation of a job. */
  last(job: string): InvocationRecord | undefined {
    for (let i = this.records.length - 1; i >= 0; i--) {
      const record = this.records[i] as InvocationRecord;
      if (record.job === job && record.status !== "running") return record;
    }
    return undefined;
  }

  /** Resolves with the first finished invocation (already finished or future) that matches. */
  waitFor(predicate: (record: InvocationRecord) => boolean): Promise<InvocationRecord> {
    const done = this.records.find((r) => r.status !== "running" && predicate(r));
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => {
      const listener = (record: InvocationRecord) => {
        if (!predicate(record)) return;
        this.off("invocation:end", listener);
        resolve(record);
      };
      this.on("invocation:end", listener);
    });
  }
}
