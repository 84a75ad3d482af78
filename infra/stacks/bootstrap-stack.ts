import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider/index.js";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy/index.js";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role/index.js";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy/index.js";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket/index.js";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy/index.js";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning/index.js";
import type { Construct } from "constructs";
import type { ParsedNightshiftConfig } from "nightshift/internal/config/parse-config";
import { type PolicyStatement, policyJson } from "../policy";
import { deployStatements, pullRequestBoundaryStatements } from "./deploy-policy";
import { NightshiftStack } from "./nightshift-stack";
import { planStatements } from "./plan-policy";

export const BOOTSTRAP_STACK = "bootstrap";
export const GITHUB_OIDC_URL = "https://token.actions.githubusercontent.com";
const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/** Role and policy names the bootstrap stack creates (outside every environment's prefix). */
export function bootstrapNames(app: string) {
  return {
    pullRequestRole: `${app}-deploy-pull-requests`,
    productionRole: `${app}-deploy-production`,
    pullRequestBoundary: `${app}-boundary-pull-requests`,
    // Under `<app>-deploy-*`, so no deployer may change it (NeverTouchAccountRoles).
    planRole: `${app}-deploy-plan-pull-requests`,
  };
}

/**
 * Account setup, applied once by an admin with local state (see docs/operations.md): the state
 * bucket, the GitHub OIDC provider and two deploy roles. The pull-request role works only from the
 * repository's pull requests (and `main`, for the sweeper) and only on `<app>-pr-*` resources and
 * `env/pr-*` state; roles it
 * creates must carry the pull-request permissions boundary. The production role works only from
 * `main` or the `production` GitHub environment. With `github.planRole`, a third, read-only role
 * lets pull requests plan `preview` and `production` (see docs/decisions.md for the trade-off).
 */
export class BootstrapStack extends NightshiftStack {
  readonly stateBucket: S3Bucket;
  readonly githubOidc: IamOpenidConnectProvider;
  readonly pullRequestRole: IamRole;
  readonly productionRole: IamRole;
  /**
   * Read-only role pull requests plan `preview` and `production` with (`AWS_PLAN_ROLE_ARN`); only
   * with `github.planRole: true`. It can read those stacks' state, which holds sensitive values.
   */
  readonly planRole?: IamRole;
  /** The boundary every role in a `pr-<N>` environment is created with. */
  readonly pullRequestBoundary: IamPolicy;
  private readonly boundaryExtras: PolicyStatement[] = [];
  private readonly boundaryBase: PolicyStatement[];

