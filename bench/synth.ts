import { execFile } from "node:child_process";
import { copyFile, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { generateProject } from "./generate-project";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const run = promisify(execFile);

export interface SynthBenchRow extends Record<string, unknown> {
  jobs: number;
  environments: string;
  /** Wall time of a fresh process: start Node, load, discover, bundle once, synth every stack. */
  coldMs: number;
  /** Inside that process: importing cdktf, the provider resources and Nightshift's infra code. */
  importMs: number;
  discoverMs: number;
  bundleMs: number;
  synthMs: number;
  resources: number;
}

interface ChildTimings {
  importMs: number;
  discoverMs: number;
  bundleMs: number;
  synthMs: number;
  resources: number;
}

/**
 * Generates `jobCount` jobs (half crons, half queues) in a temp project and times a cold synth of
 * production and one pull-request environment (plus bootstrap and preview) in a fresh process.
 * The jobs' stacks only: the generated project holds far more consumers than any database's
 * connection budget admits, so the database, secrets and Vercel extensions are left out.
 */
export async function benchSynth(jobCount: number): Promise<SynthBenchRow> {
  const root = await generateProject(jobCount);
  try {
    await copyFile(path.join(ROOT, "nightshift.config.ts"), path.join(root, "nightshift.config.ts"));
    const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
    const started = performance.now();
    const { stdout } = await run(tsx, [fileURLToPath(import.meta.url), root], { cwd: root, maxBuffer: 1 << 20 });
    const coldMs = performance.now() - started;
    const timings = JSON.parse(stdout.trim().split("\n").pop() as string) as ChildTimings;
    return { jobs: jobCount, environments: "production + pr-1", coldMs: Math.round(coldMs), ...timings };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * The measured process: what `npm run synth` (`infra/main.ts`) does, for the project at `root`.
 * As there, the esbuild pass starts before cdktf and the providers load, so `importMs` overlaps
 * `bundleMs` (both measured from the start of bundling).
 */
async function synthChild(root: string): Promise<ChildTimings> {
  let t = performance.now();
  const { loadConfig } = await import("nightshift/internal/config/load-config");
  const { discoverProject } = await import("nightshift/internal/discovery/discover");
  const { bundleFunctions } = await import("nightshift/internal/bundle/index");
  const config = await loadConfig(root);
  const project = await discoverProject(root);
  const discoverMs = performance.now() - t;
  t = performance.now();
  const bundling = bundleFunctions(project, { outDir: path.join(root, ".nightshift", "functions") });
  bundling.catch(() => {});
  const { synthNightshiftApp } = await import("../infra/synth-app");
  const importMs = performance.now() - t;
  const artifacts = await bundling;
  const bundleMs = performance.now() - t;
  t = performance.now();
  const outdir = path.join(root, "cdktf.out");
  synthNightshiftApp({ config, project, artifacts, environments: ["production", "pr-1"], outdir });
  const synthMs = performance.now() - t;
  let resources = 0;
  for (const stack of await readdir(path.join(outdir, "stacks"))) {
    const json = JSON.parse(await readFile(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as {
      resource?: Record<string, object>;
    };
    for (const byId of Object.values(json.resource ?? {})) resources += Object.keys(byId).length;
  }
  const round = Math.round;
  return {
    importMs: round(importMs),
    discoverMs: round(discoverMs),
    bundleMs: round(bundleMs),
    synthMs: round(synthMs),
    resources,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = process.argv[2];
  if (!root) throw new Error("usage: tsx bench/synth.ts <project root>");
  process.stdout.write(`${JSON.stringify(await synthChild(root))}\n`);
}
