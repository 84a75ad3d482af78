import type postgres from "postgres";
import { NightshiftError } from "../errors";
import type { Once } from "./context";
import type { Logger } from "./logger";

/**
 * `ctx.once(key?, fn)`: runs `fn` at most once per key, even when a message is delivered twice or a
 * cron run is retried. Backed by the `nightshift_once` table:
 *
 * 1. Claim the key: insert a `running` row locked until the function's deadline, or take over a claim
 *    whose lock has expired (its worker died). A key already `done` is never claimed again.
 * 2. Run `fn`, then store its result (JSON) and mark the key `done`.
 * 3. A later call with the same key returns the stored result without running `fn`.
 * 4. If another live worker holds the claim, throw `E_ONCE_BUSY`: the message fails and SQS
 *    redelivers it after the visibility timeout, when the other worker has finished.
 *
 * If `fn` throws, the claim is released so the retry can run it again.
 */
export interface OnceOptions {
  /** The job the keys belong to; keys are namespaced as `<job>:<key>`. */
  readonly job: string;
  /** Used when `once(fn)` is called without a key: the message id, or the cron's execution id. */
  readonly defaultKey: string;
  /** How long a claim holds before another worker may take it over (the time left in the invocation). */
  readonly lockMs: () => number;
  /** The Postgres client, loaded on first use so a job that never calls `once` never loads it. */
  readonly sql: () => Promise<postgres.Sql>;
  readonly log: Logger;
}

interface OnceRow {
  status: string;
  result: unknown;
  locked_until: string | null;
}

export function createOnce(options: OnceOptions): Once {
  return async <T>(keyOrFn: string | (() => Promise<T>), maybeFn?: () => Promise<T>): Promise<T> => {
    const [userKey, fn] = typeof keyOrFn === "function" ? [options.defaultKey, keyOrFn] : [keyOrFn, maybeFn];
    if (typeof fn !== "function") {
      throw new NightshiftError(
        "E_USAGE",
        `ctx.once(${JSON.stringify(userKey)}, fn) in ${options.job} needs a function as its last argument (got ${typeof fn}); write ctx.once("key", async () => { ... }).`,
      );
    }
    const key = `${options.job}:${userKey}`;
    const sql = await options.sql();
    const lockMs = Math.max(1000, Math.ceil(options.lockMs()));

    const claimed = await sql<{ token: string }[]>`
      INSERT INTO nightshift_once (key, job, status, locked_until)
      VALUES (${key}, ${options.job}, 'running', now() + ${lockMs}::int * interval '1 millisecond')
      ON CONFLICT (key) DO UPDATE
        SET status = 'running', locked_until = excluded.locked_until
        WHERE nightshift_once.status <> 'done'
          AND (nightshift_once.locked_until IS NULL OR nightshift_once.locked_until < now())
      RETURNING locked_until::text AS token`;
    const token = claimed[0]?.token;

    if (token === undefined) {
      const [row] = await sql<OnceRow[]>`
        SELECT status, result, locked_until::text AS locked_until FROM nightshift_once WHERE key = ${key}`;
      if (row?.status === "done") {
        options.log.info("once: already done, returning the stored result", { onceKey: key });
        return (row.result ?? undefined) as T;
      }
      throw new NightshiftError(
        "E_ONCE_BUSY",
        `ctx.once(${JSON.stringify(userKey)}) in ${options.job} is running in another worker (claimed until ${row?.locked_until ?? "unknown"}). This attempt fails so the message is retried after that worker finishes; nothing was run twice.`,
      );
    }

    let result: T;
    try {
      result = await fn();
    } catch (error) {
      // Release our claim (and only ours) so the retry can run fn again.
      await sql`
        UPDATE nightshift_once SET locked_until = NULL, status = 'failed'
        WHERE key = ${key} AND status = 'running' AND locked_until = ${token}::timestamptz`.catch(() => {});
      throw error;
    }

    const stored = result === undefined ? null : sql.json(toJson(result, key));
    const updated = await sql`
      UPDATE nightshift_once
      SET status = 'done', result = ${stored}, completed_at = now(), locked_until = NULL
      WHERE key = ${key} AND status <> 'done'`;
    if (updated.count === 0) {
      options.log.warn("once: the key was completed by another worker while this one ran", { onceKey: key });
    }
    return result;
  };
}

function toJson(value: unknown, key: string): postgres.JSONValue {
  try {
    return JSON.parse(JSON.stringify(value)) as postgres.JSONValue;
  } catch (error) {
    throw new NightshiftError(
      "E_USAGE",
      `ctx.once(${JSON.stringify(key)}) returned a value that is not JSON-serializable, so it cannot be stored; return plain data (or nothing).`,
      { cause: error },
    );
  }
}
