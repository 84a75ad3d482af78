import { NightshiftError } from "../errors";
import type { LocalClock } from "./clock";
import type { InvocationLog, InvocationRecord } from "./invocations";
import type { LocalProject, LocalQueue } from "./local-project";
import type { Inbox } from "./smtp/inbox";
import type { TestMessage } from "./sqs/queue-actions";
import type { LocalQueueAddress } from "./sqs/resources";
import type { DevState } from "./state-file";
import type { DevStatusReader } from "./status";

/** How `nightshift dev` is started. Every field has a default; tests pass small values. */
export interface DevEnvironmentOptions {
  /** The project root (the folder holding `services/`). */
  readonly root: string;
  /** Env vars of the environment: ports, `DATABASE_URL`, secrets for workers. @default process.env */
  readonly env?: Record<string, string | undefined>;
  /** Dashboard port; 0 picks a free one. @default NIGHTSHIFT_DASHBOARD_PORT or 4000 */
  readonly dashboardPort?: number;
  /** Next.js port, or false to not start `apps/web`. @default PORT or 3000 */
  readonly webPort?: number | false;
  /** SMTP catcher port; 0 picks a free one. @default NIGHTSHIFT_SMTP_PORT or 0 */
  readonly smtpPort?: number;
  /** Start the database (embedded PGlite or `DATABASE_URL`). @default true */
  readonly database?: boolean;
  /** Clock for the scheduler and cron retries. @default the system clock */
  readonly clock?: LocalClock;
  /** Delays before cron retries. @default Lambda's async retry delays (1 min, then 2 min) */
  readonly cronRetryDelaysMs?: readonly number[];
  /** How long shutdown waits for running invocations before leaving them to be retried. @default 10000 */
  readonly shutdownGraceMs?: number;
  /** Reload jobs when their files change. @default true */
  readonly watch?: boolean;
  /** Where the environment prints (invocation lines, service lines). @default stdout */
  readonly print?: (text: string) => void;
  /** How often queue contents are saved to `.nightshift/queues.json` while they change. @default 2000 */
  readonly snapshotIntervalMs?: number;
}

/** A running local environment. */
export interface DevEnvironment {
  readonly root: string;
  readonly project: LocalProject;
  readonly state: DevState;
  readonly invocations: InvocationLog;
  readonly inbox: Inbox;
  readonly status: DevStatusReader;
  /** Address of a queue by job name. */
  queueAddress(name: string): LocalQueueAddress | undefined;
  runCron(name: string): Promise<InvocationRecord>;
  send(queue: string, message: TestMessage): Promise<string>;
  redrive(queue: string): Promise<number>;
  purgeDeadLetters(queue: string): Promise<void>;
  /** The messages in a queue's (or a cron's) DLQ, read without receiving them. */
  peekDeadLetters(job: string): DeadLetter[];
  /** Re-reads the project and restarts workers; what an edit under `services/` triggers. */
  reload(): Promise<void>;
  /** Live worker process ids. */
  workerPids(): number[];
  /** Resolves when a reload triggered by a file change has finished. */
  onReload(listener: (error?: Error) => void): () => void;
  stop(): Promise<void>;
}

/** A message in a dead-letter queue, as the dashboard shows it. */
export interface DeadLetter {
  readonly messageId: string;
  readonly body: string;
  /** SQS's receive count: the receive that found it over `maxReceiveCount` moved it instead of delivering it. */
  readonly receiveCount: number;
  readonly sentAt: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly groupId?: string;
}

/** `E_UNKNOWN_JOB` for a name the project does not define. */
export function unknownJob(kind: "cron" | "queue", name: string, known: readonly { name: string }[]): NightshiftError {
  return new NightshiftError(
    "E_UNKNOWN_JOB",
    `There is no ${kind} named "${name}" in services/${kind}/; known ${kind}s: ${known.map((j) => j.name).join(", ") || "none"}.`,
  );
}

/** Poller-relevant settings; a change restarts the queue's poller. */
export function sameSettings(a: LocalQueue, b: LocalQueue): boolean {
  const keys = ["batchSize", "batchWindowSeconds", "concurrency", "timeoutSeconds", "fifo", "handlerFile"] as const;
  return keys.every((k) => a[k] === b[k]);
}
