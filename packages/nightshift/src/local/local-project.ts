import type { ParsedCron, ParsedQueue, ParsedTopic, Project } from "../discovery/types";

/**
 * A project as the local environment's main process holds it: the parsed settings without the
 * loaded definitions (functions cannot cross into the parent, and job code only ever runs in
 * workers, so an edit never needs the main process to re-import anything).
 */
export type LocalCron = Omit<ParsedCron, "definition">;
export type LocalQueue = Omit<ParsedQueue, "contract" | "handler">;
export type LocalTopic = Omit<ParsedTopic, "definition">;

export interface LocalProject {
  readonly root: string;
  /** From `nightshift.config.ts`; `local` when the project has none. */
  readonly app: string;
  readonly region: string;
  readonly crons: readonly LocalCron[];
  readonly queues: readonly LocalQueue[];
  readonly topics: readonly LocalTopic[];
}

/** Strips the loaded code from a discovered project. */
export function toLocalProject(project: Project, app: string, region: string): LocalProject {
  return {
    root: project.root,
    app,
    region,
    crons: project.crons.map(({ definition: _definition, ...cron }) => cron),
    queues: project.queues.map(({ contract: _contract, handler: _handler, ...queue }) => queue),
    topics: project.topics.map(({ definition: _definition, ...topic }) => topic),
  };
}
