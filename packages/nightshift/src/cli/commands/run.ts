import { defineCommand } from "citty";
import { findCron } from "../../ops/find-job";
import { formatLogLine } from "../../ops/format-log";
import { invokeDeployedCron } from "../../ops/invoke-cron";
import { describeTarget, openTarget } from "../../ops/open-target";
import { type OpsIo, processIo } from "../../ops/ops-io";
import { withProgress } from "../../ops/progress";
import { runLocalCron } from "../../ops/run-local-cron";
import { envArg } from "../shared-args";

export interface RunArgs {
  readonly cron: string;
  readonly env?: string;
  readonly wait?: boolean;
  readonly json?: boolean;
}

const FAILED = new Set(["error", "timeout", "crash"]);

/** `nightshift run`: runs a cron now. Returns the exit code: 1 when the run failed. */
export async function runRun(args: RunArgs, io: OpsIo): Promise<number> {
  const { job: cron, target } = await openTarget("run", args.env, io, (project) => findCron(project, args.cron, "run"));
  const where = describeTarget(target);
  try {
    if (target.kind === "local") {
      const { record, logLines } = await withProgress(
        io,
        `Running ${cron.name} in ${where}`,
        runLocalCron(target, cron, io.signal),
      );
      const failed = FAILED.has(record.status);
      if (args.json) {
        io.stdout(
          `${JSON.stringify({ job: cron.name, environment: "local", outcome: record.status, durationMs: record.durationMs, executionId: record.executionId, error: record.error, logs: record.logs.map((l) => l.text) }, null, 2)}\n`,
        );
        return failed ? 1 : 0;
      }
      for (const line of logLines) io.stdout(`${line}\n`);
      io.stdout(
        `${cron.name} in ${where}: ${record.status} after ${record.durationMs ?? 0} ms (manual run${record.executionId ? `, execution ${record.executionId}` : ""})\n`,
      );
      if (failed && record.error) io.stdout(`${record.error}\n`);
      return failed ? 1 : 0;
    }

    const wait = Boolean(args.wait);
    const invocation = await withProgress(
      io,
      wait ? `Running ${cron.name} in ${where}` : `Starting ${cron.name} in ${where}`,
      invokeDeployedCron(target, cron, io, { wait }),
    );
    if (args.json) {
      io.stdout(`${JSON.stringify({ job: cron.name, environment: target.environment, ...invocation }, null, 2)}\n`);
      return invocation.outcome === "error" ? 1 : 0;
    }
    if (invocation.outcome === "started") {
      io.stdout(
        `Started ${cron.name} in ${where}: asynchronous invoke of ${invocation.functionName}, execution ${invocation.executionId}. A failed run is retried up to ${cron.retries} time${cron.retries === 1 ? "" : "s"}, as a scheduled one would be.\nFollow it with: nightshift logs ${cron.name} --env ${target.environment} --follow\n`,
      );
      return 0;
    }
    if (invocation.logTail.length > 0) {
      io.stdout(
        `Log (the last 4 KB Lambda returns; nightshift logs ${cron.name} --env ${target.environment} has all of it):\n`,
      );
      for (const line of invocation.logTail) io.stdout(`${formatLogLine(line)}\n`);
    }
    if (invocation.outcome === "error") {
      const error = invocation.result as { errorType?: string; errorMessage?: string } | undefined;
      io.stdout(
        `${cron.name} in ${where} failed (execution ${invocation.executionId}): ${error?.errorType ?? "Error"}: ${error?.errorMessage ?? JSON.stringify(invocation.result)}\nA run started with --wait is not retried; fix the cause, then run it again.\n`,
      );
      return 1;
    }
    const result = invocation.result as { outcome?: string; durationMs?: number } | undefined;
    io.stdout(
      `${cron.name} in ${where}: ${result?.outcome ?? "ok"}${result?.durationMs !== undefined ? ` after ${result.durationMs} ms` : ""} (execution ${invocation.executionId})\n`,
    );
    return 0;
  } finally {
    target.clients.destroy();
  }
}

export default defineCommand({
  meta: {
    name: "run",
    description:
      "Run a cron now, with the event its schedule sends. Runs in the local environment (and waits), or with --env invokes the deployed function.",
  },
  args: {
    cron: { type: "positional", description: "Cron name (its file name in services/cron/).", required: true },
    env: envArg,
    wait: {
      type: "boolean",
      description: "With --env: wait for the run, print its log and outcome, exit 1 if it failed (no retries).",
    },
    json: { type: "boolean", description: "Print the outcome as JSON." },
  },
  async run({ args }) {
    process.exitCode = await runRun(args, processIo());
  },
});
