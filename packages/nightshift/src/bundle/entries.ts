import type { Project } from "../discovery/types";

/** One Lambda function to build: its name, kind and the source of its generated entry module. */
export interface FunctionEntry {
  readonly name: string;
  readonly kind: "cron" | "queue" | "system";
  /** Source of the entry module; it must export `handler`. Imports resolve from the project root. */
  readonly source: string;
}

/** A function that ships with Nightshift itself (the database provisioner, the migrator). */
export interface SystemFunction {
  readonly name: string;
  /** Module specifier that exports `handler`, e.g. `nightshift/internal/provisioner/handler`. */
  readonly module: string;
}

/** Entry modules for every cron and queue consumer in a project, in a stable order. */
export function functionEntries(project: Project, system: readonly SystemFunction[] = []): FunctionEntry[] {
  const entries: FunctionEntry[] = [];
  for (const cron of project.crons) {
    entries.push({
      name: cron.name,
      kind: "cron",
      source: [
        `import definition from ${JSON.stringify(`./${cron.file}`)};`,
        `import { createCronHandler } from "nightshift/lambda";`,
        `export const handler = createCronHandler(definition, ${JSON.stringify({ name: cron.name, timeoutMs: cron.timeoutSeconds * 1000 })});`,
      ].join("\n"),
    });
  }
  for (const queue of project.queues) {
    entries.push({
      name: queue.name,
      kind: "queue",
      source: [
        `import definition from ${JSON.stringify(`./${queue.handlerFile}`)};`,
        `import { createQueueHandler } from "nightshift/lambda";`,
        `export const handler = createQueueHandler(definition, ${JSON.stringify({ name: queue.name, fifo: queue.fifo })});`,
      ].join("\n"),
    });
  }
  for (const fn of system) {
    entries.push({ name: fn.name, kind: "system", source: `export { handler } from ${JSON.stringify(fn.module)};` });
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
