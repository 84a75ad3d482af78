import path from "node:path";
import { fileURLToPath } from "node:url";
import { DataAwsDbInstance } from "@cdktf/provider-aws/lib/data-aws-db-instance/index.js";
import type { SystemFunction } from "nightshift/internal/bundle/entries";
import { connectionBudget } from "nightshift/internal/db/connection-budget";
import {
  defaultMigrationDirs,
  hashMigrationSources,
  type MigrationSource,
  readMigrationSourcesSync,
} from "nightshift/internal/db/migration-sources";
import { environmentKind } from "../environment-name";
import type { NightshiftExtension } from "../extension";
import { Naming } from "../naming";
import { PREVIEW_STACK } from "../stacks/preview-stack";
import { productionDatabaseDeployStatements, pullRequestDatabaseDeployStatements } from "./database-deploy-access";
import { type DatabaseEndpoint, EnvironmentDatabase } from "./database-environment";
import { databaseSystemFunctions } from "./database-functions";
import { DatabaseInstance, databaseInstanceIdentifier } from "./database-instance";

/** The repository root: `db/migrations` and `.nightshift/` live there. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The framework's and the app's migrations, read once per synth. */
function migrationSources(): MigrationSource[] {
  return readMigrationSourcesSync(defaultMigrationDirs(ROOT));
}

/**
 * Postgres for every environment:
 * - `preview` stack: one small shared instance (`DatabaseInstance`, kind `preview`);
 * - `production`: its own hardened instance;
 * - every environment (production and each `pr-<N>`): its own database, role and secret on its
 *   instance (`EnvironmentDatabase`), provisioned and migrated from inside AWS. A `pr-<N>` stack
 *   creates no instance; it looks up the preview instance by its identifier.
 * - `bootstrap`: the deploy roles may create the instances (production) and their environments'
 *   login secrets (`database-deploy-access.ts`), and the pull-request boundary lets PR functions
 *   use their logins;
 * - synth: queue concurrency must fit the environment's share of `max_connections`.
 */
export const databaseExtension: NightshiftExtension = {
  name: "database",

  // Read when the functions are bundled: the migrate function's entry embeds the SQL files.
  get systemFunctions(): readonly SystemFunction[] {
    return databaseSystemFunctions();
  },

  connectionBudget(environment, config) {
    const kind = environmentKind(environment);
    return connectionBudget({ instanceClass: config.database[kind].instanceClass, kind });
  },

  bootstrap(stack) {
    const scope = { app: stack.config.app, region: stack.config.region, account: stack.accountId };
    stack.addDeployPolicies("database", {
      pullRequest: pullRequestDatabaseDeployStatements(scope),
      production: productionDatabaseDeployStatements(scope),
    });
    const secrets = `arn:${stack.arns.partition}:secretsmanager:${stack.arns.region}:${stack.arns.account}:secret`;
    stack.addPullRequestBoundaryStatements([
      {
        Sid: "PullRequestDatabaseLogins",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"],
        Resource: `${secrets}:${stack.config.app}-pr-*`,
      },
      {
        // RDS names master user secrets `rds!db-<uuid>`; only the tag RDS puts on them names the
        // instance, so a PR function can never read production's master secret.
        Sid: "PreviewMasterUser",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: `${secrets}:rds!db-*`,
        Condition: {
          StringEquals: {
            "secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn": `arn:${stack.arns.partition}:rds:${stack.arns.region}:${stack.arns.account}:db:${databaseInstanceIdentifier(new Naming(stack.config.app, PREVIEW_STACK))}`,
          },
        },
      },
    ]);
  },

  preview(stack) {
    new DatabaseInstance(stack, "database", {
      naming: stack.naming,
      kind: "preview",
      size: stack.config.database.preview,
      allowedCidrs: stack.config.allowedDatabaseCidrs,
    });
  },

  environment(stack) {
    const kind = environmentKind(stack.environment);
    let endpoint: DatabaseEndpoint;
    if (kind === "production") {
      const { instance } = new DatabaseInstance(stack, "database", {
        naming: stack.naming,
        kind: "production",
        size: stack.config.database.production,
        allowedCidrs: stack.config.allowedDatabaseCidrs,
      });
      endpoint = {
        host: instance.address,
        port: instance.port,
        masterSecretArn: instance.masterUserSecret.get(0).secretArn,
      };
    } else {
      const shared = new DataAwsDbInstance(stack, "preview-database", {
        dbInstanceIdentifier: databaseInstanceIdentifier(new Naming(stack.config.app, PREVIEW_STACK)),
      });
      endpoint = {
        host: shared.address,
        port: shared.port,
        masterSecretArn: shared.masterUserSecret.get(0).secretArn,
      };
    }
    new EnvironmentDatabase(stack, "environment-database", {
      endpoint,
      migrationsHash: hashMigrationSources(migrationSources()),
      budget: connectionBudget({ instanceClass: stack.config.database[kind].instanceClass, kind }),
    });
  },
};
