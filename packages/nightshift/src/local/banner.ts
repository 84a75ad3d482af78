import pc from "picocolors";
import { describeSchedule } from "../schedule/index";
import type { LocalProject } from "./local-project";
import type { DevState } from "./state-file";

/** What `nightshift dev` prints once everything is up: where things are and what will run. */
export function formatBanner(options: {
  project: LocalProject;
  state: DevState;
  database: "embedded" | "url" | "off";
  nextRun: (cron: string) => Date | undefined;
  startupMs: number;
}): string {
  const { project, state } = options;
  const row = (label: string, value: string) => `  ${pc.dim(label.padEnd(10))} ${value}`;
  const lines = [
    `${pc.bold("nightshift dev")} ${pc.dim(`· ${project.app} · ready in ${(options.startupMs / 1000).toFixed(1)} s`)}`,
    row("dashboard", pc.cyan(state.urls.dashboard)),
    ...(state.urls.web ? [row("web", pc.cyan(state.urls.web))] : []),
    row(
      "database",
      options.database === "off"
        ? "off"
        : `${options.database === "embedded" ? "PGlite (.nightshift/pgdata)" : "DATABASE_URL"} ${pc.dim(state.urls.database)}`,
    ),
    row("SQS/SNS", state.urls.sqs),
    row("mail", `${state.urls.smtp} ${pc.dim("(caught, shown in the dashboard)")}`),
  ];
  for (const cron of project.crons) {
    const next = options.nextRun(cron.name);
    const when = cron.environments.development
      ? next
        ? `next ${next.toLocaleString()}`
        : "no further runs"
      : "off in development";
    lines.push(row("cron", `${cron.name} ${pc.dim(`${describeSchedule(cron.schedule, cron.timezone)}; ${when}`)}`));
  }
  for (const queue of project.queues) {
    lines.push(
      row(
        "queue",
        `${queue.name}${queue.fifo ? " (FIFO)" : ""} ${pc.dim(`batch ${queue.batchSize}, concurrency ${queue.concurrency}, ${queue.maxReceiveCount} receives then DLQ`)}`,
      ),
    );
  }
  if (project.crons.length + project.queues.length === 0)
    lines.push(row("jobs", "none yet: add a file under services/cron/ or services/queue/"));
  lines.push(pc.dim("  Edits under services/ reload at once. Ctrl-C stops everything; queued messages are kept."));
  return `${lines.join("\n")}\n`;
}
