import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleFunctions } from "nightshift/internal/bundle/index";
import { loadConfig } from "nightshift/internal/config/load-config";
import { discoverProject } from "nightshift/internal/discovery/discover";
import { afterAll, describe, expect, it } from "vitest";
import { synthNightshiftApp } from "../synth-app";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// Inside the repository, so that copies resolve `nightshift`, zod… from its node_modules like a clone would.
// Source maps hold paths relative to node_modules, so both copies sit at the same depth below it.
const scratch = path.join(repo, ".nightshift", "test-determinism");
mkdirSync(scratch, { recursive: true });
const base = mkdtempSync(path.join(scratch, "run-"));

/** Copies the app's jobs and settings into `root`, every file stamped with `mtime`. */
function cloneTo(root: string, mtime: Date): void {
  cpSync(path.join(repo, "services"), path.join(root, "services"), {
    recursive: true,
    filter: (source) => !source.includes(`${path.sep}test`) && !source.endsWith("package.json"),
  });
  cpSync(path.join(repo, "nightshift.config.ts"), path.join(root, "nightshift.config.ts"));
  for (const file of walk(root)) utimesSync(path.join(root, file), mtime, mtime);
}

function walk(dir: string, prefix = ""): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const relative = path.join(prefix, entry);
      return statSync(path.join(dir, entry)).isDirectory() ? walk(path.join(dir, entry), relative) : [relative];
    });
}

async function synthAt(root: string, environments: string[]): Promise<string> {
  const config = await loadConfig(root);
  const project = await discoverProject(root);
  const artifacts = await bundleFunctions(project, { outDir: path.join(root, ".nightshift", "functions") });
  const outdir = path.join(root, "cdktf.out");
  synthNightshiftApp({ config, project, artifacts, environments, outdir });
  return outdir;
}

describe("synth determinism", () => {
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it("writes byte-identical stacks and assets from two copies in different folders with different mtimes", async () => {
    const one = path.join(base, "one");
    // Same depth below the shared node_modules, as in two clones (each with its own node_modules).
    const two = path.join(base, "elsewhere");
    cloneTo(one, new Date("2020-01-01T00:00:00Z"));
    cloneTo(two, new Date("2026-06-15T12:34:56Z"));
    const outOne = await synthAt(one, ["production", "pr-42"]);
    const outTwo = await synthAt(two, ["production", "pr-42"]);

    const files = walk(outOne);
    expect(walk(outTwo)).toEqual(files);
    expect(files).toEqual(
      expect.arrayContaining(
        [
          "stacks/bootstrap/cdk.tf.json",
          "stacks/preview/cdk.tf.json",
          "stacks/production/cdk.tf.json",
          "stacks/pr-42/cdk.tf.json",
        ].map((f) => f.split("/").join(path.sep)),
      ),
    );
    expect(files.some((f) => f.endsWith(".zip"))).toBe(true);
    for (const file of files) {
      expect(readFileSync(path.join(outTwo, file)).equals(readFileSync(path.join(outOne, file))), file).toBe(true);
      if (file.endsWith(".json")) {
        const text = readFileSync(path.join(outOne, file), "utf8");
        expect(text, file).not.toContain(base);
        expect(text, file).not.toContain(repo);
      }
    }
  });
});
