import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  defaultMigrationDirs,
  hashMigrationSources,
  readMigrationSourcesSync,
} from "nightshift/internal/db/migration-sources";
import type { Project } from "nightshift/internal/discovery/types";
import { describe, expect, it } from "vitest";
import { createNightshiftApp } from "../app";
import {
  productionDatabaseDeployStatements,
  pullRequestDatabaseDeployStatements,
} from "../constructs/database-deploy-access";
import { databaseExtension } from "../constructs/database-extension";
import { config, fakeArtifacts, makeCron, makeProject, makeQueue } from "./support/fixtures";
import { findResource, readStack, resources, type StackJson, statements, tf } from "./support/terraform-json";

const SYSTEM = ["db-provisioner", "db-migrate"];
const repoRoot = path.resolve(import.meta.dirname, "../..");

function synth(project: Project, environments: string[]): Record<string, StackJson> {
  const outdir = mkdtempSync(path.join(os.tmpdir(), "nightshift-db-synth-"));
  const { app } = createNightshiftApp({
    config,
    project,
    artifacts: fakeArtifacts(project, SYSTEM),
    environments,
    outdir,
    extensions: [databaseExtension],
  });
  app.synth();
  return Object.fromEntries(["bootstrap", "preview", ...environments].map((name) => [name, readStack(outdir, name)]));
}

const project = makeProject({ queues: [makeQueue("send-email")], crons: [makeCron("check-mentions")] });
const stacks = synth(project, ["production", "pr-42"]);
const production = stacks.production!;
const preview = stacks.preview!;
const pr = stacks["pr-42"]!;

const invocation = (json: StackJson, fn: string) => {
  const found = resources(json, "aws_lambda_invocation").filter(([, body]) =>
    String(body.function_name).includes(`system-${fn}_function`),
  );
  expect(found).toHaveLength(1);
  return found[0]![1];
};
const functionNamed = (json: StackJson, name: string) =>
  findResource(json, "aws_lambda_function", "function_name", name);

describe("production database", () => {
  it("is one hardened RDS PostgreSQL instance", () => {
    expect(resources(production, "aws_db_instance")).toHaveLength(1);
    const instance = findResource(production, "aws_db_instance", "identifier", "wordmon-production-db");
    expect(instance).toMatchObject({
      engine: "postgres",
      instance_class: "db.t4g.micro",
      allocated_storage: 20,
      storage_type: "gp3",
      storage_encrypted: true,
      backup_retention_period: 7,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "wordmon-production-db-final",
      manage_master_user_password: true,
      publicly_accessible: true,
      copy_tags_to_snapshot: true,
    });
    expect(instance.password).toBeUndefined();
  });

  it("enforces TLS with a parameter group and admits only the allowed CIDRs on 5432", () => {
    const group = findResource(production, "aws_db_parameter_group", "name", "wordmon-production-db");
    expect(group.family).toBe("postgres17");
    expect(group.parameter).toContainEqual({ name: "rds.force_ssl", value: "1", apply_method: "immediate" });
    const sg = findResource(production, "aws_security_group", "name", "wordmon-production-db");
    expect(sg.ingress).toEqual([
      expect.objectContaining({ from_port: 5432, to_port: 5432, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] }),
    ]);
    expect(sg.egress).toEqual([]);
  });

  it("keeps production's database when its stack is destroyed", () => {
    expect(invocation(production, "db-provisioner").input).toContain('"allowDrop" = false');
  });
});

describe("preview database", () => {
  it("is one shared, small, unprotected instance", () => {
    expect(resources(preview, "aws_db_instance")).toHaveLength(1);
    expect(findResource(preview, "aws_db_instance", "identifier", "wordmon-preview-db")).toMatchObject({
      instance_class: "db.t4g.micro",
      deletion_protection: false,
      skip_final_snapshot: true,
      backup_retention_period: 1,
      storage_encrypted: true,
      manage_master_user_password: true,
    });
    expect(resources(preview, "aws_lambda_invocation")).toHaveLength(0);
  });
});

