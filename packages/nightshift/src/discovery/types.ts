import type { CronDefinition } from "../definition/cron";
import type { EnvironmentKind } from "../definition/defaults";
import type { QueueHandlerDefinition } from "../definition/handle";
import type { FilterPolicy, QueueContract } from "../definition/queue";
import type { TopicDefinition } from "../definition/topic";
import type { ParsedSchedule } from "../schedule/types";

/** A cron after validation: units resolved, defaults applied. Everything downstream trusts it. */
export interface ParsedCron {
  readonly kind: "cron";
  readonly name: string;
  /** Path relative to the project root, with forward slashes: `services/cron/check-mentions.ts`. */
  readonly file: string;
  readonly schedule: ParsedSchedule;
  readonly timezone: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly retries: number;
  readonly expectedDurationSeconds: number;
  readonly environments: Readonly<Record<EnvironmentKind, boolean>>;
  readonly overlap: "allow" | "skip";
  readonly definition: CronDefinition;
}

export interface ParsedSubscription {
  readonly topic: string;
  readonly filter?: FilterPolicy;
}

export interface ParsedQueue {
  readonly kind: "queue";
  readonly name: string;
  readonly file: string;
  readonly handlerFile: string;
  readonly batchSize: number;
  readonly batchWindowSeconds: number;
  readonly concurrency: number;
  readonly retries: number;
  /** retries + 1: deliveries before SQS moves a message to the DLQ. */
  readonly maxReceiveCount: number;
  readonly timeoutSeconds: number;
  readonly visibilityTimeoutSeconds: number;
  readonly memoryMb: number;
  readonly delaySeconds: number;
  readonly retentionSeconds: number;
  readonly fifo: boolean;
  readonly contentBasedDeduplication: boolean;
  readonly expectedDurationSeconds: number;
  /** From `expectedMessages`, normalized to a 730-hour month; undefined when not given. */
  readonly expectedMessagesPerMonth?: number;
  readonly subscriptions: readonly ParsedSubscription[];
  readonly contract: QueueContract;
  /** Loaded only when asked for (`loadHandlers: true`); infra never loads handler code. */
  readonly handler?: QueueHandlerDefinition;
}

export interface ParsedTopic {
  readonly kind: "topic";
  readonly name: string;
  readonly file: string;
  readonly fifo: boolean;
  readonly definition: TopicDefinition;
}

/** Every job in a project, each list sorted by name. */
export interface Project {
  /** Absolute project root (the folder holding `services/`). */
  readonly root: string;
  readonly crons: readonly ParsedCron[];
  readonly queues: readonly ParsedQueue[];
  readonly topics: readonly ParsedTopic[];
}

/** Job files found on disk, before any is imported. Paths are relative, sorted. */
export interface JobFiles {
  readonly crons: readonly string[];
  readonly queues: readonly { contract: string; handler: string }[];
  readonly topics: readonly string[];
}
