import { Testing } from "cdktf";
import type { Project } from "nightshift/internal/discovery/types";
import { EnvironmentStack, type EnvironmentStackProps } from "../../stacks/environment-stack";
import { config, fakeArtifacts } from "./fixtures";
import { type StackJson, synthJson } from "./terraform-json";

/** An environment stack for `project` in a fresh test app, with stand-in bundles. */
export function makeEnvironment(
  project: Project,
  environment = "production",
  props: Partial<EnvironmentStackProps> = {},
): EnvironmentStack {
  return new EnvironmentStack(Testing.app(), {
    config,
    environment,
    project,
    artifacts: fakeArtifacts(project),
    ...props,
  });
}

export function synthEnvironment(project: Project, environment = "production"): StackJson {
  return synthJson(makeEnvironment(project, environment));
}
