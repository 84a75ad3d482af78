/**
 * The wall clock and timers of the local environment. The scheduler and cron retries take one, so
 * tests drive them with a fake clock instead of waiting.
 */
export interface LocalClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` once `ms` from now; returns a handle for `clearTimer`. */
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** Node's timers cap a delay at 2^31-1 ms (~24.8 days); longer waits are re-armed in steps. */
export const MAX_TIMER_MS = 2_147_483_647;

export const systemClock: LocalClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => {
    const timer = setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    timer.unref?.();
    return timer;
  },
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
