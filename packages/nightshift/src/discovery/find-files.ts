import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { NightshiftError } from "../errors";
import type { JobFiles } from "./types";

const SOURCE = /\.(ts|mts|js|mjs)$/;
const HANDLER = /\.handler\.(ts|mts|js|mjs)$/;
const IGNORED = /(\.test|\.spec|\.d)\.[cm]?[jt]s$/;

/** A job name: kebab-case, starting with a letter. It becomes part of AWS resource names. */
export const JOB_NAME_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

function listSources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && SOURCE.test(entry.name) && !IGNORED.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

function checkName(file: string, name: string): void {
  if (!JOB_NAME_PATTERN.test(name)) {
    throw new NightshiftError(
      "E_BAD_NAME",
      `${file}: job name "${name}" must be kebab-case (lowercase letters, digits and single dashes, starting with a letter); rename the file, e.g. to "${suggestName(name)}${path.extname(file)}".`,
    );
  }
}

function suggestName(name: string): string {
  const kebab = name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .replace(/-+$/, "");
  return kebab || "my-job";
}

/**
 * Finds job files under `services/` without importing any of them. The result is sorted, so the
 * same tree always gives the same order. Name problems and unpaired queue files fail here.
 */
export function findJobFiles(root: string): JobFiles {
  const rel = (...parts: string[]) => ["services", ...parts].join("/");
  const seen = new Map<string, string>();
  const claim = (file: string, name: string) => {
    checkName(file, name);
    const other = seen.get(name);
    if (other) {
      throw new NightshiftError(
        "E_DUPLICATE_NAME",
        `${file}: the job name "${name}" is already used by ${other}; job names must be unique across crons, queues and topics because they name AWS resources. Rename one of the files.`,
      );
    }
    seen.set(name, file);
  };

  const crons = listSources(path.join(root, "services", "cron")).map((entry) => {
    const file = rel("cron", entry);
    if (HANDLER.test(entry)) {
      throw new NightshiftError(
        "E_BAD_NAME",
        `${file}: ".handler" files belong next to a queue contract in services/queue/; a cron's run() lives in its own file. Move or rename it.`,
      );
    }
    claim(file, entry.replace(SOURCE, ""));
    return file;
  });

  const topics = listSources(path.join(root, "services", "topic")).map((entry) => {
    const file = rel("topic", entry);
    claim(file, entry.replace(SOURCE, ""));
    return file;
  });

  const queueEntries = listSources(path.join(root, "services", "queue"));
  const handlers = new Map(queueEntries.filter((e) => HANDLER.test(e)).map((e) => [e.replace(HANDLER, ""), e]));
  const queues: { contract: string; handler: string }[] = [];
  for (const entry of queueEntries.filter((e) => !HANDLER.test(e))) {
    const name = entry.replace(SOURCE, "");
    const file = rel("queue", entry);
    claim(file, name);
    const handler = handlers.get(name);
    if (!handler) {
      throw new NightshiftError(
        "E_CONTRACT_WITHOUT_HANDLER",
        `${file}: queue "${name}" has no handler; create services/queue/${name}.handler.ts with \`export default handle(contract, async (payload, ctx) => { ... })\`.`,
      );
    }
    handlers.delete(name);
    queues.push({ contract: file, handler: rel("queue", handler) });
  }
  for (const [name, handler] of handlers) {
    throw new NightshiftError(
      "E_HANDLER_WITHOUT_CONTRACT",
      `services/queue/${handler}: handler has no contract; create services/queue/${name}.ts with \`export default queue({ schema })\`, or rename the handler to match an existing contract.`,
    );
  }
  return { crons, queues, topics };
}
