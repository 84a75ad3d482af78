import { DataVercelProject } from "@cdktf-providers/vercel/data-vercel-project";
import { Project } from "@cdktf-providers/vercel/project";
import { VercelProvider } from "@cdktf-providers/vercel/provider";
import { Construct } from "constructs";
import type { ParsedNightshiftConfig } from "nightshift/internal/config/parse-config";
import type { NightshiftStack } from "../stacks/nightshift-stack";

/** The Next.js app's folder in the repository: the Vercel project's root directory. */
export const VERCEL_ROOT_DIRECTORY = "apps/web";
/** The Vercel provider source, as the Terraform registry names it. */
export const VERCEL_PROVIDER_SOURCE = "vercel/vercel";

export interface VercelProjectRefProps {
  readonly config: ParsedNightshiftConfig;
  /** True in the one stack that owns the project (`production`); every other stack looks it up. */
  readonly owner: boolean;
}

/**
 * The Vercel project, from one stack's point of view, plus the Vercel provider it needs. The
 * provider reads its token from `VERCEL_API_TOKEN` when Terraform plans or applies (a CI secret);
 * synth needs none, and no token is ever written into the configuration.
 *
 * The owner (`production`) defines the project: Next.js, root directory `apps/web`, OIDC tokens
 * issued per team, the GitHub repository linked (Vercel needs it for branch-scoped preview
 * variables) but with Git deployments off, since the pipeline deploys after AWS is applied. Any other
 * stack reads it with a `vercel_project` data source, so there is only ever one project.
 */
export class VercelProjectRef extends Construct {
  readonly provider: VercelProvider;
  /** The project's id (a Terraform reference). */
  readonly projectId: string;
  /** Set in the owning stack. */
  readonly project?: Project;
  /** Set in every other stack. */
  readonly lookup?: DataVercelProject;

  constructor(scope: NightshiftStack, id: string, props: VercelProjectRefProps) {
    super(scope, id);
    const { config } = props;
    this.provider = new VercelProvider(this, "provider", { team: config.vercel.team });
    scope.addOverride("terraform.required_providers.vercel.source", VERCEL_PROVIDER_SOURCE);
    if (props.owner) {
      this.project = new Project(this, "project", {
        name: config.vercel.project,
        framework: "nextjs",
        rootDirectory: VERCEL_ROOT_DIRECTORY,
        oidcTokenConfig: { issuerMode: "team" },
        gitRepository: {
          type: "github",
          repo: `${config.github.owner}/${config.github.repo}`,
          productionBranch: "main",
        },
        // The pipeline deploys (AWS first, then Vercel); a push must not deploy on its own.
        gitProviderOptions: { createDeployments: false },
        // The pipeline comments on the pull request itself.
        gitComments: { onCommit: false, onPullRequest: false },
        // VERCEL, VERCEL_ENV, VERCEL_GIT_COMMIT_REF…: the runtime uses VERCEL to know it runs on Vercel.
        automaticallyExposeSystemEnvironmentVariables: true,
        lifecycle: { preventDestroy: true },
      });
      this.projectId = this.project.id;
    } else {
      this.lookup = new DataVercelProject(this, "project", { name: config.vercel.project });
      this.projectId = this.lookup.id;
    }
  }
}
