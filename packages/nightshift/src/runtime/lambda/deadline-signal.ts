import { DEFAULTS } from "../../definition/defaults";

/**
 * An AbortSignal that fires `marginMs` before the invocation's deadline, so handlers can stop
 * cleanly instead of being killed mid-write. `dispose()` clears the timer when the run ends.
 */
export function deadlineSignal(
  remainingMs: number,
  marginMs: number = DEFAULTS.abortMarginMs,
): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const delay = Math.max(0, remainingMs - marginMs);
  const reason = new DOMException(
    `The function's deadline is ${marginMs} ms away; stop and let the run be retried.`,
    "TimeoutError",
  );
  const timer = setTimeout(() => controller.abort(reason), delay);
  timer.unref?.();
  return { signal: controller.signal, dispose: () => clearTimeout(timer) };
}
