import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** The repository's workflow folder. */
export const WORKFLOW_DIR = join(import.meta.dirname, "../../.github/workflows");

export interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  "working-directory"?: string;
  "continue-on-error"?: boolean;
}

export interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  "runs-on"?: string;
  container?: string;
  environment?: string | { name: string };
  permissions?: Record<string, string> | string;
  concurrency?: { group: string; "cancel-in-progress": boolean } | string;
  env?: Record<string, unknown>;
  strategy?: { matrix?: unknown; "fail-fast"?: boolean };
  outputs?: Record<string, string>;
  steps?: Step[];
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: Record<string, unknown> | string;
}

export interface Workflow {
  file: string;
  text: string;
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  concurrency?: { group: string; "cancel-in-progress": boolean } | string;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

/** Every workflow file, parsed. `on` is normalized to an object keyed by event. */
export function loadWorkflows(): Workflow[] {
  return readdirSync(WORKFLOW_DIR)
    .filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"))
    .sort()
    .map((file) => {
      const text = readFileSync(join(WORKFLOW_DIR, file), "utf8");
      const data = parse(text) as Omit<Workflow, "file" | "text" | "on"> & { on: unknown };
      const on =
        typeof data.on === "string"
          ? { [data.on]: null }
          : Array.isArray(data.on)
            ? Object.fromEntries(data.on.map((e: string) => [e, null]))
            : (data.on as Record<string, unknown>);
      return { ...data, file, text, on };
    });
}

export function workflow(file: string): Workflow {
  const found = loadWorkflows().find((w) => w.file === file);
  if (!found) throw new Error(`.github/workflows/${file} does not exist`);
  return found;
}

export function needsOf(job: Job): string[] {
  return job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
}

/** Every step of every job, with where it is. */
export function allSteps(w: Workflow): Array<{ job: string; index: number; step: Step }> {
  return Object.entries(w.jobs).flatMap(([job, j]) => (j.steps ?? []).map((step, index) => ({ job, index, step })));
}
