import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";

/** The endpoints and names the local environment hands to workers and to the Next.js dev server. */
export interface LocalEndpoints {
  readonly app: string;
  readonly region: string;
  readonly accountId: string;
  readonly resourcePrefix: string;
  readonly sqsEndpoint: string;
  readonly databaseUrl?: string;
  readonly smtpUrl: string;
  readonly feedUrl: string;
  readonly dashboardUrl: string;
}

/**
 * The variables the runtime reads (`src/runtime/config.ts`), pointed at the local endpoints. SQS and
 * SNS share fauxqs's single endpoint.
 */
export function localEnvVars(endpoints: LocalEndpoints): Record<string, string> {
  return {
    NIGHTSHIFT_ENV: "development",
    NIGHTSHIFT_APP: endpoints.app,
    NIGHTSHIFT_RESOURCE_PREFIX: endpoints.resourcePrefix,
    NIGHTSHIFT_ACCOUNT_ID: endpoints.accountId,
    AWS_REGION: endpoints.region,
    NIGHTSHIFT_SQS_ENDPOINT: endpoints.sqsEndpoint,
    NIGHTSHIFT_SNS_ENDPOINT: endpoints.sqsEndpoint,
    ...(endpoints.databaseUrl ? { DATABASE_URL: endpoints.databaseUrl } : {}),
    SMTP_URL: endpoints.smtpUrl,
    FEED_URL: endpoints.feedUrl,
    NIGHTSHIFT_DASHBOARD_URL: endpoints.dashboardUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    // Lambda runs Node 22+; the SDK's warning about an older local Node is noise in every worker.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
}

/**
 * Secrets live in `.env.local` locally (as Secrets Manager provides them in AWS). Workers get the
 * project's `.env` and `.env.local`; variables already set in the shell win, and the local
 * endpoints win over both, except `FEED_URL`, which only defaults to the fixture feed.
 */
export function workerEnv(
  root: string,
  shell: Record<string, string | undefined>,
  local: Record<string, string>,
): Record<string, string | undefined> {
  const files: Record<string, string> = {};
  for (const name of [".env", ".env.local"]) {
    const file = path.join(root, name);
    if (existsSync(file)) Object.assign(files, parseEnv(readFileSync(file, "utf8")));
  }
  const merged: Record<string, string | undefined> = { ...files, ...shell, ...local, NODE_OPTIONS: undefined };
  // The fixture feed is a default: a FEED_URL set on purpose (a real feed) is kept.
  const feed = shell.FEED_URL?.trim() || files.FEED_URL?.trim();
  if (feed) merged.FEED_URL = feed;
  return merged;
}
