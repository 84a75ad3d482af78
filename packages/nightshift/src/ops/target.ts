import { loadConfig } from "../config/load-config";
import { findRunningEnvironment, noRunningEnvironment } from "../local/running";
import type { DevState } from "../local/state-file";
import { checkEnvironmentName } from "./environment-name";
import { createOpsClients, type OpsClients } from "./ops-clients";
import { readOpsConfig } from "./ops-config";
import type { OpsIo } from "./ops-io";

/** A deployed environment, reached with the caller's AWS credentials. */
export interface AwsTarget {
  readonly kind: "aws";
  readonly root: string;
  readonly app: string;
  /** `production`, `pr-42`… */
  readonly environment: string;
  readonly region: string;
  /** `<app>-<env>`: the start of every physical name. */
  readonly prefix: string;
  readonly accountId?: string;
  readonly clients: OpsClients;
}

/** The `nightshift dev` environment running for this checkout. */
export interface LocalTarget {
  readonly kind: "local";
  readonly root: string;
  readonly environment: "local";
  readonly region: string;
  readonly prefix: string;
  readonly accountId: string;
  readonly state: DevState;
  /** SQS clients aimed at the local endpoint. */
  readonly clients: OpsClients;
}

export type OpsTarget = AwsTarget | LocalTarget;

/**
 * Where a command acts: the deployed environment `env` (app and region from `nightshift.config.ts`),
 * or without `env` the local environment, which must be running (`E_NO_LOCAL_ENV` otherwise).
 */
export async function resolveTarget(
  root: string,
  env: string | undefined,
  io: OpsIo,
  command: string,
): Promise<OpsTarget> {
  const ops = readOpsConfig(io.env);
  if (env !== undefined) {
    const environment = checkEnvironmentName(env);
    const config = await loadConfig(root);
    return {
      kind: "aws",
      root,
      app: config.app,
      environment,
      region: config.region,
      prefix: `${config.app}-${environment}`,
      ...(ops.accountId ? { accountId: ops.accountId } : {}),
      clients: createOpsClients(config.region, ops.endpoints),
    };
  }
  const state = await findRunningEnvironment(root);
  if (!state) throw noRunningEnvironment(command);
  return localTarget(root, state);
}

/** The local environment described by `state` (its `.nightshift/dev.json`). */
export function localTarget(root: string, state: DevState): LocalTarget {
  return {
    kind: "local",
    root,
    environment: "local",
    region: state.region,
    prefix: state.resourcePrefix,
    accountId: state.accountId,
    state,
    clients: createOpsClients(state.region, { sqs: state.urls.sqs }, { local: true }),
  };
}
