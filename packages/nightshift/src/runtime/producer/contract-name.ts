import { DEFINED_AT, JOB_NAME } from "../../definition/job-name";
import type { QueueContract } from "../../definition/queue";
import type { TopicDefinition } from "../../definition/topic";
import { NightshiftError } from "../../errors";

/** Where a contract was declared, for error messages: `services/queue/send-email.ts`, or its name. */
export function describeContract(contract: QueueContract | TopicDefinition): string {
  const file = contract[DEFINED_AT];
  if (!file) return `${contract.kind} "${contract[JOB_NAME] ?? "(unnamed)"}"`;
  const services = file.replace(/\\/g, "/").lastIndexOf("/services/");
  return services >= 0 ? file.replace(/\\/g, "/").slice(services + 1) : file;
}

/**
 * The job name of a queue contract or topic (its file name). Definitions learn it when they are
 * declared in `services/queue|topic/<name>.ts` or loaded by the bundler; one built elsewhere has none.
 */
export function contractName(
  contract: QueueContract | TopicDefinition,
  verb: "send" | "sendBatch" | "publish",
): string {
  const name = contract?.[JOB_NAME];
  if (typeof name === "string" && name !== "") return name;
  const what = contract?.kind === "topic" ? "topic" : "queue";
  throw new NightshiftError(
    "E_CONTRACT_UNNAMED",
    `${verb}() got a ${what} definition without a name. A ${what}'s name is its file name, so declare it as the default export of services/${what}/<name>.ts and import it from there (not from an inline ${what}() call).`,
  );
}