describe("pr-42 database", () => {
  it("has no instance and no cluster, only a lookup of the preview instance", () => {
    expect(resources(pr, "aws_db_instance")).toHaveLength(0);
    expect(resources(pr, "aws_rds_cluster")).toHaveLength(0);
    expect(pr.data?.aws_db_instance?.["preview-database"]).toMatchObject({
      db_instance_identifier: "wordmon-preview-db",
    });
  });

  it("has its own secret, provisioned in AWS (CRUD) into its own database and role, dropped on destroy", () => {
    const secret = findResource(pr, "aws_secretsmanager_secret", "name", "wordmon-pr-42-database");
    expect(secret.recovery_window_in_days).toBe(0);
    expect(resources(pr, "aws_secretsmanager_secret_version")).toHaveLength(0);
    const provision = invocation(pr, "db-provisioner");
    expect(provision.lifecycle_scope).toBe("CRUD");
    const host = "data.aws_db_instance.preview-database";
    expect(provision.input).toBe(
      `\${jsonencode({"environment" = "pr-42", "database" = "wordmon_pr_42", "role" = "wordmon_pr_42", "host" = ${host}.address, "port" = ${host}.port, "sslmode" = "require", "masterSecretArn" = ${host}.master_user_secret[0].secret_arn, "appSecretArn" = aws_secretsmanager_secret.environment-database_secret_0F483E02.arn, "connectionLimit" = 24, "passwordVersion" = "1", "allowDrop" = true})}`,
    );
  });

  it("migrates after provisioning, again whenever the migrations' hash changes", () => {
    const migrate = invocation(pr, "db-migrate");
    const hash = hashMigrationSources(readMigrationSourcesSync(defaultMigrationDirs(repoRoot)));
    expect(migrate.lifecycle_scope).toBe("CRUD");
    expect(migrate.input).toContain(`"migrationsHash" = "${hash}"`);
    expect(migrate.depends_on).toEqual([
      expect.stringMatching(/^aws_lambda_invocation\.environment-database_provision_/),
    ]);
  });

  it("gives every function a password-less DATABASE_URL, the secret's ARN and the right to read it", () => {
    const variables = (
      functionNamed(pr, "wordmon-pr-42-send-email").environment as { variables: Record<string, string> }
    ).variables;
    expect(variables.DATABASE_URL).toBe(
      `postgres://wordmon_pr_42@${tf("data.aws_db_instance.preview-database.address")}:${tf("data.aws_db_instance.preview-database.port")}/wordmon_pr_42?sslmode=require`,
    );
    expect(variables.NIGHTSHIFT_DATABASE_SECRET_ARN).toBe(
      tf("aws_secretsmanager_secret.environment-database_secret_0F483E02.arn"),
    );
    const grants = resources(pr, "aws_iam_role_policy").filter(([, body]) => body.name === "database-login");
    // One per function: the queue consumer, the cron, the provisioner and the migrate function.
    expect(grants).toHaveLength(resources(pr, "aws_lambda_function").length);
    expect(grants).toHaveLength(4);
    for (const [, grant] of grants) {
      expect(statements(grant.policy)).toEqual([
        {
          Sid: "ReadDatabaseLogin",
          Effect: "Allow",
          Action: "secretsmanager:GetSecretValue",
          Resource: tf("aws_secretsmanager_secret.environment-database_secret_0F483E02.arn"),
        },
      ]);
    }
  });

  it("lets the provisioner read only its instance's master secret and write only its own secret", () => {
    const role = functionNamed(pr, "wordmon-pr-42-db-provisioner").role as string;
    const roleId = /aws_iam_role\.([^.]+)\.arn/.exec(role)![1];
    const policy = resources(pr, "aws_iam_role_policy").find(
      ([, body]) => body.name === "function" && String(body.role).includes(`aws_iam_role.${roleId}.`),
    )![1];
    const own = statements(policy.policy).filter(
      (s) => s.Sid === "ReadMasterUser" || s.Sid === "WriteEnvironmentLogin",
    );
    expect(own).toEqual([
      {
        Sid: "ReadMasterUser",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: tf("data.aws_db_instance.preview-database.master_user_secret[0].secret_arn"),
      },
      {
        Sid: "WriteEnvironmentLogin",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"],
        Resource: tf("aws_secretsmanager_secret.environment-database_secret_0F483E02.arn"),
      },
    ]);
  });
});

