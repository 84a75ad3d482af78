import { NightshiftError, show } from "../errors";

/** Environment names as they appear in physical names: `production`, `preview`, `pr-42`, `staging`. */
const ENVIRONMENT_NAME = /^[a-z][a-z0-9]*(-[0-9]+)?$/;

/**
 * Checks a `--env` value before it becomes part of AWS resource names. The deploy pipeline enforces
 * the full rule (infra's `parseEnvironmentName`); this catches typos and shell accidents early.
 */
export function checkEnvironmentName(value: string): string {
  if (!ENVIRONMENT_NAME.test(value) || value.length > 16) {
    throw new NightshiftError(
      "E_USAGE",
      `--env must name a deployed environment such as "production", "preview" or "pr-42" (got ${show(value)}); lowercase letters and digits, with "pr-<number>" for pull requests.`,
    );
  }
  return value;
}
