import type { ParsedCron } from "../discovery/types";
import type { InvocationRecord } from "../local/invocations";
import { formatLogLine } from "./format-log";
import { localApi } from "./local-api";
import type { LocalTarget } from "./target";

/** How a hand-started local run ended, with its log lines ready to print. */
export interface LocalCronRun {
  readonly record: InvocationRecord;
  readonly logLines: readonly string[];
}

/**
 * Runs a cron now in the running local environment (the same worker and Lambda adapter the local
 * scheduler uses, with a Scheduler-shaped event) and waits for it to finish.
 */
export async function runLocalCron(target: LocalTarget, cron: ParsedCron, signal?: AbortSignal): Promise<LocalCronRun> {
  const record = await localApi<InvocationRecord>(
    target,
    "POST",
    `/api/crons/${encodeURIComponent(cron.name)}/run?wait=1`,
    signal ? { signal } : {},
  );
  return { record, logLines: record.logs.map((line) => formatLogLine(line.text)) };
}
