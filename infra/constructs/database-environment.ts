import { LambdaInvocation } from "@cdktf/provider-aws/lib/lambda-invocation/index.js";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret/index.js";
import { Fn, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { ConnectionBudget } from "nightshift/internal/db/connection-budget";
import { databaseNamesFor } from "nightshift/internal/provisioner/database-names";
import type { ProvisionInput } from "nightshift/internal/provisioner/provision-event";
import type { EnvironmentStack } from "../stacks/environment-stack";
import { MIGRATE_FUNCTION, PROVISIONER_FUNCTION } from "./database-functions";
import type { JobFunction } from "./job-function";

/** Names of the two system functions every environment gets. */

/** Where an environment's database server is, as Terraform references. */
export interface DatabaseEndpoint {
  readonly host: string;
  readonly port: number;
  /** The instance's RDS-managed master user secret. */
  readonly masterSecretArn: string;
}

export interface EnvironmentDatabaseProps {
  readonly endpoint: DatabaseEndpoint;
  /** `hashMigrationSources()` of the migrations bundled into the migrate function. */
  readonly migrationsHash: string;
  /** The environment's share of the instance (`connectionBudget()`): the role's `CONNECTION LIMIT`. */
  readonly budget: ConnectionBudget;
  /**
   * Bump to give the role a new password on the next apply (see docs/operations.md).
   * @default "1"
   */
  readonly passwordVersion?: string;
}

/**
 * One environment's database on an instance: its own database and login role (never the master
 * user), created, kept in shape and dropped by the provisioner function through Terraform's
 * `aws_lambda_invocation` (`lifecycle_scope = "CRUD"`), so CI needs no network path to the database.
 * The role's password is generated inside AWS and stored only in the environment's secret; no
 * password appears in the configuration or the state. Migrations run in AWS, as the role, whenever
 * they change (their hash is part of the migrate invocation's input).
 *
 * Every function of the environment gets `DATABASE_URL` without a password plus
 * `NIGHTSHIFT_DATABASE_SECRET_ARN`, and may read that secret; `getSql()` puts the two together.
 */
export class EnvironmentDatabase extends Construct {
  readonly secret: SecretsmanagerSecret;
  readonly provisioner: JobFunction;
  readonly migrator: JobFunction;
  readonly provision: LambdaInvocation;
  readonly migrate: LambdaInvocation;
  /** `postgres://<role>@<host>:<port>/<database>?sslmode=require`: no password in it. */
  readonly databaseUrl: string;
  readonly database: string;
  readonly role: string;

  constructor(stack: EnvironmentStack, id: string, props: EnvironmentDatabaseProps) {
    super(stack, id);
    const { endpoint } = props;
    const production = stack.environment === "production";
    const { database, role } = databaseNamesFor(stack.config.app, stack.environment);
    this.database = database;
    this.role = role;

    this.secret = new SecretsmanagerSecret(this, "secret", {
      name: `${stack.naming.prefix}-database`,
      description: `Login of the ${role} role on ${database} (written by the provisioner; no value from Terraform).`,
      // A pull request's secret is deleted at once, so a reopened PR can create it again.
      recoveryWindowInDays: production ? 30 : 0,
    });

    const provisionInput: ProvisionInput = {
      environment: stack.environment,
      database,
      role,
      host: endpoint.host,
      port: endpoint.port,
      sslmode: "require",
      masterSecretArn: endpoint.masterSecretArn,
      appSecretArn: this.secret.arn,
      connectionLimit: props.budget.roleConnectionLimit,
      passwordVersion: props.passwordVersion ?? "1",
      allowDrop: !production,
    };
    this.provisioner = stack.addSystemFunction(PROVISIONER_FUNCTION, {
      timeoutSeconds: 120,
      memoryMb: 256,
      statements: [
        {
          Sid: "ReadMasterUser",
          Effect: "Allow",
          Action: "secretsmanager:GetSecretValue",
          Resource: endpoint.masterSecretArn,
        },
        {
          Sid: "WriteEnvironmentLogin",
          Effect: "Allow",
          Action: ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"],
          Resource: this.secret.arn,
        },
      ],
    });
    // Lets an operator rotate by hand with the payload {"rotate": true}.
    this.provisioner.setEnvironment({ NIGHTSHIFT_PROVISION_INPUT: Fn.jsonencode(provisionInput) });

    this.migrator = stack.addSystemFunction(MIGRATE_FUNCTION, {
      timeoutSeconds: 300,
      memoryMb: 512,
      statements: [
        {
          Sid: "ReadEnvironmentLogin",
          Effect: "Allow",
          Action: "secretsmanager:GetSecretValue",
          Resource: this.secret.arn,
        },
      ],
    });

    this.provision = new LambdaInvocation(this, "provision", {
      functionName: this.provisioner.function.functionName,
      lifecycleScope: "CRUD",
      input: Fn.jsonencode(provisionInput),
    });
    this.migrate = new LambdaInvocation(this, "migrate", {
      functionName: this.migrator.function.functionName,
      lifecycleScope: "CRUD",
      input: Fn.jsonencode({
        environment: stack.environment,
        appSecretArn: this.secret.arn,
        migrationsHash: props.migrationsHash,
      }),
      dependsOn: [this.provision],
    });

    this.databaseUrl = `postgres://${role}@${endpoint.host}:${endpoint.port}/${database}?sslmode=require`;
    stack.addFunctionEnvironment({
      DATABASE_URL: this.databaseUrl,
      NIGHTSHIFT_DATABASE_SECRET_ARN: this.secret.arn,
    });
    stack.grantFunctions("database-login", [
      { Sid: "ReadDatabaseLogin", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: this.secret.arn },
    ]);

    new TerraformOutput(this, "database_url", {
      staticId: true,
      value: this.databaseUrl,
      description: "DATABASE_URL without its password; the password is in database_secret_arn.",
    });
    new TerraformOutput(this, "database_secret_arn", { staticId: true, value: this.secret.arn });
  }
}

export { MIGRATE_FUNCTION, PROVISIONER_FUNCTION };