describe("every stack", () => {
  it("holds no literal password", () => {
    for (const [name, json] of Object.entries(stacks)) {
      const text = JSON.stringify(json);
      expect(text, name).not.toMatch(/"(master_)?password"\s*:/);
      expect(text, name).not.toMatch(/secret_string/);
      expect(text, name).not.toMatch(/postgres:\/\/[^@"]*:[^@"]*@/); // no user:password@ in a URL
    }
  });

  it("widens the pull-request boundary just enough for PR database logins", () => {
    const boundary = findResource(stacks.bootstrap!, "aws_iam_policy", "name", "wordmon-boundary-pull-requests");
    const account = tf("data.aws_caller_identity.account.account_id");
    const added = statements(boundary.policy).filter((s) =>
      ["PullRequestDatabaseLogins", "PreviewMasterUser"].includes(s.Sid ?? ""),
    );
    expect(added).toEqual([
      {
        Sid: "PullRequestDatabaseLogins",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"],
        Resource: `arn:aws:secretsmanager:us-east-1:${account}:secret:wordmon-pr-*`,
      },
      {
        Sid: "PreviewMasterUser",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: `arn:aws:secretsmanager:us-east-1:${account}:secret:rds!db-*`,
        Condition: {
          StringEquals: {
            "secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn": `arn:aws:rds:us-east-1:${account}:db:wordmon-preview-db`,
          },
        },
      },
    ]);
  });
});

describe("deploy roles", () => {
  const account = tf("data.aws_caller_identity.account.account_id");
  const scope = { app: "wordmon", region: "us-east-1", account };
  const rolePolicy = (role: string) =>
    resources(stacks.bootstrap!, "aws_iam_role_policy")
      .map(([, body]) => body)
      .filter((body) => body.name === "database" && body.role === tf(`aws_iam_role.${role}.name`));

  it("attaches the database deploy statements to the production and pull-request deploy roles", () => {
    const production = rolePolicy("production-deploy-role");
    expect(production).toHaveLength(1);
    expect(statements(production[0]!.policy)).toEqual(productionDatabaseDeployStatements(scope));
    const pullRequests = rolePolicy("pr-deploy-role");
    expect(pullRequests).toHaveLength(1);
    expect(statements(pullRequests[0]!.policy)).toEqual(pullRequestDatabaseDeployStatements(scope));
  });

  it("lets the production deployer create RDS instances and security groups only under the app's names and tag", () => {
    const all = statements(rolePolicy("production-deploy-role")[0]!.policy);
    const bySid = (sid: string) => all.find((s) => s.Sid === sid);
    expect(bySid("DatabaseInstances")?.Action).toContain("rds:CreateDBInstance");
    expect(bySid("CreateDatabaseSecurityGroups")).toEqual({
      Sid: "CreateDatabaseSecurityGroups",
      Effect: "Allow",
      Action: "ec2:CreateSecurityGroup",
      Resource: `arn:aws:ec2:us-east-1:${account}:security-group/*`,
      Condition: { StringEquals: { "aws:RequestTag/app": "wordmon" } },
    });
    expect(bySid("ManageManagedMasterUserSecrets")?.Condition).toEqual({
      StringLike: {
        "secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn": `arn:aws:rds:us-east-1:${account}:db:wordmon-*`,
      },
    });
    expect(all.flatMap((s) => s.Action)).not.toContain("secretsmanager:GetSecretValue");
  });
});

describe("connection budget", () => {
  it("rejects queue concurrency the preview share of max_connections cannot hold", () => {
    const busy = makeProject({ queues: [makeQueue("import", { concurrency: 30 })], crons: [makeCron("tick")] });
    expect(() => synth(busy, ["pr-7"])).toThrow(
      "services/queue/import.ts: concurrency 30 brings the environment's peak database connections to 31 (queue concurrency + 1 per cron, × 1 per function), above the budget of 19 for the preview database (db.t4g.micro, max_connections 101, shared by 4 preview environments, 3 kept for the web app); lower concurrency to at most 18, or use a larger database instance.",
    );
  });

  it("accepts the same queue in production, whose instance is its own", () => {
    const busy = makeProject({ queues: [makeQueue("import", { concurrency: 30 })], crons: [makeCron("tick")] });
    expect(() => synth(busy, ["production"])).not.toThrow();
  });
});

describe("migrate function entry", () => {
  it("embeds the repository's migrations in a generated module", () => {
    const [, migrate] = databaseExtension.systemFunctions!;
    expect(migrate!.name).toBe("db-migrate");
    const source = readFileSync(migrate!.module, "utf8");
    expect(source).toContain('import { createMigrateHandler } from "nightshift/internal/provisioner/migrate-handler";');
    expect(source).toContain("CREATE TABLE IF NOT EXISTS nightshift_once");
    expect(source).toContain("CREATE TABLE tracked_words");
  });
});
