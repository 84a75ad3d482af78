import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ParsedQueue } from "../discovery/types";
import { NightshiftError, show } from "../errors";
import { resetRuntimeConfig } from "../runtime/config";
import { partitionOf } from "../runtime/names";
import { type SendResult, send } from "../runtime/producer/send";
import { validatePayload } from "../runtime/validate";
import { awsCall, explainAwsError } from "./aws-errors";
import { queueName } from "./deployed-names";
import { readOpsConfig } from "./ops-config";
import type { OpsIo } from "./ops-io";
import { parseJsonText } from "./parse-json";
import { callContext } from "./queue-address";
import type { OpsTarget } from "./target";

/**
 * Reads the payload argument of `nightshift send`: JSON text, or `@<file>` for a JSON file (relative
 * to the current folder). Syntax errors give the line and column.
 */
export async function readPayloadArg(arg: string, cwd: string): Promise<unknown> {
  if (!arg.startsWith("@")) return parseJsonText(arg, "the payload argument");
  const file = arg.slice(1);
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), "utf8");
  } catch (error) {
    throw new NightshiftError(
      "E_USAGE",
      `cannot read the payload file ${show(file)} (${(error as NodeJS.ErrnoException).code ?? String(error)}); give @<path to a JSON file>, relative to ${cwd}.`,
    );
  }
  return parseJsonText(text, file);
}

/**
 * Checks the payload against the queue's schema and lists every issue (`E_INVALID_PAYLOAD`), so
 * nothing invalid ever reaches the queue.
 */
export async function checkPayload(queue: ParsedQueue, payload: unknown): Promise<void> {
  const result = await validatePayload(queue.contract.schema, payload);
  if (result.ok) return;
  throw new NightshiftError(
    "E_INVALID_PAYLOAD",
    `the payload does not match the schema of ${queue.name} (${queue.file}), so nothing was sent:\n${result.issues
      .map((issue) => `- ${issue.path}: ${issue.message}`)
      .join("\n")}\nFix the payload, or the schema if the payload is right.`,
  );
}

export interface SendArgs {
  /** Seconds; over 15 minutes goes through a one-time Scheduler schedule. */
  readonly delaySeconds?: number;
  /** FIFO message group. @default "default" */
  readonly groupId?: string;
  /** FIFO deduplication id. @default a fresh UUID, unless the queue deduplicates by content */
  readonly dedupeId?: string;
}

/** The runtime settings the producer needs to reach `target`, as the env vars it reads. */
async function producerEnv(
  target: OpsTarget,
  queue: ParsedQueue,
  io: OpsIo,
): Promise<Record<string, string | undefined>> {
  if (target.kind === "local") return { ...target.state.env };
  const ops = readOpsConfig(io.env);
  let accountId = target.accountId;
  if (!accountId) {
    // The queue's URL carries the account id: https://sqs.<region>.amazonaws.com/<account>/<name>.
    const sqs = await target.clients.sqs();
    const { GetQueueUrlCommand } = await import("@aws-sdk/client-sqs");
    const name = queueName(target.prefix, queue.name, queue.fifo);
    const url = await awsCall(callContext(target, `finding the queue ${name}`), () =>
      sqs.send(new GetQueueUrlCommand({ QueueName: name })),
    );
    // Not `new URL()`: emulator hosts such as sqs.us-east-1.127.0.0.1 are not valid WHATWG hosts.
    accountId = /^[a-z]+:\/\/[^/]+\/([^/]+)\//.exec(url.QueueUrl ?? "")?.[1];
  }
  return {
    AWS_REGION: target.region,
    NIGHTSHIFT_ENV: target.environment,
    NIGHTSHIFT_APP: target.app,
    NIGHTSHIFT_RESOURCE_PREFIX: target.prefix,
    NIGHTSHIFT_ACCOUNT_ID: accountId,
    NIGHTSHIFT_SQS_ENDPOINT: ops.endpoints.sqs,
    NIGHTSHIFT_SCHEDULER_ENDPOINT: ops.endpoints.scheduler,
    // What infra gives producers for delays over 15 minutes (see infra/constructs/scheduling.ts).
    NIGHTSHIFT_SCHEDULER_GROUP: target.prefix,
    NIGHTSHIFT_SCHEDULER_ROLE_ARN: `arn:${partitionOf(target.region)}:iam::${accountId}:role/${target.prefix}-scheduler`,
    VERCEL: undefined,
    VERCEL_OIDC_TOKEN: undefined,
  };
}

/**
 * Sends one message through the runtime producer, exactly as app code would (schema check, size and
 * FIFO rules, long delays through the Scheduler), with the producer pointed at `target`.
 */
export async function sendMessage(
  target: OpsTarget,
  queue: ParsedQueue,
  payload: unknown,
  args: SendArgs,
  io: OpsIo,
): Promise<SendResult> {
  await checkPayload(queue, payload);
  const vars = await producerEnv(target, queue, io);
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    resetRuntimeConfig();
  };
  apply(vars);
  try {
    return await send(queue.contract, payload as never, {
      ...(args.delaySeconds !== undefined ? { delay: args.delaySeconds } : {}),
      ...(queue.fifo
        ? {
            groupId: args.groupId ?? "default",
            ...(args.dedupeId || !queue.contentBasedDeduplication ? { dedupeId: args.dedupeId ?? randomUUID() } : {}),
          }
        : {}),
    });
  } catch (error) {
    const cause = error instanceof NightshiftError && error.code === "E_SEND_FAILED" ? error.cause : undefined;
    if (cause) {
      const explained = explainAwsError(
        cause,
        callContext(target, `sending to ${queueName(target.prefix, queue.name, queue.fifo)}`),
      );
      if (explained.code !== "E_AWS") throw explained;
    }
    throw error;
  } finally {
    apply(saved);
  }
}
