import type { Project } from "nightshift/internal/discovery/types";
import { NightshiftError } from "nightshift/internal/errors";
import { NAME_LIMITS, type NameOptions, type Naming } from "../naming";

/**
 * The runtime derives queue and topic names from `NIGHTSHIFT_RESOURCE_PREFIX` and the job name, so
 * those (and the DLQs next to them) must fit whole: they can never be shortened with a hash.
 * Functions, roles and schedules are only named by infra and are shortened instead (see `Naming`).
 */
export function validateNames(project: Project, naming: Naming): void {
  for (const cron of project.crons) {
    check(naming, cron.file, cron.name, "dead-letter queue", { suffix: "-dlq" }, "queue");
  }
  for (const queue of project.queues) {
    check(naming, queue.file, queue.name, "dead-letter queue", { suffix: "-dlq", fifo: queue.fifo }, "queue");
  }
  for (const topic of project.topics) {
    check(naming, topic.file, topic.name, "topic", { fifo: topic.fifo }, "topic");
  }
}

function check(
  naming: Naming,
  file: string,
  name: string,
  what: string,
  options: NameOptions,
  kind: "queue" | "topic",
): void {
  if (naming.fits(kind, name, options)) return;
  const full = naming.full(name, options);
  const limit = NAME_LIMITS[kind];
  const room = name.length - (full.length - limit);
  throw new NightshiftError(
    "E_LIMIT",
    `${file}: the job name "${name}" (${name.length} characters) is too long for environment "${naming.environment}": its ${what} "${full}" has ${full.length} characters and ${kind === "queue" ? "SQS" : "SNS"} allows ${limit}. Rename the file so the name has at most ${Math.max(room, 1)} characters.`,
  );
}
