import type { InvocationRecord } from "../local/invocations";
import { localApi } from "./local-api";
import type { LocalTarget } from "./target";

/**
 * Average run time per job, in seconds (to the millisecond Lambda bills by), of the finished runs the
 * local environment remembers. Failed and skipped runs are left out: they say little about a normal run.
 */
export async function measuredDurations(target: LocalTarget): Promise<Record<string, number>> {
  const runs = await localApi<InvocationRecord[]>(target, "GET", "/api/invocations?limit=500");
  const totals = new Map<string, { ms: number; count: number }>();
  for (const run of runs) {
    if ((run.status !== "ok" && run.status !== "partial") || run.durationMs === undefined) continue;
    const total = totals.get(run.job) ?? { ms: 0, count: 0 };
    total.ms += run.durationMs;
    total.count += 1;
    totals.set(run.job, total);
  }
  return Object.fromEntries(
    [...totals].map(([job, { ms, count }]) => [job, Math.max(1, Math.round(ms / count)) / 1000]),
  );
}
