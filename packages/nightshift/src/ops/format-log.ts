/** Fields a Nightshift log line always has; the formatted line shows them in its own way. */
const SHOWN = new Set(["time", "timestamp", "level", "message", "job", "executionId", "requestId"]);

/**
 * One CloudWatch log line for the terminal: Nightshift's JSON lines as `time level message {fields}`,
 * Lambda's JSON platform lines (start, report) as one short line, anything else as it is.
 * @example formatLogLine('{"time":"2026-12-03T09:00:00.000Z","level":"info","message":"sent","to":"a@b.c"}')
 * // "2026-12-03T09:00:00.000Z info  sent {"to":"a@b.c"}"
 */
export function formatLogLine(text: string): string {
  const line = text.replace(/\n$/, "");
  if (!line.startsWith("{")) return line;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = String(json.time ?? json.timestamp ?? "");
  if (typeof json.type === "string" && json.type.startsWith("platform.")) {
    const record = (json.record ?? {}) as Record<string, unknown>;
    const metrics = (record.metrics ?? {}) as Record<string, unknown>;
    if (json.type === "platform.report") {
      const parts = [
        `duration ${metrics.durationMs ?? "?"} ms`,
        `billed ${metrics.billedDurationMs ?? "?"} ms`,
        `memory ${metrics.maxMemoryUsedMB ?? "?"}/${metrics.memorySizeMB ?? "?"} MB`,
        ...(metrics.initDurationMs !== undefined ? [`init ${metrics.initDurationMs} ms`] : []),
        ...(record.status && record.status !== "success" ? [`status ${record.status}`] : []),
      ];
      return `${time} REPORT ${parts.join(", ")}`;
    }
    return `${time} ${json.type.slice("platform.".length).toUpperCase()}${record.requestId ? ` ${record.requestId}` : ""}`;
  }
  if (typeof json.message !== "string" && typeof json.level !== "string") return line;
  const extra = Object.fromEntries(Object.entries(json).filter(([key]) => !SHOWN.has(key)));
  // An error's stack goes on its own indented lines rather than inside the JSON.
  const error = extra.error as { stack?: unknown } | undefined;
  let stack = "";
  if (error && typeof error === "object" && typeof error.stack === "string") {
    const { stack: text, ...rest } = error;
    extra.error = rest;
    stack = `\n${(text as string)
      .split("\n")
      .slice(1)
      .map((frame) => `    ${frame.trim()}`)
      .join("\n")}`;
  }
  const fields = Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : "";
  return `${time} ${String(json.level ?? "log").padEnd(5)} ${String(json.message ?? "")}${fields}${stack}`;
}
