import { NightshiftError } from "../errors";

/**
 * Everything the runtime needs from its environment, read from a handful of env vars the first time
 * it is needed (never at import time). There is no env var per queue: physical names and URLs are
 * derived from the resource prefix, the region and the account id.
 */
export interface RuntimeConfig {
  /** `AWS_REGION`; Lambda always sets it. */
  readonly region?: string;
  /** `NIGHTSHIFT_APP`: the app name from `nightshift.config.ts`. */
  readonly app?: string;
  /** `NIGHTSHIFT_ENV`: `production`, `pr-42`, `development`… */
  readonly environment?: string;
  /** `NIGHTSHIFT_RESOURCE_PREFIX`, e.g. `wordmon-pr-42`. Physical names are `<prefix>-<job>`. */
  readonly resourcePrefix?: string;
  /** `NIGHTSHIFT_ACCOUNT_ID`: builds queue URLs and ARNs without a lookup. */
  readonly accountId?: string;
  /** Local endpoints (`NIGHTSHIFT_SQS_ENDPOINT`, `NIGHTSHIFT_SNS_ENDPOINT`, `NIGHTSHIFT_SCHEDULER_ENDPOINT`). */
  readonly endpoints: { readonly sqs?: string; readonly sns?: string; readonly scheduler?: string };
  /** `NIGHTSHIFT_ROLE_ARN`: the role Vercel functions assume through OIDC. */
  readonly roleArn?: string;
  /** `NIGHTSHIFT_SCHEDULER_ROLE_ARN`: the role one-time schedules (long delays) send with. */
  readonly schedulerRoleArn?: string;
  /** `NIGHTSHIFT_SCHEDULER_GROUP`: the schedule group one-time schedules are created in. */
  readonly schedulerGroup?: string;
  /** `DATABASE_URL`. */
  readonly databaseUrl?: string;
  /** True inside a Vercel function (`VERCEL` set, or a Vercel OIDC token present). */
  readonly onVercel: boolean;
}

type Env = Record<string, string | undefined>;

const nonEmpty = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

/** Reads the runtime configuration from `env`. Pure: no caching, no validation beyond trimming. */
export function readRuntimeConfig(env: Env = process.env): RuntimeConfig {
  return {
    region: nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION),
    app: nonEmpty(env.NIGHTSHIFT_APP),
    environment: nonEmpty(env.NIGHTSHIFT_ENV),
    resourcePrefix: nonEmpty(env.NIGHTSHIFT_RESOURCE_PREFIX),
    accountId: nonEmpty(env.NIGHTSHIFT_ACCOUNT_ID),
    endpoints: {
      sqs: nonEmpty(env.NIGHTSHIFT_SQS_ENDPOINT),
      sns: nonEmpty(env.NIGHTSHIFT_SNS_ENDPOINT),
      scheduler: nonEmpty(env.NIGHTSHIFT_SCHEDULER_ENDPOINT),
    },
    roleArn: nonEmpty(env.NIGHTSHIFT_ROLE_ARN),
    schedulerRoleArn: nonEmpty(env.NIGHTSHIFT_SCHEDULER_ROLE_ARN),
    schedulerGroup: nonEmpty(env.NIGHTSHIFT_SCHEDULER_GROUP),
    databaseUrl: nonEmpty(env.DATABASE_URL),
    onVercel: Boolean(nonEmpty(env.VERCEL) || nonEmpty(env.VERCEL_OIDC_TOKEN)),
  };
}

let cached: RuntimeConfig | undefined;

/** The process's configuration, read from `process.env` on first use and then kept. */
export function getRuntimeConfig(): RuntimeConfig {
  cached ??= readRuntimeConfig();
  return cached;
}

/**
 * Forgets the cached configuration and AWS clients, so the next use reads `process.env` again.
 * The local environment calls this when it restarts its servers on new ports.
 */
export function resetRuntimeConfig(): void {
  cached = undefined;
  for (const listener of resetListeners) listener();
}

const resetListeners = new Set<() => void>();

/** Lets modules that cache something derived from the config (the AWS clients) drop it on reset. */
export function onRuntimeConfigReset(listener: () => void): void {
  resetListeners.add(listener);
}

const ENV_NAMES = {
  region: "AWS_REGION",
  resourcePrefix: "NIGHTSHIFT_RESOURCE_PREFIX",
  accountId: "NIGHTSHIFT_ACCOUNT_ID",
  schedulerRoleArn: "NIGHTSHIFT_SCHEDULER_ROLE_ARN",
  schedulerGroup: "NIGHTSHIFT_SCHEDULER_GROUP",
  databaseUrl: "DATABASE_URL",
} as const;

type RequirableKey = keyof typeof ENV_NAMES;

/**
 * Returns a configuration value or throws `E_CONFIG` naming the env var, what needs it and the fix.
 * @example requireConfig(config, "accountId", "sending to send-email")
 */
export function requireConfig<K extends RequirableKey>(
  config: RuntimeConfig,
  key: K,
  neededFor: string,
): NonNullable<RuntimeConfig[K]> {
  const value = config[key];
  if (value === undefined || value === null) {
    throw new NightshiftError(
      "E_CONFIG",
      `${ENV_NAMES[key]} is not set, and ${neededFor} needs it. Deployed functions and the Vercel project get it from nightshift's infrastructure; locally \`nightshift dev\` sets it. Set ${ENV_NAMES[key]} in this process's environment.`,
    );
  }
  return value as NonNullable<RuntimeConfig[K]>;
}
