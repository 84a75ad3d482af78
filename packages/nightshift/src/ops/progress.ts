import type { OpsIo } from "./ops-io";

/** Progress of one slow operation, written to stderr once it has taken longer than a second. */
export interface Progress {
  /** Reports `done` of `total` (total unknown: undefined). Cheap to call often. */
  update(done: number, total?: number): void;
  /** Reports that it is still going, with the time elapsed only. */
  tick(): void;
  /** Ends the progress line; `summary` is printed when progress was shown or `always` is set. */
  finish(summary?: string, options?: { always?: boolean }): void;
}

export interface ProgressOptions {
  /** Nothing is shown before this much time has passed. @default 1000 */
  readonly quietMs?: number;
  /** Without a terminal, a new line is printed at most this often. @default 5000 */
  readonly lineEveryMs?: number;
}

/**
 * A progress reporter for `label` ("Moving messages"). On a terminal it redraws one line; in CI or a
 * pipe it prints a line every few seconds. Operations that finish within a second print nothing.
 */
export function createProgress(io: OpsIo, label: string, options: ProgressOptions = {}): Progress {
  const quietMs = options.quietMs ?? 1000;
  const lineEveryMs = options.lineEveryMs ?? 5000;
  const started = io.now();
  let shown = false;
  let lastLine = Number.NEGATIVE_INFINITY;
  let lastText = "";

  const render = (done: number | undefined, total?: number): string => {
    const seconds = Math.round((io.now() - started) / 1000);
    if (done === undefined) return `${label} (${seconds}s)`;
    const count = total === undefined ? `${done}` : `${done}/${total}`;
    return `${label}: ${count} (${seconds}s)`;
  };

  const show = (done: number | undefined, total?: number) => {
    const now = io.now();
    if (now - started < quietMs) return;
    const text = render(done, total);
    if (io.interactive) {
      if (text !== lastText) io.stderr(`\r${text}\x1b[K`);
    } else if (now - lastLine >= lineEveryMs) {
      io.stderr(`${text}\n`);
      lastLine = now;
    }
    lastText = text;
    shown = true;
  };

  return {
    update: (done, total) => show(done, total),
    tick: () => show(undefined),
    finish(summary, finishOptions) {
      if (shown && io.interactive) io.stderr("\r\x1b[K");
      if (summary && (shown || finishOptions?.always)) io.stderr(`${summary}\n`);
    },
  };
}

/**
 * Waits for `work`, showing `label (Ns)` every second once it has taken over a second (a timer drives
 * the ticks; the elapsed time comes from `io.now`).
 */
export async function withProgress<T>(io: OpsIo, label: string, work: Promise<T>): Promise<T> {
  const progress = createProgress(io, label);
  const timer = setInterval(() => progress.tick(), 1000);
  timer.unref();
  try {
    return await work;
  } finally {
    clearInterval(timer);
    progress.finish();
  }
}
