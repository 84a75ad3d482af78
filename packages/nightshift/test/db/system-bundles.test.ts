import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleFunctions } from "../../src/bundle/index";
import { writeMigrateEntry } from "../../src/db/migrate-entry";
import { defaultMigrationDirs, hashMigrationSources, readMigrationSources } from "../../src/db/migration-sources";

const repoRoot = join(import.meta.dirname, "../../../..");

/**
 * The provisioner and migrate functions as deploys build them: through the project's one bundler,
 * then loaded from a folder outside the repository, where no node_modules exist (as in Lambda).
 */
describe("database system functions, bundled", () => {
  let work: string;
  let load: (name: string) => Promise<{ handler: (event: unknown) => Promise<unknown> }>;
  let hash: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "nightshift-system-bundles-"));
    const sources = await readMigrationSources(defaultMigrationDirs(repoRoot));
    hash = hashMigrationSources(sources);
    // Where synth writes it (gitignored): inside the project, so "nightshift/…" resolves.
    const entry = writeMigrateEntry(join(repoRoot, ".nightshift", "generated", "db-migrate.ts"), sources);
    const bundles = await bundleFunctions(
      { root: repoRoot, crons: [], queues: [], topics: [] },
      {
        outDir: join(work, "zips"),
        system: [
          { name: "db-provisioner", module: "nightshift/internal/provisioner/handler" },
          { name: "db-migrate", module: entry },
        ],
      },
    );
    load = async (name) => {
      const bundle = bundles.find((b) => b.name === name)!;
      const files = unzipSync(new Uint8Array(await readFile(bundle.zipPath)));
      const dir = join(work, "lambda", name);
      await mkdir(dir, { recursive: true });
      for (const [file, bytes] of Object.entries(files)) await writeFile(join(dir, file), bytes);
      const index = join(dir, "index.mjs");
      return import(pathToFileURL(index).href);
    };
  }, 120_000);
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it("the migrate function loads and carries the repository's migrations", async () => {
    const { handler } = await load("db-migrate");
    await expect(handler({ environment: "pr-1", appSecretArn: "arn", migrationsHash: "0".repeat(64) })).rejects.toThrow(
      `The migrate function of pr-1 was built with migrations ${hash.slice(0, 12)}, but the deploy asked for "000000000000".`,
    );
  });

  it("the provisioner loads and checks its input", async () => {
    const { handler } = await load("db-provisioner");
    await expect(handler({ tf: { action: "create", prev_input: null } })).rejects.toThrow(
      "provisioner input (built by infra/constructs/database-environment.ts): environment must be a non-empty string (got undefined).",
    );
  });
});
