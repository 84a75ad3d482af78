import pc from "picocolors";
import type { InvocationRecord } from "./invocations";
import type { LogLine } from "./worker/worker-process";

/** Fields every runtime log line carries; the header already shows them. */
const HIDDEN_FIELDS = new Set(["time", "level", "message", "job", "executionId", "requestId"]);

const STATUS_LABEL: Record<InvocationRecord["status"], (text: string) => string> = {
  running: pc.dim,
  ok: pc.green,
  skipped: pc.yellow,
  partial: pc.yellow,
  error: pc.red,
  timeout: pc.red,
  crash: pc.red,
};

const STATUS_MARK: Record<InvocationRecord["status"], string> = {
  running: "…",
  ok: "✓",
  skipped: "↷",
  partial: "!",
  error: "✗",
  timeout: "⏱",
  crash: "✗",
};

function clockTime(iso: string): string {
  return new Date(iso).toTimeString().slice(0, 8);
}

function levelColor(level: unknown): (text: string) => string {
  if (level === "error") return pc.red;
  if (level === "warn") return pc.yellow;
  if (level === "debug") return pc.dim;
  return pc.cyan;
}

/** Stack frames shown under a logged error; the dashboard shows all of them. */
const STACK_LINES = 4;

/** One handler log line (plus an error's first stack frames), indented under its invocation. */
export function formatLogLine(line: LogLine): string {
  const bar = pc.dim("   │ ");
  if (!line.json) return `${bar}${line.stream === "stderr" ? pc.red(line.text) : line.text}`;
  const { level, message, messageId, attempt: _attempt, error, ...rest } = line.json;
  const extra = Object.fromEntries(Object.entries(rest).filter(([key]) => !HIDDEN_FIELDS.has(key)));
  const fields = Object.keys(extra).length > 0 ? ` ${pc.dim(JSON.stringify(extra))}` : "";
  const id = typeof messageId === "string" ? `${pc.dim(`[${messageId.slice(0, 8)}]`)} ` : "";
  const lines = [`${bar}${levelColor(level)(String(level ?? "log").padEnd(5))} ${id}${String(message ?? "")}${fields}`];
  if (error && typeof error === "object") {
    const { message: errorMessage, stack } = error as { message?: unknown; stack?: unknown };
    lines[0] += ` ${pc.red(String(errorMessage ?? JSON.stringify(error)))}`;
    if (typeof stack === "string") {
      for (const frame of stack.split("\n").slice(1, 1 + STACK_LINES))
        lines.push(`${bar}${pc.dim(`      ${frame.trim()}`)}`);
    }
  } else if (error !== undefined) {
    lines[0] += ` ${pc.red(String(error))}`;
  }
  return lines.join("\n");
}

/**
 * The invocation as terminal lines: one coloured header (time, kind, job, outcome, duration, detail)
 * followed by the handler's own lines, grouped and indented.
 */
export function formatInvocation(record: InvocationRecord): string[] {
  const color = STATUS_LABEL[record.status];
  const kind = record.kind === "cron" ? pc.magenta("cron ") : pc.blue("queue");
  const details: string[] = [];
  if (record.kind === "cron") {
    details.push(record.trigger === "schedule" ? `scheduled ${record.scheduledTime ?? ""}` : record.trigger);
    if (record.attempt > 1) details.push(`attempt ${record.attempt}`);
  } else {
    const count = record.messages?.length ?? 0;
    const failed = record.messages?.filter((m) => m.failed).length ?? 0;
    details.push(`${count} message${count === 1 ? "" : "s"}${failed ? `, ${failed} failed` : ""}`);
    if (record.attempt > 1) details.push(`receive ${record.attempt}`);
  }
  if (record.coldStart) details.push("cold start");
  const header = [
    pc.dim(clockTime(record.endedAt ?? record.startedAt)),
    kind,
    pc.bold(record.job),
    color(`${STATUS_MARK[record.status]} ${record.status}`),
    pc.dim(`${record.durationMs ?? 0} ms`),
    pc.dim(details.join(", ")),
  ].join("  ");
  const lines = [header, ...record.logs.map(formatLogLine)];
  if (
    record.error &&
    record.status !== "partial" &&
    !record.logs.some((l) => l.text.includes(record.error?.split("\n")[0] ?? "\u0000"))
  ) {
    lines.push(
      ...record.error
        .split("\n")
        .slice(0, 6)
        .map((text) => `${pc.dim("   │ ")}${pc.red(text)}`),
    );
  }
  return lines;
}

/** Prints every finished invocation to `write` (stdout by default). */
export function printInvocation(
  record: InvocationRecord,
  write: (text: string) => void = (t) => process.stdout.write(t),
): void {
  write(`${formatInvocation(record).join("\n")}\n`);
}
