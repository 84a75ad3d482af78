/**
 * Where a declared secret lives in AWS Secrets Manager. Infra creates the secrets under these names,
 * the CLI sets their values, and the runtime reads them by the ARNs infra hands it.
 */

/** Pull-request environments share the values of this scope. */
export const PREVIEW_SECRET_SCOPE = "preview";

/**
 * The scope whose secret values an environment uses: every `pr-<N>` shares `preview`'s values (one
 * set of values for all pull requests, set once); any other environment has its own.
 * @example secretScope("pr-42") // "preview"
 */
export function secretScope(environment: string): string {
  return /^pr-\d+$/.test(environment) ? PREVIEW_SECRET_SCOPE : environment;
}

/**
 * The Secrets Manager name of a declared secret in a scope: `<app>/<scope>/<NAME>`.
 * @example secretId("wordmon", "production", "SMTP_URL") // "wordmon/production/SMTP_URL"
 */
export function secretId(app: string, scope: string, name: string): string {
  return `${app}/${scope}/${name}`;
}

/** The name pattern covering every secret of a scope, for IAM: `<app>/<scope>/*`. */
export function secretScopePattern(app: string, scope: string): string {
  return `${app}/${scope}/*`;
}

/**
 * The Lambda env var holding `{ "<NAME>": "<secret ARN>" }` for the secrets a function may read.
 * Names and ARNs only, never values.
 */
export const SECRETS_ENV_VAR = "NIGHTSHIFT_SECRETS";

/** Env var pointing Secrets Manager clients (runtime and CLI) at another endpoint: an emulator or a test server. */
export const SECRETS_ENDPOINT_ENV = "NIGHTSHIFT_SECRETSMANAGER_ENDPOINT";
