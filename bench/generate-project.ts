import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const TMP = path.join(path.dirname(fileURLToPath(import.meta.url)), ".tmp");

/**
 * Writes a synthetic project with `count` jobs (half crons, half queues with handlers) inside the
 * repository, so workspace packages resolve. Each job imports a small shared module and zod.
 */
export async function generateProject(count: number): Promise<string> {
  await mkdir(TMP, { recursive: true });
  const root = await mkdtemp(path.join(TMP, `jobs-${count}-`));
  const write = async (file: string, content: string) => {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  };
  await write("services/lib/format.ts", `export const format = (n: number) => \`item \${n.toFixed(2)}\`;\n`);
  for (let i = 0; i < count; i++) {
    const name = `job-${String(i).padStart(3, "0")}`;
    if (i % 2 === 0) {
      await write(
        `services/cron/${name}.ts`,
        `import { cron } from "nightshift";\nimport { format } from "../lib/format";\nexport default cron({ schedule: "cron(${i % 60} * * * ? *)", async run(ctx) { ctx.log.info(format(${i})); } });\n`,
      );
    } else {
      await write(
        `services/queue/${name}.ts`,
        `import { queue } from "nightshift";\nimport { z } from "zod";\nexport default queue({ schema: z.object({ id: z.string(), n: z.number() }) });\n`,
      );
      await write(
        `services/queue/${name}.handler.ts`,
        `import { handle } from "nightshift";\nimport { format } from "../lib/format";\nimport contract from "./${name}";\nexport default handle(contract, async (p, ctx) => { ctx.log.info(format(p.n)); });\n`,
      );
    }
  }
  return root;
}
