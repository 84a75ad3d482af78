import { rm } from "node:fs/promises";
import path from "node:path";
import { bundleFunctions } from "../packages/nightshift/src/bundle";
import { discoverProject } from "../packages/nightshift/src/discovery/discover";
import type { Project } from "../packages/nightshift/src/discovery/types";
import { generateProject } from "./generate-project";
import { round, timed } from "./stats";

export interface BundleScaleResult {
  jobs: number;
  onePassMs: number;
  warmOnePassMs: number;
  perFunctionMs: number;
  /** perFunctionMs / onePassMs: how many times faster one pass is than one esbuild call per function. */
  speedup: number;
}

/** One esbuild pass for every function against one esbuild call per function, for N jobs. */
export async function benchBundleScale(count: number): Promise<BundleScaleResult> {
  const root = await generateProject(count);
  try {
    const project = await discoverProject(root);
    const outDir = path.join(root, ".nightshift", "zips");
    const cold = await timed(() => bundleFunctions(project, { outDir }));
    const warm = await timed(() => bundleFunctions(project, { outDir }));
    const perFunction = await timed(async () => {
      for (const cron of project.crons) await bundleFunctions(only(project, { crons: [cron] }), { outDir });
      for (const queue of project.queues) await bundleFunctions(only(project, { queues: [queue] }), { outDir });
    });
    return {
      jobs: count,
      onePassMs: round(cold.ms),
      warmOnePassMs: round(warm.ms),
      perFunctionMs: round(perFunction.ms),
      speedup: round(perFunction.ms / cold.ms, 2),
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function only(project: Project, part: Partial<Pick<Project, "crons" | "queues">>): Project {
  return { ...project, crons: part.crons ?? [], queues: part.queues ?? [] };
}
