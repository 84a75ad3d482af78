import type { LocalClock } from "../../src/local/clock";

/** A clock whose time moves only when the test calls `advanceTo`/`advance`; timers fire in order. */
export class FakeClock implements LocalClock {
  private timers: { id: number; due: number; fn: () => void }[] = [];
  private nextId = 1;

  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  setTimer(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ id, due: this.time + Math.max(0, ms), fn });
    return id;
  }

  clearTimer(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Fires every timer due up to `time`, in due order, letting promises settle between them. */
  async advanceTo(time: number): Promise<void> {
    for (;;) {
      this.timers.sort((a, b) => a.due - b.due || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.due > time) break;
      this.timers.shift();
      this.time = Math.max(this.time, next.due);
      next.fn();
      await flush();
    }
    this.time = time;
    await flush();
  }

  /** Moves time at once (a laptop waking up): overdue timers then fire late, at the new time. */
  async jumpTo(time: number): Promise<void> {
    this.time = time;
    await this.advanceTo(time);
  }

  advance(ms: number): Promise<void> {
    return this.advanceTo(this.time + ms);
  }

  /** Due times of pending timers (ISO), for assertions. */
  pending(): string[] {
    return this.timers.map((t) => new Date(t.due).toISOString()).sort();
  }
}

/** Lets queued promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}
