import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { OpsEndpoints } from "./ops-config";

/**
 * The AWS clients of one operations command, created on first use with the caller's own credentials
 * (the SDK's default chain: env vars, `AWS_PROFILE`, SSO, …). Endpoint overrides point a client at an
 * emulator or a test server.
 */
export interface OpsClients {
  readonly region: string;
  sqs(): Promise<SQSClient>;
  lambda(): Promise<LambdaClient>;
  logs(): Promise<CloudWatchLogsClient>;
  /** Closes the clients' sockets. */
  destroy(): void;
}

export interface OpsClientOptions {
  /** The local environment's emulator accepts any credentials: use fixed dummy ones, never the caller's. */
  readonly local?: boolean;
}

const LOCAL_CREDENTIALS = { accessKeyId: "nightshift-local", secretAccessKey: "nightshift-local" };

export function createOpsClients(region: string, endpoints: OpsEndpoints, options: OpsClientOptions = {}): OpsClients {
  const made: { destroy(): void }[] = [];
  const settings = (endpoint: string | undefined) => ({
    region,
    ...(endpoint ? { endpoint } : {}),
    ...(options.local ? { credentials: LOCAL_CREDENTIALS } : {}),
  });
  const once = <T extends { destroy(): void }>(create: () => Promise<T>): (() => Promise<T>) => {
    let client: Promise<T> | undefined;
    return () => {
      client ??= create().then((c) => {
        made.push(c);
        return c;
      });
      return client;
    };
  };
  return {
    region,
    sqs: once(async () => new (await import("@aws-sdk/client-sqs")).SQSClient(settings(endpoints.sqs))),
    lambda: once(async () => new (await import("@aws-sdk/client-lambda")).LambdaClient(settings(endpoints.lambda))),
    logs: once(
      async () => new (await import("@aws-sdk/client-cloudwatch-logs")).CloudWatchLogsClient(settings(endpoints.logs)),
    ),
    destroy() {
      for (const client of made.splice(0)) client.destroy();
    },
  };
}
