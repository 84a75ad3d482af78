import type { SchedulerClient } from "@aws-sdk/client-scheduler";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { NightshiftError } from "../errors";
import { getRuntimeConfig, onRuntimeConfigReset, type RuntimeConfig } from "./config";

/**
 * AWS SDK v3 clients, created once per process and only when something is sent. The SDK is loaded
 * with `await import()`, so a cron that never sends never loads it; the bundler marks `@aws-sdk/*`
 * and `@smithy/*` external because the Lambda Node.js runtime ships SDK v3.
 */

/** Any credentials work against a local emulator; these never leave the machine. */
const LOCAL_CREDENTIALS: AwsCredentialIdentity = {
  accessKeyId: "nightshift-local",
  secretAccessKey: "nightshift-local",
};

/**
 * How a client authenticates:
 * - a local endpoint: static dummy credentials;
 * - inside a Vercel function with `NIGHTSHIFT_ROLE_ARN`: short-lived credentials from Vercel OIDC;
 * - otherwise (Lambda, CI, a developer's shell): the SDK's default chain, i.e. the execution role.
 */
export function credentialsFor(
  config: RuntimeConfig,
  endpoint: string | undefined,
): AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined {
  if (endpoint) return LOCAL_CREDENTIALS;
  if (config.onVercel && config.roleArn) {
    const roleArn = config.roleArn;
    let provider: AwsCredentialIdentityProvider | undefined;
    return async () => {
      if (!provider) {
        const { awsCredentialsProvider } = await import("@vercel/oidc-aws-credentials-provider");
        provider = awsCredentialsProvider({ roleArn, clientConfig: { region: config.region } });
      }
      try {
        return await provider();
      } catch (error) {
        throw new NightshiftError(
          "E_NO_CREDENTIALS",
          `No AWS credentials for ${roleArn}: this runs on Vercel with NIGHTSHIFT_ROLE_ARN set, but exchanging the Vercel OIDC token failed (${error instanceof Error ? error.message : String(error)}). Turn on OIDC federation for the project in Vercel (Settings → Security), check that the role trusts the team's issuer, and call send()/publish() while handling a request.`,
          { cause: error },
        );
      }
    };
  }
  return undefined;
}

function clientConfig(config: RuntimeConfig, endpoint: string | undefined) {
  if (!config.region) {
    throw new NightshiftError(
      "E_CONFIG",
      "AWS_REGION is not set, and sending a message needs it. Lambda sets it itself; the Vercel project gets it from nightshift's infrastructure; locally `nightshift dev` sets it. Set AWS_REGION in this process's environment.",
    );
  }
  return {
    region: config.region,
    ...(endpoint ? { endpoint } : {}),
    credentials: credentialsFor(config, endpoint),
  };
}

/** Caches a client promise, but forgets a failed one so a fixed environment can retry. */
function memo<T>(
  create: () => Promise<T>,
  get: () => Promise<T> | undefined,
  set: (p: Promise<T> | undefined) => void,
) {
  const existing = get();
  if (existing) return existing;
  const created = create();
  set(created);
  created.catch(() => {
    if (get() === created) set(undefined);
  });
  return created;
}

let sqs: Promise<SQSClient> | undefined;
let sns: Promise<SNSClient> | undefined;
let scheduler: Promise<SchedulerClient> | undefined;

onRuntimeConfigReset(() => {
  for (const client of [sqs, sns, scheduler]) void client?.then((c) => c.destroy()).catch(() => {});
  sqs = sns = scheduler = undefined;
});

/** The process's SQS client. */
export function getSqsClient(): Promise<SQSClient> {
  return memo(
    async () => {
      const config = getRuntimeConfig();
      const settings = clientConfig(config, config.endpoints.sqs);
      const { SQSClient } = await import("@aws-sdk/client-sqs");
      return new SQSClient(settings);
    },
    () => sqs,
    (p) => {
      sqs = p;
    },
  );
}

/** The process's SNS client. */
export function getSnsClient(): Promise<SNSClient> {
  return memo(
    async () => {
      const config = getRuntimeConfig();
      const settings = clientConfig(config, config.endpoints.sns);
      const { SNSClient } = await import("@aws-sdk/client-sns");
      return new SNSClient(settings);
    },
    () => sns,
    (p) => {
      sns = p;
    },
  );
}

/** The process's EventBridge Scheduler client (one-time schedules for long delays). */
export function getSchedulerClient(): Promise<SchedulerClient> {
  return memo(
    async () => {
      const config = getRuntimeConfig();
      const settings = clientConfig(config, config.endpoints.scheduler);
      const { SchedulerClient } = await import("@aws-sdk/client-scheduler");
      return new SchedulerClient(settings);
    },
    () => scheduler,
    (p) => {
      scheduler = p;
    },
  );
}
