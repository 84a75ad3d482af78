import path from "node:path";

/**
 * A definition does not know its own name when `cron()`/`queue()` runs: the name is the file name.
 * Discovery and the bundlers set it; in unbundled code (tsx, vitest, the CLI) it is read from the
 * stack of the defining call. Bundlers prepend a marker statement to each job module, which the
 * definition call reads, because a bundled stack no longer shows file names.
 */
export const DEFINING_FILE = Symbol.for("nightshift.definingFile");
export const JOB_NAME = Symbol.for("nightshift.jobName");
export const DEFINED_AT = Symbol.for("nightshift.definedAt");

export interface Nameable {
  [JOB_NAME]?: string;
  [DEFINED_AT]?: string;
}

type Marked = typeof globalThis & { [DEFINING_FILE]?: string };

/** The path of the file whose module body is calling a definition function, if it can be known. */
export function definingFile(): string | undefined {
  const marked = (globalThis as Marked)[DEFINING_FILE];
  if (marked) return marked;
  const stack = new Error().stack?.split("\n") ?? [];
  for (const line of stack.slice(1)) {
    const match = /(?:\(|at )((?:file:\/\/)?[^()\s]+?\.[cm]?[jt]sx?)(?::\d+)*\)?\s*$/.exec(line.trim());
    const file = match?.[1];
    if (!file) continue;
    const normalized = file.startsWith("file://") ? new URL(file).pathname : file;
    if (/[\\/]services[\\/](cron|queue|topic)[\\/]/.test(normalized)) return normalized;
  }
  return undefined;
}

/** Job name from a file path: `services/queue/send-email.handler.ts` → `send-email`. */
export function nameFromFile(file: string): string {
  return path
    .basename(file)
    .replace(/\.handler\.[cm]?[jt]sx?$/, "")
    .replace(/\.[cm]?[jt]sx?$/, "");
}

export function attachName(target: Nameable): void {
  const file = definingFile();
  if (file) {
    target[DEFINED_AT] = file;
    target[JOB_NAME] = nameFromFile(file);
  }
}
