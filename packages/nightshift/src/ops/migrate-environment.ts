import { migrate } from "../db/migrate";
import { defaultMigrationDirs } from "../db/migration-sources";
import { NightshiftError } from "../errors";
import type { MigrateHandlerResult } from "../provisioner/migrate-handler";
import { awsCall } from "./aws-errors";
import { functionName } from "./deployed-names";
import type { OpsIo } from "./ops-io";
import { callContext } from "./queue-address";
import type { AwsTarget, LocalTarget } from "./target";

/** The function each environment deploys to run its migrations inside AWS. */
export const MIGRATE_FUNCTION = "db-migrate";

export interface MigrationRun {
  readonly environment: string;
  readonly applied: readonly string[];
  readonly outcome: string;
}

/**
 * Runs a deployed environment's migrations by invoking its migrate function synchronously (CI needs
 * no network path to the database). A failed migration fails the command with its name and error.
 */
export async function migrateDeployed(target: AwsTarget, io: OpsIo): Promise<MigrationRun> {
  const name = functionName(target.prefix, MIGRATE_FUNCTION);
  const lambda = await target.clients.lambda();
  const { InvokeCommand } = await import("@aws-sdk/client-lambda");
  const response = await awsCall(callContext(target, `invoking ${name}`), () =>
    lambda.send(
      new InvokeCommand({
        FunctionName: name,
        InvocationType: "RequestResponse",
        Payload: new TextEncoder().encode("{}"),
      }),
      io.signal ? { abortSignal: io.signal } : {},
    ),
  );
  const text = response.Payload ? new TextDecoder().decode(response.Payload) : "";
  const body = parse(text);
  if (response.FunctionError) {
    const error = body as { errorType?: string; errorMessage?: string };
    throw new NightshiftError(
      "E_MIGRATION_FAILED",
      `${target.environment}: ${error.errorMessage ?? text} (${name}). The previous schema is intact; fix the migration and deploy again.`,
    );
  }
  const result = body as Partial<MigrateHandlerResult>;
  return {
    environment: target.environment,
    applied: result.applied ?? [],
    outcome: String(result.outcome ?? "migrated"),
  };
}

/** Migrates the running local environment's database (or `DATABASE_URL` when it is set). */
export async function migrateLocal(target: LocalTarget | undefined, root: string, io: OpsIo): Promise<MigrationRun> {
  const databaseUrl = io.env.DATABASE_URL ?? target?.state.urls.database;
  if (!databaseUrl) {
    throw new NightshiftError(
      "E_NO_LOCAL_ENV",
      "no database to migrate: start the local environment with `npm run dev` (it migrates on start), set DATABASE_URL, or pass --env <name>.",
    );
  }
  const { applied } = await migrate({ databaseUrl, dirs: defaultMigrationDirs(root) });
  return { environment: "local", applied, outcome: "migrated" };
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return { errorMessage: text };
  }
}
