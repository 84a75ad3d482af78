/**
 * Entry of a worker process: like one Lambda instance, it loads one job through tsx and runs one
 * invocation at a time with the same adapter (`createCronHandler` / `createQueueHandler`) that runs
 * in AWS. It exits when the environment that forked it goes away.
 */
import { writeSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { CronDefinition } from "../../definition/cron";
import type { QueueHandlerDefinition } from "../../definition/handle";
import { createCronHandler, createQueueHandler, type LambdaContext } from "../../runtime/lambda/index";
import { MARKER, type ParentMessage, serializeError, type WorkerMessage } from "./protocol";

type Handler = (event: never, context: LambdaContext) => Promise<unknown>;
let handler: Handler | undefined;

/** Synchronous, so a result written just before `process.exit` still reaches the parent. */
function reply(message: WorkerMessage): void {
  writeSync(1, `\n${MARKER}${JSON.stringify(message)}\n`);
}

async function load(job: Extract<ParentMessage, { type: "load" }>["job"]): Promise<void> {
  try {
    const module = (await import(pathToFileURL(job.file).href)) as { default?: unknown };
    const definition = module.default;
    if (!definition || typeof definition !== "object") throw new Error(`${job.file} has no default export`);
    handler = (
      job.kind === "cron"
        ? createCronHandler(definition as CronDefinition, { name: job.name, timeoutMs: job.timeoutMs })
        : createQueueHandler(definition as QueueHandlerDefinition, { name: job.name, fifo: job.fifo })
    ) as Handler;
    reply({ type: "loaded" });
  } catch (error) {
    reply({ type: "load-failed", error: serializeError(error) });
  }
}

async function invoke(message: Extract<ParentMessage, { type: "invoke" }>): Promise<void> {
  const context: LambdaContext & Record<string, unknown> = {
    awsRequestId: message.id,
    functionName: message.functionName,
    getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
  };
  try {
    if (!handler) throw new Error("the worker received an invocation before its job was loaded");
    const response = await handler(message.event as never, context);
    reply({ type: "result", id: message.id, ok: true, response: response ?? null });
  } catch (error) {
    reply({ type: "result", id: message.id, ok: false, error: serializeError(error) });
  }
}

process.on("message", (message: ParentMessage) => {
  if (message.type === "load") void load(message.job);
  else if (message.type === "invoke") void invoke(message);
});
// Like Lambda, an error that escapes the handler's promise chain ends the instance; the parent
// counts the invocation as failed and starts a fresh worker.
process.on("uncaughtException", (error) => {
  process.stderr.write(`Uncaught exception: ${error?.stack ?? String(error)}\n`);
  process.exit(129);
});
process.on("unhandledRejection", (error) => {
  process.stderr.write(`Unhandled promise rejection: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(128);
});
process.on("disconnect", () => process.exit(0));
// Ctrl-C reaches every process in the terminal's foreground group. The environment decides when a
// worker stops (after the shutdown grace period), so a running invocation is not cut short here.
process.on("SIGINT", () => {});
