/** The wall clock the adapters measure durations with; tests pass a fake one. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
