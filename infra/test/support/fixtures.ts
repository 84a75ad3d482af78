import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CronDefinition } from "nightshift";
import { type ParsedNightshiftConfig, parseConfig } from "nightshift/internal/config/parse-config";
import type { QueueContract } from "nightshift/internal/definition/queue";
import type { TopicDefinition } from "nightshift/internal/definition/topic";
import type { ParsedCron, ParsedQueue, ParsedTopic, Project } from "nightshift/internal/discovery/types";
import { parseSchedule } from "nightshift/internal/schedule/index";
import type { FunctionArtifact } from "../../constructs/environment-context";

export const config: ParsedNightshiftConfig = parseConfig({
  app: "wordmon",
  stateBucket: "wordmon-state-test",
  github: { owner: "acme", repo: "wordmon" },
  vercel: { team: "acme", project: "wordmon" },
  alertEmail: "ops@example.com",
});

/** A parsed cron as discovery would give it, with the defaults applied. */
export function makeCron(
  name: string,
  overrides: Partial<Omit<ParsedCron, "schedule">> & { schedule?: string } = {},
): ParsedCron {
  const { schedule = "rate(5 minutes)", ...rest } = overrides;
  return {
    kind: "cron",
    name,
    file: `services/cron/${name}.ts`,
    schedule: parseSchedule(schedule),
    timezone: "UTC",
    timeoutSeconds: 60,
    memoryMb: 256,
    retries: 2,
    expectedDurationSeconds: 60,
    environments: { production: true, preview: false, development: true },
    overlap: "allow",
    definition: { kind: "cron", options: { schedule, run() {} } } as CronDefinition,
    ...rest,
  };
}

/** A parsed queue as discovery would give it, with the defaults applied. */
export function makeQueue(name: string, overrides: Partial<ParsedQueue> = {}): ParsedQueue {
  const timeoutSeconds = overrides.timeoutSeconds ?? 30;
  const retries = overrides.retries ?? 3;
  return {
    kind: "queue",
    name,
    file: `services/queue/${name}.ts`,
    handlerFile: `services/queue/${name}.handler.ts`,
    batchSize: 10,
    batchWindowSeconds: 0,
    concurrency: 5,
    retries,
    maxReceiveCount: retries + 1,
    timeoutSeconds,
    visibilityTimeoutSeconds: timeoutSeconds * 6,
    memoryMb: 256,
    delaySeconds: 0,
    retentionSeconds: 345_600,
    fifo: false,
    contentBasedDeduplication: false,
    expectedDurationSeconds: timeoutSeconds,
    subscriptions: [],
    contract: { kind: "queue" } as QueueContract,
    ...overrides,
  };
}

export function makeTopic(name: string, overrides: Partial<ParsedTopic> = {}): ParsedTopic {
  return {
    kind: "topic",
    name,
    file: `services/topic/${name}.ts`,
    fifo: false,
    definition: { kind: "topic" } as TopicDefinition,
    ...overrides,
  };
}

export function makeProject(parts: Partial<Omit<Project, "root">> = {}): Project {
  return { root: "/project", crons: [], queues: [], topics: [], ...parts };
}

/** A project with a bit of everything: two crons (one enabled in previews), queues with and without subscriptions, a FIFO pair. */
export function richProject(): Project {
  return makeProject({
    topics: [makeTopic("user-events"), makeTopic("orders", { fifo: true })],
    queues: [
      makeQueue("send-email", { subscriptions: [{ topic: "user-events", filter: { kind: ["signup"] } }] }),
      makeQueue("bulk-import", { batchSize: 500, batchWindowSeconds: 10, concurrency: 4, timeoutSeconds: 300 }),
      makeQueue("fulfil-order", { fifo: true, contentBasedDeduplication: true, subscriptions: [{ topic: "orders" }] }),
    ],
    crons: [
      makeCron("nightly-report", { schedule: "cron(0 3 * * ? *)", timezone: "Europe/Paris", retries: 1 }),
      makeCron("heartbeat", { environments: { production: true, preview: true, development: true } }),
    ],
  });
}

/** Writes a small stand-in zip per job into a temp dir (content differs per job) and returns the artifacts. */
export function fakeArtifacts(project: Project, extra: string[] = []): FunctionArtifact[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), "nightshift-artifacts-"));
  return [...project.crons.map((c) => c.name), ...project.queues.map((q) => q.name), ...extra].map((name) => {
    const zipPath = path.join(dir, `${name}.zip`);
    const bytes = Buffer.from(`PK fake bundle of ${name}`);
    writeFileSync(zipPath, bytes);
    return { name, zipPath, sha256: createHash("sha256").update(bytes).digest("base64") };
  });
}
