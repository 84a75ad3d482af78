import { type ChildProcess, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath, pathToFileURL } from "node:url";
import { packageFile } from "../package-file";
import { MARKER, type ParentMessage, type SerializedError, type WorkerJob, type WorkerMessage } from "./protocol";

/** One line a handler printed. `json` is set when the line is a JSON object (the runtime logger's lines). */
export interface LogLine {
  readonly stream: "stdout" | "stderr";
  readonly text: string;
  readonly json?: Record<string, unknown>;
}

/** How one invocation in a worker ended. Anything but `ok` is a failed invocation, as in Lambda. */
export type WorkerOutcome =
  | { readonly status: "ok"; readonly response: unknown; readonly logs: LogLine[] }
  | { readonly status: "error"; readonly error: SerializedError; readonly logs: LogLine[] }
  | { readonly status: "timeout"; readonly timeoutMs: number; readonly logs: LogLine[] }
  | {
      readonly status: "crash";
      readonly exitCode: number | null;
      readonly signal: string | null;
      readonly logs: LogLine[];
    };

/** Loading a job failed (syntax error, throwing import, no default export). */
export class WorkerLoadError extends Error {
  constructor(
    message: string,
    readonly logs: LogLine[],
  ) {
    super(message);
    this.name = "WorkerLoadError";
  }
}

export interface WorkerSpawnOptions {
  /** The whole environment of the worker (the parent's is not inherited beyond this). */
  readonly env: Record<string, string | undefined>;
  readonly cwd: string;
  /**
   * How long loading the job may take. Lambda allows 10 s for init, but it loads a prebuilt bundle;
   * here tsx compiles the job's TypeScript on a cold start, and many workers may start at once on a
   * laptop, so the limit is looser. A slower load fails the invocation. @default 30000
   */
  readonly initTimeoutMs?: number;
}

const WORKER_MAIN = fileURLToPath(new URL("./worker-main.ts", import.meta.url));

function parseLine(stream: LogLine["stream"], text: string): LogLine {
  if (text.startsWith("{")) {
    try {
      const json = JSON.parse(text) as unknown;
      if (json && typeof json === "object" && !Array.isArray(json))
        return { stream, text, json: json as Record<string, unknown> };
    } catch {
      // not JSON: keep as text
    }
  }
  return { stream, text };
}

/**
 * A child process that runs one job's invocations one at a time, like a Lambda instance. A timeout
 * kills it; a crash or `process.exit` ends only the invocation that was running.
 */
export class WorkerProcess {
  readonly child: ChildProcess;
  private logs: LogLine[] = [];
  private pending:
    | ((message: WorkerMessage | { type: "exit"; code: number | null; signal: string | null }) => void)
    | undefined;
  private closed = false;
  private exit: { code: number | null; signal: string | null } | undefined;
  busy = false;

  private constructor(
    readonly job: WorkerJob,
    options: WorkerSpawnOptions,
  ) {
    const tsx = pathToFileURL(packageFile("tsx", "dist/loader.mjs")).href;
    this.child = fork(WORKER_MAIN, [], {
      cwd: options.cwd,
      env: options.env,
      execArgv: ["--import", tsx, "--enable-source-maps"],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "advanced",
      // Its own process group: the terminal's Ctrl-C reaches only the environment, which lets running
      // invocations finish before it stops the workers. A worker exits when its IPC channel closes,
      // so none outlives the environment.
      detached: true,
    });
    this.readLines(this.child.stdout, "stdout");
    this.readLines(this.child.stderr, "stderr");
    this.child.on("exit", (code, signal) => {
      this.exit = { code, signal };
    });
    this.child.on("close", (code, signal) => {
      this.closed = true;
      this.exit ??= { code, signal };
      this.pending?.({ type: "exit", ...this.exit });
    });
    this.child.on("error", () => {
      // spawn failures surface as exit/close
    });
  }

