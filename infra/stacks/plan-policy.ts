import { partitionOf } from "nightshift/internal/runtime/names";
import { secretScopePattern } from "nightshift/internal/secrets/secret-names";
import type { PolicyStatement } from "../policy";
import { WORKSPACE_LIST_PREFIX } from "./deploy-policy";

export interface PlanScope {
  readonly app: string;
  readonly region: string;
  readonly account: string;
  readonly stateBucket: string;
  /** Whether any declared secret targets Vercel: production's plan then reads those values. */
  readonly readsVercelSecrets: boolean;
}

/** The stacks a pull request plans besides its own, with `terraform plan -lock=false -refresh=false`. */
export const PLANNED_SHARED_STACKS = ["preview", "production"] as const;

/**
 * What `terraform plan -lock=false -refresh=false` of `preview` and `production` needs, and nothing
 * more: read their state objects (no write, no lock), evaluate their data sources (the default VPC,
 * and production's Vercel-targeted secret values, which its state holds anyway). Managed resources
 * are not refreshed, so no describe permission on them is needed. Everything here is read-only.
 */
export function planStatements(scope: PlanScope): PolicyStatement[] {
  const { app, region, account, stateBucket } = scope;
  const partition = partitionOf(region);
  const statements: PolicyStatement[] = [
    {
      Sid: "ReadSharedState",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: PLANNED_SHARED_STACKS.map((stack) => `arn:${partition}:s3:::${stateBucket}/env/${stack}/*`),
    },
    {
      Sid: "ListSharedState",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: `arn:${partition}:s3:::${stateBucket}`,
      Condition: {
        StringLike: { "s3:prefix": [...PLANNED_SHARED_STACKS.map((stack) => `env/${stack}/*`), WORKSPACE_LIST_PREFIX] },
      },
    },
    {
      // The database instances' `data "aws_vpc"` (the default VPC). Same statement as the deployer's.
      Sid: "DescribeNetwork",
      Effect: "Allow",
      Action: "ec2:DescribeVpcs",
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestedRegion": region } },
    },
  ];
  if (scope.readsVercelSecrets) {
    statements.push({
      // Production copies these into Vercel through data sources, which a plan reads.
      Sid: "ReadProductionVercelSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
      Resource: `arn:${partition}:secretsmanager:${region}:${account}:secret:${secretScopePattern(app, "production")}`,
    });
  }
  return statements;
}
