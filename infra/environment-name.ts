import type { EnvironmentKind } from "nightshift";
import { NightshiftError, show } from "nightshift/internal/errors";

/**
 * Environment names, as used in physical names (`<app>-<env>-<job>`), stack names and state keys.
 * `pr-<N>` is the pull-request form; other names are letters and digits only, so that no two
 * environments' prefixes can overlap (`<app>-pr-4-` never starts `<app>-pr-42-`, and no letters-only
 * name can be read as `pr-<N>`). IAM scoping of the PR deploy role relies on this.
 */
export const ENVIRONMENT_NAME_PATTERN = /^(?:pr-[1-9][0-9]{0,5}|[a-z][a-z0-9]{1,15})$/;

/**
 * Names that would be ambiguous or clash: a stack, the local environment, or the account-level roles
 * (`<app>-deploy-*`, `<app>-boundary-*`) the deploy roles must never touch.
 */
export const RESERVED_ENVIRONMENT_NAMES = [
  "bootstrap",
  "pr",
  "development",
  "local",
  "test",
  "deploy",
  "boundary",
] as const;

/** The long-lived environments every synth writes. */
export const FIXED_ENVIRONMENTS = ["production", "preview"] as const;

/** Checks an environment name (from `NIGHTSHIFT_ENV` or code) and returns it. */
export function parseEnvironmentName(value: unknown, where = "NIGHTSHIFT_ENV"): string {
  if (typeof value !== "string" || !ENVIRONMENT_NAME_PATTERN.test(value)) {
    throw new NightshiftError(
      "E_CONFIG",
      `${where} must be "pr-<number>" (e.g. "pr-42", number 1–999999) or 2–16 lowercase letters and digits starting with a letter (e.g. "staging") (got ${show(value)}); dashes appear only in "pr-<number>" so that environment names never overlap.`,
    );
  }
  if ((RESERVED_ENVIRONMENT_NAMES as readonly string[]).includes(value)) {
    throw new NightshiftError(
      "E_CONFIG",
      `${where} ${show(value)} is reserved (${RESERVED_ENVIRONMENT_NAMES.join(", ")}); choose another name such as "staging".`,
    );
  }
  return value;
}

/** Whose settings a deployed environment follows: `production` its own, every other one `preview`'s. */
export function environmentKind(environment: string): Exclude<EnvironmentKind, "development"> {
  return environment === "production" ? "production" : "preview";
}

/** True for the ephemeral pull-request environments (`pr-<N>`). */
export function isPullRequestEnvironment(environment: string): boolean {
  return /^pr-\d+$/.test(environment);
}
