import { createInterface } from "node:readline/promises";
import { setTimeout as delay } from "node:timers/promises";

/**
 * Everything an operations command touches outside its arguments: where it runs, its environment,
 * its output, the clock and the terminal. Commands build it with `processIo()`; tests pass their own,
 * so nothing reads `process` behind their back.
 */
export interface OpsIo {
  /** Folder the command runs in; the project root is found at or above it. */
  readonly cwd: string;
  /** Environment variables (credentials, endpoint overrides, `AWS_REGION`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Results: what a script would pipe on. */
  readonly stdout: (text: string) => void;
  /** Progress, logs and notes for the person at the terminal. */
  readonly stderr: (text: string) => void;
  /** True when stderr is a terminal: progress then redraws one line instead of printing many. */
  readonly interactive: boolean;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Waits `ms`, or less when `signal` aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Asks a yes/no question; resolves false when nobody can answer (no terminal). */
  readonly confirm: (question: string) => Promise<boolean>;
  /** Aborts `--follow` loops (Ctrl-C). */
  readonly signal?: AbortSignal;
}

/** The real process: cwd, env, stdout/stderr, wall clock, a terminal prompt, Ctrl-C. */
export function processIo(): OpsIo {
  const controller = new AbortController();
  // The first Ctrl-C stops gracefully (a redrive finishes the message it is moving, --follow ends);
  // a second one exits at once.
  process.on("SIGINT", () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  });
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    interactive: Boolean(process.stderr.isTTY),
    now: () => Date.now(),
    sleep: (ms, signal) => delay(ms, undefined, { signal }).catch(() => undefined),
    confirm: async (question) => {
      if (!process.stdin.isTTY) return false;
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await rl.question(`${question} [y/N] `);
        return /^y(es)?$/i.test(answer.trim());
      } finally {
        rl.close();
      }
    },
    signal: controller.signal,
  };
}
