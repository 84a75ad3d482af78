/** Structured JSON logger handed to every run and message handler as `ctx.log`. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger whose lines also carry `fields`. */
  child(fields: Record<string, unknown>): Logger;
}

export type LogLevel = "debug" | "info" | "warn" | "error";

export type LogSink = (line: Record<string, unknown>) => void;

/** Lambda's JSON log format picks up one JSON object per line on stdout. */
export const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${JSON.stringify(line, errorReplacer)}\n`);
};

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

export function createLogger(
  base: Record<string, unknown>,
  sink: LogSink = stdoutSink,
  now: () => Date = () => new Date(),
): Logger {
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>) =>
    sink({ time: now().toISOString(), level, message, ...base, ...fields });
  return {
    debug: (message, fields) => write("debug", message, fields),
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
    child: (fields) => createLogger({ ...base, ...fields }, sink, now),
  };
}
