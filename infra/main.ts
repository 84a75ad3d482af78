/**
 * `npm run synth` / `cdktf synth`: discovers the jobs, bundles them once, and writes
 * `cdktf.out/stacks/<name>/cdk.tf.json` for `bootstrap`, `preview`, `production` and, when
 * `NIGHTSHIFT_ENV` names another environment (`pr-42`), that one too. Needs no network and no credentials.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleFunctions } from "nightshift/internal/bundle/index";
import { CONFIG_FILE, loadConfig } from "nightshift/internal/config/load-config";
import { discoverProject } from "nightshift/internal/discovery/discover";
import { isNightshiftError } from "nightshift/internal/errors";
import { parseEnvironmentName } from "./environment-name";
import { systemFunctions } from "./system-functions";

async function main(): Promise<void> {
  // `cdktf synth` and `npm run synth` run in the project root; otherwise use this repository's.
  const root = existsSync(path.join(process.cwd(), CONFIG_FILE))
    ? process.cwd()
    : path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const requested = process.env.NIGHTSHIFT_ENV?.trim();
  if (requested) parseEnvironmentName(requested);
  const config = await loadConfig(root);
  const project = await discoverProject(root);
  // esbuild bundles in its own process: start it, then load cdktf and the providers meanwhile.
  const bundling = bundleFunctions(project, {
    outDir: path.join(root, ".nightshift", "functions"),
    system: systemFunctions(),
  });
  bundling.catch(() => {});
  const [{ environmentsToSynth }, { EXTENSIONS }, { synthNightshiftApp }] = await Promise.all([
    import("./app"),
    import("./extensions"),
    import("./synth-app"),
  ]);
  const environments = environmentsToSynth(process.env);
  const artifacts = await bundling;
  synthNightshiftApp({
    config,
    project,
    artifacts,
    environments,
    outdir: process.env.CDKTF_OUTDIR ?? path.join(root, "cdktf.out"),
    extensions: EXTENSIONS,
  });
}

main().catch((error: unknown) => {
  console.error(isNightshiftError(error) ? `${error.code}: ${error.message}` : error);
  process.exit(1);
});
