import type { InvocationRecord } from "../local/invocations";
import { formatLogLine } from "./format-log";
import { localApi } from "./local-api";
import type { OpsIo } from "./ops-io";
import type { LocalTarget } from "./target";

/** How often `--follow` asks the local environment for finished runs. */
export const LOCAL_FOLLOW_POLL_MS = 1000;

/** The most runs the local environment keeps per request. */
const LIMIT = 500;

/** The job's finished local runs that started at or after `since` (ms), oldest first. */
export async function fetchLocalRuns(
  target: LocalTarget,
  job: string,
  since: number,
  signal?: AbortSignal,
): Promise<InvocationRecord[]> {
  const { invocations } = await localApi<{ invocations: InvocationRecord[] }>(
    target,
    "GET",
    `/api/logs?job=${encodeURIComponent(job)}&limit=${LIMIT}`,
    signal ? { signal } : {},
  );
  return invocations
    .filter((run) => run.status !== "running" && Date.parse(run.startedAt) >= since)
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}

/** One run as lines: a header (time, job, outcome, duration, trigger) and its log lines. */
export function formatLocalRun(run: InvocationRecord): string[] {
  const trigger = run.kind === "queue" ? `${run.messages?.length ?? 0} message(s)` : run.trigger;
  const header = `${run.startedAt} ${run.kind} ${run.job} ${run.status} ${run.durationMs ?? 0} ms (${trigger}${run.attempt > 1 ? `, attempt ${run.attempt}` : ""})`;
  const lines = run.logs.map((line) => `  ${formatLogLine(line.text)}`);
  if (run.error && run.status !== "ok") lines.push(`  ${run.error.split("\n")[0]}`);
  return [header, ...lines];
}

/**
 * Prints the job's local runs since `since`, then every run that finishes afterwards, until
 * `io.signal` aborts. Each run is printed once, when it has finished.
 */
export async function followLocalRuns(
  target: LocalTarget,
  job: string,
  since: number,
  io: OpsIo,
  print: (runs: readonly InvocationRecord[]) => void,
): Promise<void> {
  const shown = new Set<string>();
  while (!io.signal?.aborted) {
    let runs: InvocationRecord[];
    try {
      runs = (await fetchLocalRuns(target, job, since, io.signal)).filter((run) => !shown.has(run.id));
    } catch (error) {
      if (io.signal?.aborted) return;
      throw error;
    }
    for (const run of runs) shown.add(run.id);
    if (runs.length > 0) print(runs);
    if (io.signal?.aborted) break;
    await io.sleep(LOCAL_FOLLOW_POLL_MS, io.signal);
  }
}
