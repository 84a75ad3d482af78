import { readRuntimeConfig } from "../runtime/config";

/**
 * Endpoint overrides for the AWS services the operations commands call. Unset means the real AWS
 * endpoint of the environment's region. They point the commands at an emulator or a test server.
 */
export interface OpsEndpoints {
  /** `NIGHTSHIFT_SQS_ENDPOINT` (shared with the runtime). */
  readonly sqs?: string;
  /** `NIGHTSHIFT_LAMBDA_ENDPOINT`. */
  readonly lambda?: string;
  /** `NIGHTSHIFT_LOGS_ENDPOINT` (CloudWatch Logs). */
  readonly logs?: string;
  /** `NIGHTSHIFT_SCHEDULER_ENDPOINT` (shared with the runtime). */
  readonly scheduler?: string;
}

export interface OpsConfig {
  /** `AWS_REGION` / `AWS_DEFAULT_REGION`, which wins over `nightshift.config.ts` when set. */
  readonly region?: string;
  /** `NIGHTSHIFT_ACCOUNT_ID`, when known; otherwise looked up from the queue itself. */
  readonly accountId?: string;
  readonly endpoints: OpsEndpoints;
}

const nonEmpty = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

/** Reads the operations commands' settings from `env`: the one place they read env vars. */
export function readOpsConfig(env: Readonly<Record<string, string | undefined>>): OpsConfig {
  const runtime = readRuntimeConfig(env);
  return {
    region: runtime.region,
    accountId: runtime.accountId,
    endpoints: {
      sqs: runtime.endpoints.sqs,
      scheduler: runtime.endpoints.scheduler,
      lambda: nonEmpty(env.NIGHTSHIFT_LAMBDA_ENDPOINT),
      logs: nonEmpty(env.NIGHTSHIFT_LOGS_ENDPOINT),
    },
  };
}
