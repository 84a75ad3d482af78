import { createHash } from "node:crypto";
import { type RuntimeConfig, requireConfig } from "./config";

/** Characters of the stable hash that replaces a truncated tail. */
export const NAME_HASH_LENGTH = 8;

/**
 * `<prefix>-<base><tail>` within `limit` characters. A name over the limit keeps the prefix and the
 * tail (`-dlq`, `.fifo`) whole, cuts the base and adds `-<hash>` (the first 8 hex characters of the
 * SHA-256 of the full name), so it stays stable and distinct. Undefined when the prefix and tail
 * leave no room. Infra deploys with this rule and the CLI finds deployed resources with it.
 * @example boundedName("wordmon-pr-42", "check-mentions", 64) // "wordmon-pr-42-check-mentions"
 */
export function boundedName(prefix: string, base: string, limit: number, tail = ""): string | undefined {
  const full = `${prefix}-${base}${tail}`;
  if (full.length <= limit) return full;
  const room = limit - prefix.length - 1 - tail.length - 1 - NAME_HASH_LENGTH;
  if (room < 1) return undefined;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, NAME_HASH_LENGTH);
  return `${prefix}-${base.slice(0, room).replace(/-+$/, "")}-${hash}${tail}`;
}

/**
 * Physical name of a job's queue or topic: `<prefix>-<job>`, with `.fifo` for FIFO. Infra names
 * resources with this same function, so the runtime never needs an env var per queue.
 * @example physicalName("wordmon-pr-42", "send-email", { fifo: false }) // "wordmon-pr-42-send-email"
 */
export function physicalName(prefix: string, job: string, options: { fifo: boolean }): string {
  return `${prefix}-${job}${options.fifo ? ".fifo" : ""}`;
}

/** The ARN partition of a region: `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** Where a queue or topic lives, resolved from the configuration. */
export interface ResourceAddress {
  readonly physicalName: string;
  readonly region: string;
  readonly accountId: string;
}

function address(config: RuntimeConfig, job: string, fifo: boolean, neededFor: string): ResourceAddress {
  return {
    physicalName: physicalName(requireConfig(config, "resourcePrefix", neededFor), job, { fifo }),
    region: requireConfig(config, "region", neededFor),
    accountId: requireConfig(config, "accountId", neededFor),
  };
}

/**
 * A queue's URL. In AWS: `https://sqs.<region>.amazonaws.com/<account>/<name>`. Locally, the
 * emulator's convention (fauxqs 1.9.2 stores queues under `http://sqs.<region>.<host>:<port>/<account>/<name>`,
 * host `localhost` by default), built from `NIGHTSHIFT_SQS_ENDPOINT`: start fauxqs with `host` equal to
 * the endpoint's host name.
 */
export function queueUrl(config: RuntimeConfig, job: string, fifo: boolean): string {
  const at = address(config, job, fifo, `the queue "${job}"`);
  const endpoint = config.endpoints.sqs;
  if (endpoint) {
    const url = new URL(endpoint);
    return `${url.protocol}//sqs.${at.region}.${url.host}/${at.accountId}/${at.physicalName}`;
  }
  const suffix = partitionOf(at.region) === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
  return `https://sqs.${at.region}.${suffix}/${at.accountId}/${at.physicalName}`;
}

/** A queue's ARN: `arn:aws:sqs:<region>:<account>:<name>`. */
export function queueArn(config: RuntimeConfig, job: string, fifo: boolean): string {
  const at = address(config, job, fifo, `the queue "${job}"`);
  return `arn:${partitionOf(at.region)}:sqs:${at.region}:${at.accountId}:${at.physicalName}`;
}

/** A topic's ARN: `arn:aws:sns:<region>:<account>:<name>`. */
export function topicArn(config: RuntimeConfig, job: string, fifo: boolean): string {
  const at = address(config, job, fifo, `the topic "${job}"`);
  return `arn:${partitionOf(at.region)}:sns:${at.region}:${at.accountId}:${at.physicalName}`;
}
