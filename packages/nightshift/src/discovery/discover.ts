import path from "node:path";
import { pathToFileURL } from "node:url";
import type { CronDefinition } from "../definition/cron";
import type { QueueHandlerDefinition } from "../definition/handle";
import { DEFINED_AT, JOB_NAME, type Nameable } from "../definition/job-name";
import type { QueueContract } from "../definition/queue";
import type { TopicDefinition } from "../definition/topic";
import { NightshiftError } from "../errors";
import { FieldChecker } from "./check";
import { findJobFiles } from "./find-files";
import { normalizeCron } from "./normalize-cron";
import { normalizeQueue } from "./normalize-queue";
import type { ParsedCron, ParsedQueue, ParsedTopic, Project } from "./types";

export interface DiscoverOptions {
  /** Also import every `*.handler.ts` (the local environment and bundle checks do; infra does not). */
  loadHandlers?: boolean;
  /** Imports a module; defaults to dynamic `import()`, which needs a TypeScript loader (tsx, vitest). */
  importModule?: (absolutePath: string) => Promise<Record<string, unknown>>;
}

type Kind = "cron" | "queue" | "topic" | "queue-handler";
const EXPECTED: Record<Kind, string> = {
  cron: "export default cron({ schedule, run })",
  queue: "export default queue({ schema })",
  topic: "export default topic({ schema })",
  "queue-handler": "export default handle(contract, async (payload, ctx) => { ... })",
};

/**
 * Finds, imports and validates every job under `<root>/services`. The same tree always gives the
 * same `Project`, with each list sorted by name.
 */
export async function discoverProject(root: string, options: DiscoverOptions = {}): Promise<Project> {
  const files = findJobFiles(root);
  const importModule = options.importModule ?? ((file: string) => import(pathToFileURL(file).href));
  const load = async <T extends Nameable>(file: string, kind: Kind): Promise<T> => {
    let module: Record<string, unknown>;
    try {
      module = await importModule(path.join(root, file));
    } catch (error) {
      throw new NightshiftError(
        "E_NOT_A_DEFINITION",
        `${file}: failed to load: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    const value = module.default as { kind?: unknown } | undefined;
    if (!value || typeof value !== "object" || value.kind !== kind) {
      const got =
        value && typeof value === "object" && typeof value.kind === "string"
          ? `a ${value.kind} definition`
          : "no definition";
      throw new NightshiftError(
        "E_NOT_A_DEFINITION",
        `${file}: default export must be ${kind === "queue-handler" ? "a handler" : `a ${kind}`} (\`${EXPECTED[kind]}\`), but it is ${got}.`,
      );
    }
    const named = value as T;
    const name = path.basename(file).replace(/(\.handler)?\.[cm]?[jt]s$/, "");
    named[JOB_NAME] = name;
    named[DEFINED_AT] = file;
    return named;
  };

  const topics: ParsedTopic[] = [];
  for (const file of files.topics) {
    const definition = await load<TopicDefinition>(file, "topic");
    topics.push(normalizeTopic(file, definition));
  }

  const crons: ParsedCron[] = [];
  for (const file of files.crons) {
    const definition = await load<CronDefinition>(file, "cron");
    crons.push(normalizeCron(file, definition[JOB_NAME] as string, definition));
  }

  const queues: ParsedQueue[] = [];
  for (const { contract: file, handler: handlerFile } of files.queues) {
    const contract = await load<QueueContract>(file, "queue");
    let handler: QueueHandlerDefinition | undefined;
    if (options.loadHandlers) {
      handler = await load<QueueHandlerDefinition>(handlerFile, "queue-handler");
      if (handler.contract !== contract) {
        const definedAt = handler.contract?.[DEFINED_AT];
        const other = definedAt
          ? path.isAbsolute(definedAt)
            ? path.relative(root, definedAt).split(path.sep).join("/")
            : definedAt
          : "another contract";
        throw new NightshiftError(
          "E_HANDLER_CONTRACT_MISMATCH",
          `${handlerFile}: handles ${other}, not ${file}; import the contract with \`import contract from "./${path.basename(file).replace(/\.[cm]?[jt]s$/, "")}"\`.`,
        );
      }
    }
    queues.push(normalizeQueue(file, handlerFile, contract[JOB_NAME] as string, contract, topics, handler));
  }
  return { root, crons, queues, topics };
}

function normalizeTopic(file: string, definition: TopicDefinition): ParsedTopic {
  const check: FieldChecker = new FieldChecker(file);
  const options = definition.options as unknown as Record<string, unknown>;
  check.unknownKeys("", options, ["schema", "fifo"]);
  if (typeof (definition.schema as { "~standard"?: { validate?: unknown } })?.["~standard"]?.validate !== "function") {
    check.fail(
      "schema",
      "must be a Standard Schema such as z.object({ ... }) from zod (got a value without ~standard).",
    );
  }
  return {
    kind: "topic",
    name: definition[JOB_NAME] as string,
    file,
    fifo: options.fifo === undefined ? false : check.boolean("fifo", options.fifo),
    definition,
  };
}
