import { execFile } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { unzipSync } from "fflate";
import { bundleFunctions, type SystemFunction } from "../packages/nightshift/src/bundle";
import { discoverProject } from "../packages/nightshift/src/discovery/discover";
import { median, round } from "./stats";

const run = promisify(execFile);

export interface FunctionSize {
  name: string;
  kind: string;
  zipKiB: number;
  unzippedKiB: number;
  /** Minified bytes of Nightshift's own runtime inside the bundle. */
  runtimeKiB: number;
  /** Median time to import the bundle in a fresh Node process, over `samples` processes. */
  coldImportMs: number;
  samples: number;
}

/** Sizes and cold import times of the project's own functions, from the real zips. */
export async function benchFunctions(
  root: string,
  system: readonly SystemFunction[] = [],
  samples = 7,
): Promise<FunctionSize[]> {
  const work = path.join(root, "bench", ".tmp", "functions");
  await rm(work, { recursive: true, force: true });
  const bundles = await bundleFunctions(await discoverProject(root), { outDir: path.join(work, "zips"), system });
  const results: FunctionSize[] = [];
  for (const bundle of bundles) {
    const dir = path.join(work, bundle.name);
    await mkdir(dir, { recursive: true });
    for (const [name, bytes] of Object.entries(unzipSync(await readFile(bundle.zipPath)))) {
      await writeFile(path.join(dir, name), bytes);
    }
    const url = pathToFileURL(path.join(dir, "index.mjs")).href;
    const script = `const t = performance.now(); await import(${JSON.stringify(url)}); process.stdout.write(String(performance.now() - t));`;
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const { stdout } = await run(process.execPath, ["--enable-source-maps", "--input-type=module", "-e", script], {
        cwd: dir,
      });
      times.push(Number(stdout));
    }
    results.push({
      name: bundle.name,
      kind: bundle.kind,
      zipKiB: round(bundle.zipBytes / 1024),
      unzippedKiB: round(bundle.unzippedBytes / 1024),
      runtimeKiB: round(bundle.runtimeBytes / 1024),
      coldImportMs: round(median(times)),
      samples,
    });
  }
  await rm(work, { recursive: true, force: true });
  return results;
}
