import { closest } from "../discovery/check";
import type { ParsedCron, ParsedQueue, Project } from "../discovery/types";
import { NightshiftError, show } from "../errors";

type JobKind = "cron" | "queue";

const FOLDER: Record<JobKind, string> = { cron: "services/cron/", queue: "services/queue/" };

function unknownJob(project: Project, kind: JobKind, name: string, command: string): NightshiftError {
  const names = (kind === "cron" ? project.crons : project.queues).map((job) => job.name);
  const otherKind: JobKind = kind === "cron" ? "queue" : "cron";
  const other = (otherKind === "cron" ? project.crons : project.queues).some((job) => job.name === name);
  if (other) {
    const use = otherKind === "queue" ? `nightshift send ${name} '<json>'` : `nightshift run ${name}`;
    return new NightshiftError(
      "E_UNKNOWN_JOB",
      `${show(name)} is a ${otherKind} (${FOLDER[otherKind]}${name}.ts), and \`nightshift ${command}\` takes a ${kind}; use \`${use}\`.`,
    );
  }
  const hint = closest(name, names);
  const known = names.length === 0 ? `there are none in ${FOLDER[kind]}` : `${FOLDER[kind]} has ${names.join(", ")}`;
  return new NightshiftError(
    "E_UNKNOWN_JOB",
    `no ${kind} named ${show(name)}${hint ? ` (did you mean "${hint}"?)` : ""}; ${known}. Run \`nightshift list\` to see every job.`,
  );
}

/** The cron called `name`, or `E_UNKNOWN_JOB` naming the closest match. */
export function findCron(project: Project, name: string, command = "run"): ParsedCron {
  const cron = project.crons.find((job) => job.name === name);
  if (!cron) throw unknownJob(project, "cron", name, command);
  return cron;
}

/** The queue called `name`, or `E_UNKNOWN_JOB` naming the closest match. */
export function findQueue(project: Project, name: string, command: string): ParsedQueue {
  const queue = project.queues.find((job) => job.name === name);
  if (!queue) throw unknownJob(project, "queue", name, command);
  return queue;
}

/** A cron or a queue called `name` (for `logs`), or `E_UNKNOWN_JOB` naming the closest match. */
export function findJob(project: Project, name: string): ParsedCron | ParsedQueue {
  const job = [...project.crons, ...project.queues].find((candidate) => candidate.name === name);
  if (job) return job;
  const names = [...project.crons, ...project.queues].map((candidate) => candidate.name).sort();
  const hint = closest(name, names);
  throw new NightshiftError(
    "E_UNKNOWN_JOB",
    `no cron or queue named ${show(name)}${hint ? ` (did you mean "${hint}"?)` : ""}; ${
      names.length === 0 ? "services/ has no jobs yet" : `jobs: ${names.join(", ")}`
    }. Run \`nightshift list\` to see every job.`,
  );
}
