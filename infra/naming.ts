import { NightshiftError } from "nightshift/internal/errors";
import { boundedName } from "nightshift/internal/runtime/names";

/** AWS name length limits, in characters, for each kind of named resource. */
export const NAME_LIMITS = {
  /** Lambda function name. */
  function: 64,
  /** IAM role name (roles are account-wide, so the app and environment are part of it). */
  role: 64,
  /** SQS queue name, `.fifo` included. */
  queue: 80,
  /** SNS topic name, `.fifo` included. */
  topic: 256,
  /** EventBridge Scheduler schedule name. */
  schedule: 64,
  /** EventBridge Scheduler schedule group name. */
  scheduleGroup: 64,
  /** CloudWatch alarm name. */
  alarm: 255,
  /** CloudWatch Logs log group name (`/aws/lambda/<function>`). */
  logGroup: 512,
} as const;

export type NamedKind = keyof typeof NAME_LIMITS;

export interface NameOptions {
  /** Kept whole at the end, before `.fifo`, e.g. `-dlq`. @default "" */
  suffix?: string;
  /** Appends `.fifo` (queues and topics), which counts toward the limit. @default false */
  fifo?: boolean;
}

export { NAME_HASH_LENGTH } from "nightshift/internal/runtime/names";

/**
 * Physical names for one environment: `<app>-<env>-<base><suffix>[.fifo]`. A name over its kind's
 * limit keeps the `<app>-<env>-` prefix and the suffix whole, cuts the base and adds `-<hash>`
 * (8 hex chars of the SHA-256 of the full name), so it stays stable and distinct. Keeping the prefix
 * whole keeps IAM ARN-prefix scoping (`<app>-<env>-*`) true for every name.
 *
 * The runtime derives queue and topic names itself (`NIGHTSHIFT_RESOURCE_PREFIX` + job name), so
 * synth validation rejects queue and topic names that would need truncating (see `fits()`).
 */
export class Naming {
  /** `<app>-<env>`: the start of every physical name in the environment. */
  readonly prefix: string;
  private readonly claimed = new Map<string, string>();

  constructor(
    readonly app: string,
    readonly environment: string,
  ) {
    this.prefix = `${app}-${environment}`;
  }

  /** The untruncated name: `<prefix>-<base><suffix>[.fifo]`. */
  full(base: string, options: NameOptions = {}): string {
    return `${this.prefix}-${base}${options.suffix ?? ""}${options.fifo ? ".fifo" : ""}`;
  }

  /** True when the untruncated name is within the kind's limit. */
  fits(kind: NamedKind, base: string, options: NameOptions = {}): boolean {
    return this.full(base, options).length <= NAME_LIMITS[kind];
  }

  /**
   * The physical name of a resource, truncated with a hash suffix when it exceeds the limit.
   * @example naming.name("queue", "send-email", { suffix: "-dlq" }) // "wordmon-pr-42-send-email-dlq"
   */
  name(kind: NamedKind, base: string, options: NameOptions = {}): string {
    const limit = NAME_LIMITS[kind];
    const tail = `${options.suffix ?? ""}${options.fifo ? ".fifo" : ""}`;
    const name = boundedName(this.prefix, base, limit, tail);
    if (name === undefined) {
      const full = this.full(base, options);
      throw new NightshiftError(
        "E_LIMIT",
        `nightshift.config.ts: app "${this.app}" with environment "${this.environment}" leaves no room for names in a ${kind} name (limit ${limit} characters, "${full}" is ${full.length}); shorten the app name or the environment name.`,
      );
    }
    return name;
  }

  /**
   * The `name()` of a resource, recorded so that no two resources of the same kind in this
   * environment share it; `owner` says who uses it in the error (`services/queue/a.ts: dead-letter queue`).
   */
  claim(kind: NamedKind, base: string, owner: string, options: NameOptions = {}): string {
    const name = this.name(kind, base, options);
    const key = `${kind}:${name}`;
    const previous = this.claimed.get(key);
    if (previous !== undefined) {
      throw new NightshiftError(
        "E_DUPLICATE_NAME",
        `${owner} needs the ${kind} name "${name}", which ${previous} already uses; rename one of the jobs.`,
      );
    }
    this.claimed.set(key, owner);
    return name;
  }

  /** The ARN-pattern tail matching every name in this environment: `<app>-<env>-*`. */
  get wildcard(): string {
    return `${this.prefix}-*`;
  }
}
