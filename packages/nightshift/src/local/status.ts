import { describeSchedule } from "../schedule/index";
import type { LocalClock } from "./clock";
import type { InvocationLog, InvocationRecord } from "./invocations";
import type { LocalProject } from "./local-project";
import type { LocalScheduler } from "./scheduler";
import type { QueueCounts } from "./sqs/fauxqs-server";

/** A run as the dashboard lists it (logs come from `/api/logs`). */
export interface RunSummary {
  readonly id: string;
  readonly status: InvocationRecord["status"];
  readonly trigger: InvocationRecord["trigger"];
  readonly attempt: number;
  readonly startedAt: string;
  readonly durationMs?: number;
  readonly error?: string;
}

export interface CronStatus {
  readonly name: string;
  readonly file: string;
  readonly schedule: string;
  readonly expression: string;
  readonly timezone: string;
  readonly description: string;
  /** On in `development` (scheduled locally). Off crons can still be run by hand. */
  readonly enabled: boolean;
  readonly nextRun: string | null;
  readonly lastRun: RunSummary | null;
  readonly recentRuns: RunSummary[];
  /** Failed runs (retries exhausted) waiting in the cron's DLQ. */
  readonly deadLetter: number;
}

export interface QueueStatus {
  readonly name: string;
  readonly file: string;
  readonly fifo: boolean;
  /** Messages ready to be received. */
  readonly visible: number;
  /** Received and not yet deleted (being handled, or waiting out the visibility timeout after a failure). */
  readonly inFlight: number;
  readonly delayed: number;
  /** Messages in the DLQ. */
  readonly deadLetter: number;
  readonly maxReceiveCount: number;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly visibilityTimeoutSeconds: number;
  readonly timeoutSeconds: number;
}

/** `GET /api/status`. */
export interface DevStatus {
  readonly crons: CronStatus[];
  readonly queues: QueueStatus[];
  readonly topics: { name: string; fifo: boolean }[];
}

export function summarize(record: InvocationRecord): RunSummary {
  return {
    id: record.id,
    status: record.status,
    trigger: record.trigger,
    attempt: record.attempt,
    startedAt: record.startedAt,
    ...(record.durationMs !== undefined ? { durationMs: record.durationMs } : {}),
    ...(record.error ? { error: record.error.split("\n")[0] } : {}),
  };
}

function total(counts: QueueCounts | undefined): number {
  return (counts?.visible ?? 0) + (counts?.inFlight ?? 0) + (counts?.delayed ?? 0);
}

/** Builds the status the dashboard and `/api/status` show. */
export class DevStatusReader {
  constructor(
    private readonly options: {
      project: () => LocalProject;
      scheduler: LocalScheduler;
      invocations: InvocationLog;
      counts: (queue: string) => { main?: QueueCounts; dlq?: QueueCounts };
      cronDeadLetters: (cron: string) => QueueCounts | undefined;
      clock: LocalClock;
    },
  ) {}

  read(): DevStatus {
    const { project, scheduler, invocations, counts } = this.options;
    const current = project();
    return {
      crons: current.crons.map((cron) => {
        const runs = invocations.list({ job: cron.name, limit: 10 });
        const last = invocations.last(cron.name);
        return {
          name: cron.name,
          file: cron.file,
          schedule: cron.schedule.written,
          expression: cron.schedule.expression,
          timezone: cron.timezone,
          description: describeSchedule(cron.schedule, cron.timezone),
          enabled: cron.environments.development,
          nextRun: scheduler.nextRun(cron.name)?.toISOString() ?? null,
          lastRun: last ? summarize(last) : null,
          recentRuns: runs.map(summarize),
          deadLetter: total(this.options.cronDeadLetters(cron.name)),
        };
      }),
      queues: current.queues.map((queue) => {
        const { main, dlq } = counts(queue.name);
        return {
          name: queue.name,
          file: queue.file,
          fifo: queue.fifo,
          visible: main?.visible ?? 0,
          inFlight: main?.inFlight ?? 0,
          delayed: main?.delayed ?? 0,
          deadLetter: total(dlq),
          maxReceiveCount: queue.maxReceiveCount,
          batchSize: queue.batchSize,
          concurrency: queue.concurrency,
          visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds,
          timeoutSeconds: queue.timeoutSeconds,
        };
      }),
      topics: current.topics.map((t) => ({ name: t.name, fifo: t.fifo })),
    };
  }
}
