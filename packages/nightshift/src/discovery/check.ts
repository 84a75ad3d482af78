import { parseDuration } from "../definition/duration";
import { NightshiftError, show } from "../errors";

/** Field checks shared by the normalizers. Each error names the file, field, value, limit and fix. */
export class FieldChecker {
  constructor(readonly file: string) {}

  fail(field: string, message: string): never {
    throw new NightshiftError("E_BAD_OPTION", `${this.file}: ${field} ${message}`);
  }

  integer(field: string, value: unknown, min: number, max: number, fix?: string): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      this.fail(field, `must be a whole number ${min}–${max} (got ${show(value)})${fix ? `; ${fix}` : ""}.`);
    }
    return value;
  }

  /** A duration option, returned in seconds and checked against [minSeconds, maxSeconds]. */
  duration(field: string, value: unknown, minSeconds: number, maxSeconds: number, fix?: string): number {
    const seconds = parseDuration(value, `${this.file}: ${field}`);
    if (seconds < minSeconds || seconds > maxSeconds) {
      this.fail(
        field,
        `must be ${describeSeconds(minSeconds)}–${describeSeconds(maxSeconds)} (got ${show(value)})${fix ? `; ${fix}` : ""}.`,
      );
    }
    return seconds;
  }

  /** `expectedDuration` (for the cost model): at most the timeout, which is also its default. */
  expectedDuration(value: unknown, minSeconds: number, timeoutSeconds: number): number {
    if (value === undefined) return timeoutSeconds;
    return this.duration("expectedDuration", value, minSeconds, timeoutSeconds, "it cannot exceed the timeout");
  }

  oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
    if (!allowed.includes(value as T)) {
      this.fail(field, `must be one of ${allowed.map((a) => `"${a}"`).join(", ")} (got ${show(value)}).`);
    }
    return value as T;
  }

  boolean(field: string, value: unknown): boolean {
    if (typeof value !== "boolean") this.fail(field, `must be true or false (got ${show(value)}).`);
    return value;
  }

  unknownKeys(field: string, value: object, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        const hint = closest(key, allowed);
        this.fail(
          `${field ? `${field}.` : ""}${key}`,
          `is not an option${hint ? ` (did you mean "${hint}"?)` : ""}; allowed: ${allowed.join(", ")}.`,
        );
      }
    }
  }
}

export function describeSeconds(seconds: number): string {
  if (seconds === 0) return "0 seconds";
  if (seconds % 86400 === 0) return `${seconds / 86400} day${seconds === 86400 ? "" : "s"}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? "" : "s"}`;
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? "" : "s"}`;
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

/** The allowed word closest to `word` by edit distance, if it is close enough to be a typo. */
export function closest(word: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of allowed) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}
