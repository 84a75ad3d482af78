import type { Project } from "nightshift/internal/discovery/types";
import { assertTimezone, parseSchedule } from "nightshift/internal/schedule/index";

/**
 * Every cron's schedule and time zone, re-read through the one schedule parser: the expression
 * deployed is exactly what the parser accepts, and a zone EventBridge Scheduler would reject fails here.
 */
export function validateSchedules(project: Project): void {
  for (const cron of project.crons) {
    parseSchedule(cron.schedule.written, `${cron.file}: schedule`);
    parseSchedule(cron.schedule.expression, `${cron.file}: schedule`);
    assertTimezone(cron.timezone, `${cron.file}: timezone`);
  }
}
