/**
 * Messages between the local environment and a worker process. Parent → worker goes over the IPC
 * channel; worker → parent goes over stdout as marker lines, so the handler's own output and the
 * result share one ordered stream and no log line arrives after its invocation ended.
 */

/** Which Lambda adapter a worker loads. */
export interface WorkerJob {
  readonly kind: "cron" | "queue";
  readonly name: string;
  /** Absolute path of the cron file or the queue's `.handler.ts`. */
  readonly file: string;
  readonly fifo: boolean;
  /** The function's configured timeout (the cron adapter sizes overlap leases from it). */
  readonly timeoutMs: number;
}

export type ParentMessage =
  | { readonly type: "load"; readonly job: WorkerJob }
  | {
      readonly type: "invoke";
      readonly id: string;
      readonly event: unknown;
      /** Epoch ms when the parent kills the invocation; the context's remaining time counts down to it. */
      readonly deadline: number;
      readonly functionName: string;
    };

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

export type WorkerMessage =
  | { readonly type: "loaded" }
  | { readonly type: "load-failed"; readonly error: SerializedError }
  | { readonly type: "result"; readonly id: string; readonly ok: true; readonly response: unknown }
  | { readonly type: "result"; readonly id: string; readonly ok: false; readonly error: SerializedError };

/** Starts a control line on the worker's stdout; never appears in ordinary output. */
export const MARKER = "\u001eNIGHTSHIFT\u001f";

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: "Error", message: typeof error === "string" ? error : (JSON.stringify(error) ?? String(error)) };
}
