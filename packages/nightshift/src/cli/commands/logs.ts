import { defineCommand } from "citty";
import type { InvocationRecord } from "../../local/invocations";
import { parseDurationArg } from "../../ops/duration-arg";
import { fetchJobLogs, followJobLogs, type JobLogEvent } from "../../ops/fetch-logs";
import { findJob } from "../../ops/find-job";
import { formatLogLine } from "../../ops/format-log";
import { fetchLocalRuns, followLocalRuns, formatLocalRun } from "../../ops/local-logs";
import { describeTarget, openTarget } from "../../ops/open-target";
import { type OpsIo, processIo } from "../../ops/ops-io";
import { createProgress } from "../../ops/progress";
import { envArg } from "../shared-args";

export interface LogsArgs {
  readonly job: string;
  readonly env?: string;
  readonly since?: string;
  readonly follow?: boolean;
  readonly json?: boolean;
}

/** How far back `nightshift logs` looks without `--since`. */
export const DEFAULT_SINCE = "1h";

/** `nightshift logs`: a job's log, from CloudWatch Logs with `--env`, else from the local environment. */
export async function runLogs(args: LogsArgs, io: OpsIo): Promise<number> {
  const sinceSeconds = parseDurationArg("--since", args.since ?? DEFAULT_SINCE);
  const { job, target } = await openTarget("logs", args.env, io, (project) => findJob(project, args.job));
  const since = io.now() - sinceSeconds * 1000;
  try {
    if (target.kind === "local") {
      const print = (runs: readonly InvocationRecord[]) => {
        for (const run of runs) {
          if (args.json) io.stdout(`${JSON.stringify(run)}\n`);
          else io.stdout(`${formatLocalRun(run).join("\n")}\n`);
        }
      };
      if (args.follow) {
        await followLocalRuns(target, job.name, since, io, print);
        return 0;
      }
      const runs = await fetchLocalRuns(target, job.name, since, io.signal);
      if (runs.length === 0 && !args.json) {
        io.stderr(
          `No runs of ${job.name} in ${describeTarget(target)} in the last ${args.since ?? DEFAULT_SINCE}; start one with \`nightshift run ${job.name}\`${job.kind === "queue" ? ` or \`nightshift send ${job.name} '<json>'\`` : ""}.\n`,
        );
      }
      print(runs);
      return 0;
    }

    const print = (events: readonly JobLogEvent[]) => {
      for (const event of events) {
        io.stdout(args.json ? `${JSON.stringify(event)}\n` : `${formatLogLine(event.message)}\n`);
      }
    };
    if (args.follow) {
      await followJobLogs(target, job.name, since, io, print);
      return 0;
    }
    const progress = createProgress(io, `Reading ${job.name}'s log in ${describeTarget(target)}`);
    const events = await fetchJobLogs(target, job.name, since, io, (count) => progress.update(count));
    progress.finish();
    if (events.length === 0 && !args.json) {
      io.stderr(
        `No log lines from ${job.name} in ${describeTarget(target)} in the last ${args.since ?? DEFAULT_SINCE}.\n`,
      );
    }
    print(events);
    return 0;
  } finally {
    target.clients.destroy();
  }
}

export default defineCommand({
  meta: {
    name: "logs",
    description:
      "Show a cron's or queue's log: the local environment's runs, or with --env the deployed function's CloudWatch log.",
  },
  args: {
    job: { type: "positional", description: "Cron or queue name.", required: true },
    env: envArg,
    since: {
      type: "string",
      description: `How far back: 90s, 15m, 2h, 1d or "15 minutes" (default: ${DEFAULT_SINCE}).`,
    },
    follow: { type: "boolean", description: "Keep printing new lines until Ctrl-C." },
    json: { type: "boolean", description: "One JSON object per line." },
  },
  async run({ args }) {
    process.exitCode = await runLogs(args, processIo());
  },
});
