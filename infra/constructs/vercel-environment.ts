import { ProjectEnvironmentVariable } from "@cdktf-providers/vercel/project-environment-variable";
import { Construct } from "constructs";
import type { VercelTarget } from "./vercel-oidc";

/** One variable for the Vercel project. */
export interface VercelVariable {
  readonly value: string;
  /** Sensitive variables can be read only by deployments, never through the dashboard or the API. */
  readonly sensitive: boolean;
  /** Shown in the Vercel dashboard next to the variable. */
  readonly comment?: string;
}

export interface VercelEnvironmentProps {
  readonly projectId: string;
  readonly target: VercelTarget;
  /** Required for `preview`: the Git branch the variables apply to (a pull request's head branch). */
  readonly gitBranch?: string;
  readonly variables: Readonly<Record<string, VercelVariable>>;
}

/**
 * One environment's variables in the Vercel project, one `vercel_project_environment_variable`
 * each: production-target variables for `production`, and preview-target variables scoped to the
 * pull request's branch for `pr-<N>`. They live in the environment's stack, so destroying a
 * `pr-<N>` stack removes its branch's variables and nothing else.
 */
export class VercelEnvironment extends Construct {
  readonly variables: ReadonlyMap<string, ProjectEnvironmentVariable>;

  constructor(scope: Construct, id: string, props: VercelEnvironmentProps) {
    super(scope, id);
    const variables = new Map<string, ProjectEnvironmentVariable>();
    for (const key of Object.keys(props.variables).sort()) {
      const variable = props.variables[key]!;
      variables.set(
        key,
        new ProjectEnvironmentVariable(this, key, {
          projectId: props.projectId,
          key,
          value: variable.value,
          target: [props.target],
          ...(props.gitBranch ? { gitBranch: props.gitBranch } : {}),
          sensitive: variable.sensitive,
          ...(variable.comment ? { comment: variable.comment } : {}),
        }),
      );
    }
    this.variables = variables;
  }
}
