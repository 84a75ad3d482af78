import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Project } from "nightshift/internal/discovery/types";
import { createNightshiftApp } from "../../app";
import type { NightshiftExtension } from "../../extension";
import { config, fakeArtifacts } from "./fixtures";
import { readStack, type StackJson } from "./terraform-json";

/** Synthesizes the whole app (bootstrap, preview and `environments`) to a temp dir; returns each stack. */
export function synthApp(
  project: Project,
  environments: string[],
  extensions: readonly NightshiftExtension[] = [],
): { outdir: string; stacks: Record<string, StackJson> } {
  const outdir = mkdtempSync(path.join(os.tmpdir(), "nightshift-synth-"));
  const system = extensions.flatMap((extension) => (extension.systemFunctions ?? []).map((fn) => fn.name));
  const artifacts = fakeArtifacts(project, system);
  const { app } = createNightshiftApp({ config, project, artifacts, environments, outdir, extensions });
  app.synth();
  const names = ["bootstrap", "preview", ...environments];
  return { outdir, stacks: Object.fromEntries(names.map((name) => [name, readStack(outdir, name)])) };
}
