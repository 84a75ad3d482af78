import type { Project } from "nightshift/internal/discovery/types";
import type { Naming } from "../naming";
import { type ConnectionBudget, validateConnectionBudget } from "./connection-budget";
import { validateFunctions } from "./functions";
import { validateNames } from "./names";
import { validateQueues } from "./queues";
import { validateSchedules } from "./schedules";
import { validateSubscriptions } from "./subscriptions";

export interface ValidateProjectOptions {
  /** The database's connection budget for this environment, when the environment has a database. */
  readonly connectionBudget?: ConnectionBudget;
}

/**
 * Every rule AWS would otherwise enforce only at apply time, checked at synth for one environment.
 * The first broken rule throws a NightshiftError naming the file, the field, the value, the limit and the fix.
 */
export function validateProject(project: Project, naming: Naming, options: ValidateProjectOptions = {}): void {
  validateSchedules(project);
  validateFunctions(project);
  validateQueues(project);
  validateSubscriptions(project);
  validateNames(project, naming);
  if (options.connectionBudget) validateConnectionBudget(project, options.connectionBudget);
}