  /** Forks a worker and loads the job; rejects with `WorkerLoadError` if the job cannot load. */
  static async spawn(job: WorkerJob, options: WorkerSpawnOptions): Promise<WorkerProcess> {
    const worker = new WorkerProcess(job, options);
    const initTimeoutMs = options.initTimeoutMs ?? 30_000;
    const answer = await worker.exchange({ type: "load", job }, initTimeoutMs);
    const logs = worker.takeLogs();
    if (answer.type === "loaded") return worker;
    worker.kill();
    if (answer.type === "load-failed")
      throw new WorkerLoadError(`${job.file} failed to load: ${answer.error.stack ?? answer.error.message}`, logs);
    if (answer.type === "timeout")
      throw new WorkerLoadError(
        `${job.file} took longer than ${initTimeoutMs} ms to load; move slow work out of module top level (Lambda's init limit is 10 s)`,
        logs,
      );
    const how =
      answer.type === "exit" ? (answer.signal ? `signal ${answer.signal}` : `exit code ${answer.code}`) : "unknown";
    throw new WorkerLoadError(`the worker for ${job.name} exited while loading ${job.file} (${how})`, logs);
  }

  get alive(): boolean {
    return !this.closed && this.exit === undefined;
  }

  /** Runs one invocation; kills the worker if it outlives `timeoutMs`. Never rejects. */
  async invoke(
    event: unknown,
    options: { id?: string; timeoutMs: number; functionName: string },
  ): Promise<WorkerOutcome> {
    const id = options.id ?? randomUUID();
    this.busy = true;
    try {
      const answer = await this.exchange(
        { type: "invoke", id, event, deadline: Date.now() + options.timeoutMs, functionName: options.functionName },
        options.timeoutMs,
      );
      const logs = this.takeLogs();
      if (answer.type === "result") {
        return answer.ok
          ? { status: "ok", response: answer.response, logs }
          : { status: "error", error: answer.error, logs };
      }
      if (answer.type === "timeout") return { status: "timeout", timeoutMs: options.timeoutMs, logs };
      const exit = answer.type === "exit" ? answer : { code: null, signal: null };
      return { status: "crash", exitCode: exit.code, signal: exit.signal, logs };
    } finally {
      this.busy = false;
    }
  }

  /** Stops the worker at once (SIGKILL): used on timeout, reload and shutdown. */
  kill(): void {
    if (this.alive) this.child.kill("SIGKILL");
  }

  /** Resolves once the process and its pipes are closed. */
  whenClosed(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.child.once("close", () => resolve()));
  }

  private takeLogs(): LogLine[] {
    const logs = this.logs;
    this.logs = [];
    return logs;
  }

  private exchange(
    message: ParentMessage,
    timeoutMs: number,
  ): Promise<WorkerMessage | { type: "exit"; code: number | null; signal: string | null } | { type: "timeout" }> {
    return new Promise((resolve) => {
      if (!this.alive) {
        resolve({ type: "exit", code: this.exit?.code ?? null, signal: this.exit?.signal ?? null });
        return;
      }
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        this.kill();
      }, timeoutMs);
      this.pending = (answer) => {
        clearTimeout(timer);
        this.pending = undefined;
        // A killed worker's pipes drain before "close", so its last lines are kept.
        resolve(timedOut ? { type: "timeout" } : answer);
      };
      this.child.send(message, (error) => {
        if (error) this.kill();
      });
    });
  }

  private readLines(stream: NodeJS.ReadableStream | null, name: LogLine["stream"]): void {
    if (!stream) return;
    let buffer = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      buffer += chunk;
      let newline = buffer.indexOf("\n");
      while (newline >= 0) {
        this.onLine(name, buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf("\n");
      }
    });
    stream.on("end", () => {
      if (buffer) this.onLine(name, buffer);
      buffer = "";
    });
  }

  private onLine(stream: LogLine["stream"], line: string): void {
    const at = stream === "stdout" ? line.indexOf(MARKER) : -1;
    const text = (at >= 0 ? line.slice(0, at) : line).replace(/\r$/, "");
    if (text.trim()) this.logs.push(parseLine(stream, text));
    if (at < 0) return;
    let message: WorkerMessage;
    try {
      message = JSON.parse(line.slice(at + MARKER.length)) as WorkerMessage;
    } catch {
      return;
    }
    this.pending?.(message);
  }
}
