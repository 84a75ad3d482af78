import { randomUUID } from "node:crypto";
import type { ParsedCron } from "../discovery/types";
import { awsCall } from "./aws-errors";
import { cronEvent } from "./cron-event";
import { functionName, scheduleName } from "./deployed-names";
import type { OpsIo } from "./ops-io";
import { callContext } from "./queue-address";
import type { AwsTarget } from "./target";

/** What invoking a deployed cron gave. */
export interface CronInvocation {
  readonly functionName: string;
  readonly executionId: string;
  /** `started`: accepted for an asynchronous run; `ok` / `error`: the run finished (`--wait`). */
  readonly outcome: "started" | "ok" | "error";
  /** The handler's result, or Lambda's error payload (`errorType`, `errorMessage`, `trace`). */
  readonly result?: unknown;
  /** The end of the run's log (Lambda returns its last 4 KB), one entry per line. */
  readonly logTail: readonly string[];
}

/**
 * Runs a deployed cron now, invoking its function with exactly the payload its schedule sends.
 * Without `wait`: an asynchronous invoke (InvocationType Event), the way Scheduler does it, so
 * Lambda's retries and failure destination apply. With `wait`: a synchronous invoke that returns
 * the outcome and the log tail (no retries).
 */
export async function invokeDeployedCron(
  target: AwsTarget,
  cron: ParsedCron,
  io: OpsIo,
  options: { wait: boolean },
): Promise<CronInvocation> {
  const name = functionName(target.prefix, cron.name);
  const executionId = `manual-${randomUUID()}`;
  const event = cronEvent(cron.name, scheduleName(target.prefix, cron.name), new Date(io.now()), executionId);
  const lambda = await target.clients.lambda();
  const { InvokeCommand } = await import("@aws-sdk/client-lambda");
  const response = await awsCall(callContext(target, `invoking ${name}`), () =>
    lambda.send(
      new InvokeCommand({
        FunctionName: name,
        InvocationType: options.wait ? "RequestResponse" : "Event",
        ...(options.wait ? { LogType: "Tail" } : {}),
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      }),
      io.signal ? { abortSignal: io.signal } : {},
    ),
  );
  if (!options.wait) return { functionName: name, executionId, outcome: "started", logTail: [] };
  const text = response.Payload ? new TextDecoder().decode(response.Payload) : "";
  let result: unknown = text;
  try {
    result = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text.
  }
  const logTail = response.LogResult
    ? Buffer.from(response.LogResult, "base64")
        .toString("utf8")
        .split("\n")
        .filter((line) => line.length > 0)
    : [];
  return { functionName: name, executionId, outcome: response.FunctionError ? "error" : "ok", result, logTail };
}
