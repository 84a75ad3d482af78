import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "../db/migrate";
import { hashMigrationSources, type MigrationSource, writeMigrationSources } from "../db/migration-sources";
import { NightshiftError, show } from "../errors";
import { parseAppDatabaseSecret } from "./app-secret";
import { awsSecretStore, type SecretStore } from "./secret-store";

/**
 * The migrate function's payload (an `aws_lambda_invocation` with `lifecycle_scope = "CRUD"`, run
 * after the provisioner). `migrationsHash` is `hashMigrationSources()` of the repo's migrations: it
 * makes Terraform invoke again exactly when a migration changes, and guards against a stale bundle.
 */
export interface MigrateEvent {
  /** @default NIGHTSHIFT_ENV of the function */
  readonly environment?: string;
  /** The environment's database secret, written by the provisioner. @default NIGHTSHIFT_DATABASE_SECRET_ARN */
  readonly appSecretArn?: string;
  /** Checked against the bundled migrations when given; a manual run (`{}`) applies what is bundled. */
  readonly migrationsHash?: string;
  readonly tf?: { readonly action: "create" | "update" | "delete"; readonly prev_input: unknown };
}

export interface MigrateHandlerResult {
  readonly environment: string;
  readonly migrationsHash: string;
  /** `<folder>/<file>` of each migration applied by this run. */
  readonly applied: string[];
  readonly outcome: "migrated" | "skipped";
}

export interface MigrateHandlerDeps {
  /** @default Secrets Manager */
  readonly secrets?: SecretStore;
  /** Where the embedded files are written for the migration tool. @default `<tmpdir>/nightshift-migrations` */
  readonly workDir?: string;
  readonly log?: (message: string) => void;
  /** Where a manual invocation's defaults come from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Builds the migrate Lambda around migrations embedded at build time (see `renderMigrateEntry`):
 * on `create`/`update` it applies every pending migration as the environment's own role (so the
 * tables belong to it) and returns what it applied; on `delete` it does nothing, because the
 * provisioner drops the database. A failed migration fails the invocation, and so the deploy, with
 * `E_MIGRATION_FAILED` naming the file and the Postgres error; the schema stays as it was.
 * Invoked by hand with `{}` (e.g. by `nightshift migrate --env <name>`), it migrates its own
 * environment (`NIGHTSHIFT_ENV`, `NIGHTSHIFT_DATABASE_SECRET_ARN`).
 */
export function createMigrateHandler(
  sources: readonly MigrationSource[],
  deps: MigrateHandlerDeps = {},
): (event: MigrateEvent) => Promise<MigrateHandlerResult> {
  const bundledHash = hashMigrationSources(sources);
  const log = deps.log ?? ((message) => console.log(JSON.stringify({ message })));
  return async (event) => {
    const env = deps.env ?? process.env;
    const environment = String(event.environment ?? env.NIGHTSHIFT_ENV ?? "this environment");
    const appSecretArn = event.appSecretArn ?? env.NIGHTSHIFT_DATABASE_SECRET_ARN ?? "";
    if (event.tf?.action === "delete") {
      return { environment, migrationsHash: bundledHash, applied: [], outcome: "skipped" };
    }
    if (event.migrationsHash !== undefined && event.migrationsHash !== bundledHash) {
      throw new NightshiftError(
        "E_MIGRATION_FAILED",
        `The migrate function of ${environment} was built with migrations ${bundledHash.slice(0, 12)}, but the deploy asked for ${show(String(event.migrationsHash).slice(0, 12))}. Its code is older or newer than db/migrations; run the deploy again so the function is rebuilt from the same commit.`,
      );
    }
    const secrets = deps.secrets ?? awsSecretStore();
    const secret = appSecretArn ? parseAppDatabaseSecret(await secrets.read(appSecretArn)) : undefined;
    if (!secret) {
      throw new NightshiftError(
        "E_CONFIG",
        `The database secret ${appSecretArn || "(NIGHTSHIFT_DATABASE_SECRET_ARN is not set)"} of ${environment} holds no database credentials yet. The provisioner writes them; check that its invocation succeeded before this one (the migrate invocation must depend on it).`,
      );
    }
    const dirs = await writeMigrationSources(sources, deps.workDir ?? join(tmpdir(), "nightshift-migrations"));
    const { applied } = await migrate({ databaseUrl: secret.url, dirs, log });
    log(applied.length ? `applied ${applied.length} migration(s) to ${environment}` : `${environment} is up to date`);
    return { environment, migrationsHash: bundledHash, applied, outcome: "migrated" };
  };
}
