import { defineCommand } from "citty";
import { formatDuration } from "../../definition/duration";
import { discoverProject } from "../../discovery/discover";
import type { ParsedCron, ParsedQueue } from "../../discovery/types";
import { describeSchedule, nextFireTimes } from "../../schedule";
import { findProjectRoot } from "../project-root";

export interface CronListing {
  name: string;
  file: string;
  schedule: string;
  expression: string;
  timezone: string;
  description: string;
  next: string[];
  environments: Record<"production" | "preview" | "development", "enabled" | "disabled">;
  overlap: "allow" | "skip";
  timeout: string;
}

export interface QueueListing {
  name: string;
  file: string;
  retries: number;
  maxReceiveCount: number;
  batchSize: number;
  concurrency: number;
  timeout: string;
  fifo: boolean;
  dlq: string;
  subscribes: string[];
}

export function listCron(cron: ParsedCron, now: Date): CronListing {
  const state = (on: boolean): "enabled" | "disabled" => (on ? "enabled" : "disabled");
  return {
    name: cron.name,
    file: cron.file,
    schedule: cron.schedule.written,
    expression: cron.schedule.expression,
    timezone: cron.timezone,
    description: describeSchedule(cron.schedule, cron.timezone),
    next: nextFireTimes(cron.schedule, { timezone: cron.timezone, after: now, count: 3 }).map((d) => d.toISOString()),
    environments: {
      production: state(cron.environments.production),
      preview: state(cron.environments.preview),
      development: state(cron.environments.development),
    },
    overlap: cron.overlap,
    timeout: formatDuration(cron.timeoutSeconds),
  };
}

export function listQueue(queue: ParsedQueue): QueueListing {
  return {
    name: queue.name,
    file: queue.file,
    retries: queue.retries,
    maxReceiveCount: queue.maxReceiveCount,
    batchSize: queue.batchSize,
    concurrency: queue.concurrency,
    timeout: formatDuration(queue.timeoutSeconds),
    fifo: queue.fifo,
    dlq: `${queue.name}-dlq${queue.fifo ? ".fifo" : ""}`,
    subscribes: queue.subscriptions.map((s) => s.topic),
  };
}

export default defineCommand({
  meta: { name: "list", description: "List every cron and queue with its schedule, next runs and settings." },
  args: {
    json: { type: "boolean", description: 'Print { "crons": [...], "queues": [...] } as JSON.' },
  },
  async run({ args }) {
    const project = await discoverProject(findProjectRoot());
    const now = new Date();
    const crons = project.crons.map((c) => listCron(c, now));
    const queues = project.queues.map(listQueue);
    if (args.json) {
      process.stdout.write(`${JSON.stringify({ crons, queues }, null, 2)}\n`);
      return;
    }
    const lines: string[] = [];
    lines.push(`Crons (${crons.length})`);
    for (const c of crons) {
      const on = Object.entries(c.environments)
        .filter(([, s]) => s === "enabled")
        .map(([e]) => e);
      lines.push(`  ${c.name}  ${c.expression}  ${c.timezone}`);
      lines.push(
        `    ${c.description}; on in ${on.join(", ") || "no environment"}; timeout ${c.timeout}, overlap ${c.overlap}`,
      );
      lines.push(`    next: ${c.next.join(", ") || "never"}`);
    }
    lines.push(`Queues (${queues.length})`);
    for (const q of queues) {
      lines.push(
        `  ${q.name}${q.fifo ? " (FIFO)" : ""}  retries ${q.retries} then DLQ ${q.dlq}; batch ${q.batchSize}, concurrency ${q.concurrency}, timeout ${q.timeout}`,
      );
    }
    if (crons.length + queues.length === 0)
      lines.push("No jobs yet: add a file under services/cron/ or services/queue/.");
    process.stdout.write(`${lines.join("\n")}\n`);
  },
});
