import { randomUUID } from "node:crypto";
import path from "node:path";
import type { CronEvent } from "../runtime/lambda/scheduler-input";
import type { SQSEvent } from "../runtime/lambda/types";
import type { InvocationLog, InvocationRecord, InvocationTrigger } from "./invocations";
import type { LocalCron, LocalQueue } from "./local-project";
import type { PoolOutcome, WorkerPool } from "./worker/worker-pool";

/** Runs jobs in workers and records each invocation. */
export interface Invoker {
  invokeCron(cron: LocalCron, event: CronEvent, trigger: InvocationTrigger): Promise<InvocationRecord>;
  /** `failed`: message ids to leave on the queue (everything when the invocation itself failed). */
  invokeQueue(queue: LocalQueue, event: SQSEvent): Promise<{ record: InvocationRecord; failed: Set<string> }>;
}

export function createInvoker(options: {
  root: string;
  pool: WorkerPool;
  log: InvocationLog;
  functionName: (job: string) => string;
}): Invoker {
  const { root, pool, log } = options;

  const finish = (record: InvocationRecord, outcome: PoolOutcome, started: number) => {
    record.durationMs = Date.now() - started;
    record.endedAt = new Date().toISOString();
    record.coldStart = outcome.coldStart;
    record.logs = outcome.logs;
    if (outcome.status === "error") {
      record.status = "error";
      record.error = outcome.error.stack ?? `${outcome.error.name}: ${outcome.error.message}`;
    } else if (outcome.status === "timeout") {
      record.status = "timeout";
      record.error = `Task timed out after ${(outcome.timeoutMs / 1000).toFixed(2)} seconds (the job's timeout); the worker was stopped.`;
    } else if (outcome.status === "crash" && pool.stopping) {
      record.status = "crash";
      record.error =
        "The environment stopped before the invocation finished; nothing was deleted, so it runs again on the next start.";
    } else if (outcome.status === "crash") {
      record.status = "crash";
      record.error = `The worker exited during the invocation (${outcome.signal ? `signal ${outcome.signal}` : `exit code ${outcome.exitCode}`}); a fresh worker takes the next one.`;
    }
  };

  return {
    async invokeCron(cron, event, trigger) {
      const started = Date.now();
      const record = log.start({
        id: randomUUID(),
        job: cron.name,
        kind: "cron",
        trigger,
        attempt: Number(event.attempt) || 1,
        executionId: event.executionId,
        scheduledTime: event.scheduledTime,
        startedAt: new Date(started).toISOString(),
        status: "running",
        logs: [],
      });
      const timeoutMs = cron.timeoutSeconds * 1000;
      const outcome = await pool.run(
        { kind: "cron", name: cron.name, file: path.join(root, cron.file), fifo: false, timeoutMs },
        event,
        { id: record.id, timeoutMs, functionName: options.functionName(cron.name) },
      );
      finish(record, outcome, started);
      if (outcome.status === "ok") {
        const result = outcome.response as { outcome?: string } | null;
        record.status = result?.outcome === "skipped" ? "skipped" : "ok";
      }
      log.end(record);
      return record;
    },

    async invokeQueue(queue, event) {
      const started = Date.now();
      const record = log.start({
        id: randomUUID(),
        job: queue.name,
        kind: "queue",
        trigger: "queue",
        attempt: Math.max(...event.Records.map((r) => Number(r.attributes.ApproximateReceiveCount) || 1)),
        startedAt: new Date(started).toISOString(),
        status: "running",
        messages: event.Records.map((r) => ({
          messageId: r.messageId,
          receiveCount: Number(r.attributes.ApproximateReceiveCount) || 1,
          failed: false,
        })),
        logs: [],
      });
      const timeoutMs = queue.timeoutSeconds * 1000;
      const outcome = await pool.run(
        { kind: "queue", name: queue.name, file: path.join(root, queue.handlerFile), fifo: queue.fifo, timeoutMs },
        event,
        { id: record.id, timeoutMs, functionName: options.functionName(queue.name) },
      );
      finish(record, outcome, started);
      const ids = new Set(event.Records.map((r) => r.messageId));
      let failed = new Set(ids);
      if (outcome.status === "ok") {
        const reported = readFailures(outcome.response, ids);
        if (reported) {
          failed = reported;
          record.status = failed.size === 0 ? "ok" : "partial";
          if (failed.size > 0)
            record.error = `${failed.size} of ${ids.size} messages failed and will be retried after the visibility timeout.`;
        } else {
          record.status = "error";
          record.error =
            "The handler returned an invalid batchItemFailures response (an itemIdentifier that is not in the batch); like Lambda, the whole batch counts as failed.";
        }
      }
      for (const message of record.messages ?? []) message.failed = failed.has(message.messageId);
      log.end(record);
      return { record, failed };
    },
  };
}

/** The failed ids of a `ReportBatchItemFailures` response; undefined when the response is invalid. */
function readFailures(response: unknown, ids: Set<string>): Set<string> | undefined {
  if (response === null || response === undefined) return new Set();
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return undefined;
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== "string" || !ids.has(id)) return undefined;
    failed.add(id);
  }
  return failed;
}
