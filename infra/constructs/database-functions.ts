import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SystemFunction } from "nightshift/internal/bundle/entries";
import { writeMigrateEntry } from "nightshift/internal/db/migrate-entry";
import { defaultMigrationDirs, readMigrationSourcesSync } from "nightshift/internal/db/migration-sources";

/** The Lambda that creates each environment's database and login role. */
export const PROVISIONER_FUNCTION = "db-provisioner";
/** The Lambda that applies an environment's migrations inside AWS. */
export const MIGRATE_FUNCTION = "db-migrate";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The functions the database extension deploys. Kept apart from the constructs (no cdktf import),
 * so synth can start bundling while the providers load. The migrate function's entry embeds the
 * SQL files, written to `.nightshift/generated/db-migrate.ts` when they change.
 */
export function databaseSystemFunctions(): SystemFunction[] {
  const entry = writeMigrateEntry(
    path.join(ROOT, ".nightshift", "generated", "db-migrate.ts"),
    readMigrationSourcesSync(defaultMigrationDirs(ROOT)),
  );
  return [
    { name: PROVISIONER_FUNCTION, module: "nightshift/internal/provisioner/handler" },
    { name: MIGRATE_FUNCTION, module: entry },
  ];
}
