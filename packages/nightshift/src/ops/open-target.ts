import { findProjectRoot } from "../cli/project-root";
import { discoverProject } from "../discovery/discover";
import type { Project } from "../discovery/types";
import type { OpsIo } from "./ops-io";
import { type OpsTarget, resolveTarget } from "./target";

/** What every operations command starts from: the project, the job it names and the environment. */
export interface OpenedTarget<J> {
  readonly project: Project;
  readonly job: J;
  readonly target: OpsTarget;
}

/**
 * Finds the project at or above `io.cwd`, discovers its jobs, picks the job the command names
 * (`select` throws `E_UNKNOWN_JOB` before anything is contacted), then resolves `--env` (absent:
 * the running local environment).
 */
export async function openTarget<J>(
  command: string,
  env: string | undefined,
  io: OpsIo,
  select: (project: Project) => J,
): Promise<OpenedTarget<J>> {
  const root = findProjectRoot(io.cwd);
  const project = await discoverProject(root);
  const job = select(project);
  const target = await resolveTarget(root, env, io, command);
  return { project, job, target };
}

/** Where the command acted, for its output: `pr-42 (us-east-1)` or `the local environment`. */
export function describeTarget(target: OpsTarget): string {
  return target.kind === "local" ? "the local environment" : `${target.environment} (${target.region})`;
}
