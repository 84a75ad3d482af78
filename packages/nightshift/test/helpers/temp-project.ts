import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const TMP = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", ".tmp");

/**
 * Writes a throwaway project inside the repository (so `nightshift`, `zod` and other workspace
 * dependencies resolve) and returns its root. Call `cleanup()` in afterAll.
 */
export async function createProject(files: Record<string, string>, parent: string = TMP): Promise<string> {
  await mkdir(parent, { recursive: true });
  const root = await mkdtemp(path.join(parent, "project-"));
  await writeFiles(root, files);
  return root;
}

export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    const full = path.join(root, file);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, content);
  }
}

export async function cleanup(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
}

/** Small job files for tests. */
export const jobs = {
  cron: (extra = "") =>
    `import { cron } from "nightshift";\nexport default cron({ schedule: "rate(5 minutes)", ${extra} async run() {} });\n`,
  contract: (extra = "") =>
    `import { queue } from "nightshift";\nimport { z } from "zod";\nexport default queue({ schema: z.object({ id: z.string() }), ${extra} });\n`,
  handler: (contract: string) =>
    `import { handle } from "nightshift";\nimport contract from "./${contract}";\nexport default handle(contract, async () => {});\n`,
  topic: (extra = "") =>
    `import { topic } from "nightshift";\nimport { z } from "zod";\nexport default topic({ schema: z.object({ kind: z.string() }), ${extra} });\n`,
};
