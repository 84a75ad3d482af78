import type { Project } from "nightshift/internal/discovery/types";
import { NightshiftError } from "nightshift/internal/errors";

/** How many database connections an environment may open at its peak. */
export interface ConnectionBudget {
  /** Connections the environment's functions may hold together. */
  readonly connections: number;
  /** Connections one running function instance opens (its pool size). @default 1 */
  readonly perFunction?: number;
  /** Where the number comes from, for the error, e.g. `db.t4g.micro shared by preview environments`. */
  readonly source: string;
}

/** A function's peak concurrent instances: a queue consumer's `concurrency`; a cron runs one at a time. */
export function peakConnections(project: Project, perFunction = 1): number {
  const queues = project.queues.reduce((sum, queue) => sum + queue.concurrency, 0);
  return (queues + project.crons.length) * perFunction;
}

/**
 * Queue concurrency (plus one per cron) times the per-function pool must fit the database's budget,
 * or a burst of messages exhausts the connections and every function starts failing. The error
 * names the queue with the highest concurrency, the likeliest one to lower.
 */
export function validateConnectionBudget(project: Project, budget: ConnectionBudget): void {
  const perFunction = budget.perFunction ?? 1;
  const peak = peakConnections(project, perFunction);
  if (peak <= budget.connections) return;
  const largest = [...project.queues].sort((a, b) => b.concurrency - a.concurrency || (a.name < b.name ? -1 : 1))[0];
  const over = peak - budget.connections;
  const where = largest
    ? `${largest.file}: concurrency ${largest.concurrency}`
    : `${project.crons[0]?.file ?? "services/"}: the crons`;
  const fix = largest
    ? `lower concurrency to at most ${Math.max(2, largest.concurrency - Math.ceil(over / perFunction))}${largest.concurrency - Math.ceil(over / perFunction) < 2 ? " and lower other queues' concurrency too" : ""}, or use a larger database instance`
    : "use a larger database instance";
  throw new NightshiftError(
    "E_LIMIT",
    `${where} brings the environment's peak database connections to ${peak} (queue concurrency + 1 per cron, × ${perFunction} per function), above the budget of ${budget.connections} for ${budget.source}; ${fix}.`,
  );
}
