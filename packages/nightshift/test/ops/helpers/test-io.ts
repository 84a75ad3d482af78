import type { OpsIo } from "../../../src/ops/ops-io";

export interface CapturedOutput {
  stdout(): string;
  stderr(): string;
}

export interface TestIoOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** Each call to now() advances the clock by this much (ms). @default 0 */
  tickMs?: number;
  /** Start of the clock. @default 2027-01-04T00:00:00Z */
  startMs?: number;
  interactive?: boolean;
  /** Answer to every confirmation question. @default false */
  confirm?: boolean;
  signal?: AbortSignal;
}

/**
 * An OpsIo for tests: output captured, a clock that moves only when read (by `tickMs`), sleeps that
 * advance that clock instead of waiting, and a scripted answer to confirmations.
 */
export function testIo(options: TestIoOptions): {
  io: OpsIo;
  out: CapturedOutput;
  questions: string[];
  clock: { now: number };
} {
  let stdout = "";
  let stderr = "";
  const questions: string[] = [];
  const clock = { now: options.startMs ?? Date.parse("2027-01-04T00:00:00Z") };
  const io: OpsIo = {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    interactive: options.interactive ?? false,
    now: () => {
      const value = clock.now;
      clock.now += options.tickMs ?? 0;
      return value;
    },
    sleep: async (ms) => {
      clock.now += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
    confirm: async (question) => {
      questions.push(question);
      return options.confirm ?? false;
    },
    ...(options.signal ? { signal: options.signal } : {}),
  };
  return { io, out: { stdout: () => stdout, stderr: () => stderr }, questions, clock };
}
