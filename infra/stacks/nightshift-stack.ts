import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity/index.js";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider/index.js";
import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { ParsedNightshiftConfig } from "nightshift/internal/config/parse-config";
import { partitionOf } from "nightshift/internal/runtime/names";
import { Arns } from "../arn";

/** Terraform version the stacks need: `use_lockfile` (S3-native locking) came in 1.10. */
export const TERRAFORM_REQUIRED_VERSION = ">= 1.10.0";

/** The state object key of an environment in the state bucket; the PR deploy role may touch only `env/pr-*`. */
export function stateKey(environment: string): string {
  return `env/${environment}/terraform.tfstate`;
}

export interface NightshiftStackProps {
  readonly config: ParsedNightshiftConfig;
  /** The environment this stack deploys (`bootstrap` for the account stack). */
  readonly environment: string;
  /** `s3`: state in the state bucket under `stateKey(environment)`. `local`: a file beside the stack. */
  readonly backend: "s3" | "local";
}

/**
 * What every Nightshift stack shares: the AWS provider (source `hashicorp/aws`, so OpenTofu resolves
 * it too) with default tags naming the app, the environment and the tool; the state backend; and
 * ARN builders for the current account.
 */
export class NightshiftStack extends TerraformStack {
  readonly config: ParsedNightshiftConfig;
  readonly environment: string;
  /** Tags every resource gets through the provider's `default_tags`. */
  readonly tags: Readonly<Record<string, string>>;
  readonly provider: AwsProvider;
  /** The deploying account's id (a Terraform reference). */
  readonly accountId: string;
  readonly arns: Arns;

  constructor(scope: Construct, id: string, props: NightshiftStackProps) {
    super(scope, id);
    this.config = props.config;
    this.environment = props.environment;
    this.tags = { app: props.config.app, environment: props.environment, "managed-by": "nightshift" };
    this.provider = new AwsProvider(this, "aws", {
      region: props.config.region,
      defaultTags: [{ tags: { ...this.tags } }],
    });
    this.addOverride("terraform.required_providers.aws.source", "hashicorp/aws");
    this.addOverride("terraform.required_version", TERRAFORM_REQUIRED_VERSION);
    if (props.backend === "s3") {
      const backend = new S3Backend(this, {
        bucket: props.config.stateBucket,
        key: stateKey(props.environment),
        region: props.config.region,
        encrypt: true,
      });
      // S3-native state locking; the typed config has no field for it yet.
      backend.addOverride("use_lockfile", true);
    } else {
      new LocalBackend(this, { path: `terraform.${props.environment}.tfstate` });
    }
    this.accountId = new DataAwsCallerIdentity(this, "account").accountId;
    this.arns = new Arns(props.config.region, this.accountId, partitionOf(props.config.region));
  }
}