  constructor(scope: Construct, props: { config: ParsedNightshiftConfig }) {
    const { config } = props;
    super(scope, BOOTSTRAP_STACK, { config, environment: BOOTSTRAP_STACK, backend: "local" });
    const names = bootstrapNames(config.app);
    const account = this.accountId;
    const { region } = config;

    this.stateBucket = new S3Bucket(this, "state", {
      bucket: config.stateBucket,
      lifecycle: { preventDestroy: true },
    });
    new S3BucketVersioningA(this, "state-versioning", {
      bucket: this.stateBucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "state-encryption", {
      bucket: this.stateBucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }],
    });
    new S3BucketPublicAccessBlock(this, "state-public-access", {
      bucket: this.stateBucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "state-ownership", {
      bucket: this.stateBucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketLifecycleConfiguration(this, "state-lifecycle", {
      bucket: this.stateBucket.id,
      rule: [
        {
          id: "expire-old-state-versions",
          status: "Enabled",
          filter: [{ prefix: "env/" }],
          noncurrentVersionExpiration: [{ noncurrentDays: 90 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    new S3BucketPolicy(this, "state-policy", {
      bucket: this.stateBucket.id,
      policy: policyJson([
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [this.stateBucket.arn, `${this.stateBucket.arn}/*`],
          // IAM stores condition values as strings; writing "false" keeps plans free of diffs.
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]),
    });

    this.githubOidc = new IamOpenidConnectProvider(this, "github-oidc", {
      url: GITHUB_OIDC_URL,
      clientIdList: ["sts.amazonaws.com"],
    });

    // `repo:<owner>/<repo>`, or with GitHub's immutable ids (`github.subjectPrefix`).
    const repo = config.github.subjectPrefix;
    this.boundaryBase = pullRequestBoundaryStatements({ app: config.app, region, account });
    this.pullRequestBoundary = new IamPolicy(this, "pr-boundary", {
      name: names.pullRequestBoundary,
      description: "The most any role in a pull-request environment may do.",
      policy: this.boundaryPolicy(),
    });

    this.pullRequestRole = new IamRole(this, "pr-deploy-role", {
      name: names.pullRequestRole,
      description: `Deploys and destroys pr-<N> environments from ${config.github.owner}/${config.github.repo} pull requests.`,
      maxSessionDuration: 3600,
      // `main` too: the PR-environment sweeper runs there and destroys environments whose PR closed.
      assumeRolePolicy: this.githubTrust([`${repo}:pull_request`, `${repo}:ref:refs/heads/main`]),
    });
    new IamRolePolicy(this, "pr-deploy-policy", {
      name: "deploy-pull-requests",
      role: this.pullRequestRole.name,
      policy: policyJson(
        deployStatements({
          app: config.app,
          region,
          account,
          stateBucket: config.stateBucket,
          environments: "pr-*",
          permissionsBoundary: this.pullRequestBoundary.arn,
        }),
      ),
    });

    this.productionRole = new IamRole(this, "production-deploy-role", {
      name: names.productionRole,
      description: `Deploys production and the shared preview base from ${config.github.owner}/${config.github.repo} main.`,
      maxSessionDuration: 3600,
      assumeRolePolicy: this.githubTrust([`${repo}:ref:refs/heads/main`, `${repo}:environment:production`]),
    });
    new IamRolePolicy(this, "production-deploy-policy", {
      name: "deploy-production",
      role: this.productionRole.name,
      policy: policyJson(
        deployStatements({ app: config.app, region, account, stateBucket: config.stateBucket, environments: "*" }),
      ),
    });

    if (config.github.planRole) {
      this.planRole = new IamRole(this, "plan-role", {
        name: names.planRole,
        description: `Plans preview and production read-only from ${config.github.owner}/${config.github.repo} pull requests.`,
        maxSessionDuration: 3600,
        assumeRolePolicy: this.githubTrust([`${repo}:pull_request`]),
      });
      new IamRolePolicy(this, "plan-policy", {
        name: "plan-shared-stacks",
        role: this.planRole.name,
        policy: policyJson(
          planStatements({
            app: config.app,
            region,
            account,
            stateBucket: config.stateBucket,
            readsVercelSecrets: config.secrets.some((secret) => secret.targets.includes("vercel")),
          }),
        ),
      });
    }
  }

  /**
   * Adds an extension's permissions to both deploy roles, as inline policies named `name`
   * (Terraform addresses `pr-deploy-<name>-policy` and `production-deploy-<name>-policy`).
   */
  addDeployPolicies(name: string, statements: { pullRequest: PolicyStatement[]; production: PolicyStatement[] }): void {
    new IamRolePolicy(this, `pr-deploy-${name}-policy`, {
      name,
      role: this.pullRequestRole.name,
      policy: policyJson(statements.pullRequest),
    });
    new IamRolePolicy(this, `production-deploy-${name}-policy`, {
      name,
      role: this.productionRole.name,
      policy: policyJson(statements.production),
    });
  }

  /**
   * Widens the pull-request permissions boundary, for extensions whose functions need more
   * (reading their secrets, connecting to the database). Scope each statement to `<app>-pr-*` names.
   */
  addPullRequestBoundaryStatements(statements: readonly PolicyStatement[]): void {
    this.boundaryExtras.push(...statements);
    this.pullRequestBoundary.policy = this.boundaryPolicy();
  }

  private boundaryPolicy(): string {
    return policyJson([...this.boundaryBase, ...this.boundaryExtras]);
  }

  /** Trust for GitHub Actions OIDC tokens of this repository whose subject is one of `subjects`. */
  private githubTrust(subjects: string[]): string {
    return policyJson([
      {
        Effect: "Allow",
        Principal: { Federated: this.githubOidc.arn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com",
            [`${GITHUB_OIDC_HOST}:sub`]: subjects,
          },
        },
      },
    ]);
  }
}
