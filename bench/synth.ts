import { execFile } from "node:child_process";
import { copyFile, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { bundleFunctions } from "nightshift/internal/bundle/index";
import { loadConfig } from "nightshift/internal/config/load-config";
import { discoverProject } from "nightshift/internal/discovery/discover";
import { createNightshiftApp } from "../infra/app";
import { generateProject } from "./generate-project";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const run = promisify(execFile);

export interface SynthBenchRow extends Record<string, unknown> {
  jobs: number;
  environments: string;
  /** `tsx infra/main.ts` in a fresh process: load, discover, bundle once, synth every stack. */
  coldMs: number;
  /** The same steps in this (warm) process, for the breakdown. */
  discoverMs: number;
  bundleMs: number;
  synthMs: number;
  resources: number;
}

/**
 * Generates `jobCount` jobs (half crons, half queues) in a temp project and times a cold synth of
 * production and one pull-request environment (plus bootstrap and preview), then the same steps in
 * process for a breakdown.
 */
export async function benchSynth(jobCount: number): Promise<SynthBenchRow> {
  const root = await generateProject(jobCount);
  try {
    await copyFile(path.join(ROOT, "nightshift.config.ts"), path.join(root, "nightshift.config.ts"));
    const env = { ...process.env, NIGHTSHIFT_ENV: "pr-1", CDKTF_OUTDIR: path.join(root, "cdktf.out") };
    const started = performance.now();
    await run(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "infra", "main.ts")], {
      cwd: root,
      env,
    });
    const coldMs = performance.now() - started;

    let t = performance.now();
    const config = await loadConfig(root);
    const project = await discoverProject(root);
    const discoverMs = performance.now() - t;
    t = performance.now();
    const artifacts = await bundleFunctions(project, { outDir: path.join(root, ".nightshift", "functions") });
    const bundleMs = performance.now() - t;
    t = performance.now();
    const outdir = path.join(root, "cdktf.out-warm");
    createNightshiftApp({ config, project, artifacts, environments: ["production", "pr-1"], outdir }).app.synth();
    const synthMs = performance.now() - t;

    let resources = 0;
    for (const stack of await readdir(path.join(outdir, "stacks"))) {
      const json = JSON.parse(await readFile(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as {
        resource?: Record<string, object>;
      };
      for (const byId of Object.values(json.resource ?? {})) resources += Object.keys(byId).length;
    }
    return {
      jobs: jobCount,
      environments: "production + pr-1",
      coldMs: Math.round(coldMs),
      discoverMs: Math.round(discoverMs),
      bundleMs: Math.round(bundleMs),
      synthMs: Math.round(synthMs),
      resources,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
