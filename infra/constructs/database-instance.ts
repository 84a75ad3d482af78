import { DataAwsVpc } from "@cdktf/provider-aws/lib/data-aws-vpc/index.js";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance/index.js";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group/index.js";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group/index.js";
import { Construct } from "constructs";
import type { ParsedDatabaseSize } from "nightshift/internal/config/parse-config";
import type { Naming } from "../naming";

/** PostgreSQL major version; RDS applies minor versions itself (`auto_minor_version_upgrade`). */
export const POSTGRES_MAJOR_VERSION = "17";
export const POSTGRES_PORT = 5432;
/** The master user's name. Its password is managed by RDS in Secrets Manager and rotates every 7 days. */
export const MASTER_USERNAME = "nightshift";

export interface DatabaseInstanceProps {
  readonly naming: Naming;
  /**
   * `production`: protected (deletion protection, final snapshot, 7 days of backups, storage
   * autoscaling). `preview`: the shared instance of pull requests, small and disposable.
   */
  readonly kind: "production" | "preview";
  /** From `nightshift.config.ts` `database.<kind>`. */
  readonly size: ParsedDatabaseSize;
  /** Who may reach port 5432 (`allowedDatabaseCidrs`). */
  readonly allowedCidrs: readonly string[];
}

/** RDS identifier of an environment's instance: `<app>-<env>-db` (≤ 63, letter first, no `--`). */
export function databaseInstanceIdentifier(naming: Naming): string {
  return `${naming.prefix}-db`;
}

/**
 * One RDS PostgreSQL instance, reachable from the internet with TLS only: neither Vercel nor the
 * Lambdas sit in a VPC (a NAT gateway would cost more than the database). What keeps it safe is
 * `rds.force_ssl = 1`, the allowed CIDRs, a master user nobody uses (RDS keeps and rotates its
 * password), and one login role per environment with its own password (`EnvironmentDatabase`).
 */
export class DatabaseInstance extends Construct {
  readonly instance: DbInstance;
  readonly parameterGroup: DbParameterGroup;
  readonly securityGroup: SecurityGroup;
  readonly identifier: string;

  constructor(scope: Construct, id: string, props: DatabaseInstanceProps) {
    super(scope, id);
    const production = props.kind === "production";
    this.identifier = databaseInstanceIdentifier(props.naming);

    this.parameterGroup = new DbParameterGroup(this, "parameters", {
      name: this.identifier,
      family: `postgres${POSTGRES_MAJOR_VERSION}`,
      description: `TLS-only settings for ${this.identifier}`,
      parameter: [
        { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
        { name: "password_encryption", value: "scram-sha-256", applyMethod: "immediate" },
      ],
    });

    const vpc = new DataAwsVpc(this, "vpc", { default: true });
    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: this.identifier,
      description: `PostgreSQL (TLS enforced) for ${this.identifier}`,
      vpcId: vpc.id,
      ingress: [
        {
          description: "PostgreSQL from allowedDatabaseCidrs",
          fromPort: POSTGRES_PORT,
          toPort: POSTGRES_PORT,
          protocol: "tcp",
          cidrBlocks: [...props.allowedCidrs],
        },
      ],
      egress: [],
    });

    this.instance = new DbInstance(this, "instance", {
      identifier: this.identifier,
      engine: "postgres",
      engineVersion: POSTGRES_MAJOR_VERSION,
      autoMinorVersionUpgrade: true,
      instanceClass: props.size.instanceClass,
      allocatedStorage: props.size.allocatedStorageGb,
      ...(production ? { maxAllocatedStorage: props.size.allocatedStorageGb * 5 } : {}),
      storageType: "gp3",
      storageEncrypted: true,
      port: POSTGRES_PORT,
      username: MASTER_USERNAME,
      manageMasterUserPassword: true,
      parameterGroupName: this.parameterGroup.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      publiclyAccessible: true,
      caCertIdentifier: "rds-ca-rsa2048-g1",
      multiAz: false,
      backupRetentionPeriod: production ? 7 : 1,
      copyTagsToSnapshot: true,
      deletionProtection: production,
      skipFinalSnapshot: !production,
      ...(production ? { finalSnapshotIdentifier: `${this.identifier}-final` } : {}),
      // Production changes wait for the maintenance window; the preview instance may restart any time.
      applyImmediately: !production,
    });
  }
}
