import { afterEach, describe, expect, it, vi } from "vitest";
import { cron } from "../../src/definition/cron";
import type { CronContext } from "../../src/runtime/context";
import { createCronHandler } from "../../src/runtime/lambda/cron";
import { schedulerInput } from "../../src/runtime/lambda/scheduler-input";
import { captureLogs, lambdaContext } from "./support/lambda";

/** What Scheduler delivers once it substituted the context attributes into `schedulerInput()`. */
function schedulerEvent(overrides: Record<string, string> = {}) {
  const template = schedulerInput("check-mentions", "wordmon-production-check-mentions");
  return JSON.parse(
    template
      .replace("<aws.scheduler.scheduled-time>", overrides.scheduledTime ?? "2026-12-03T09:00:00Z")
      .replace("<aws.scheduler.execution-id>", overrides.executionId ?? "d9f2a1c4-exec")
      .replace("<aws.scheduler.attempt-number>", overrides.attempt ?? "1"),
  );
}

/** A clock that moves only when a test advances it. */
function manualClock(start = 1_764_752_400_000) {
  let now = start;
  const clock = () => now;
  clock.advance = (ms: number) => {
    now += ms;
  };
  return clock;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("schedulerInput", () => {
  it("is the JSON template infra gives the schedule target", () => {
    expect(schedulerInput("check-mentions", "wordmon-pr-42-check-mentions")).toBe(
      '{"job":"check-mentions","schedule":"wordmon-pr-42-check-mentions","scheduledTime":"<aws.scheduler.scheduled-time>","executionId":"<aws.scheduler.execution-id>","attempt":"<aws.scheduler.attempt-number>"}',
    );
  });
});

describe("createCronHandler", () => {
  it("calls run with the scheduled time, attempt and execution id, and logs the outcome", async () => {
    let seen: CronContext | undefined;
    const clock = manualClock();
    const definition = cron({
      schedule: "rate(5 minutes)",
      run: (ctx) => {
        seen = ctx;
        clock.advance(50);
        ctx.log.info("checked", { mentions: 3 });
      },
    });
    const logs = captureLogs();
    const handler = createCronHandler(definition, { name: "check-mentions", logSink: logs.sink, clock });

    const result = await handler(schedulerEvent({ attempt: "2", executionId: "exec-a" }), lambdaContext(60_000));

    expect(result).toEqual({ job: "check-mentions", executionId: "exec-a", outcome: "ok", durationMs: 50 });
    expect(seen?.scheduledTime.toISOString()).toBe("2026-12-03T09:00:00.000Z");
    expect(seen).toMatchObject({ job: "check-mentions", attempt: 2, executionId: "exec-a" });
    expect(seen?.signal.aborted).toBe(false);
    expect(logs.lines).toEqual([
      expect.objectContaining({
        time: "2025-12-03T09:00:00.050Z",
        level: "info",
        message: "checked",
        job: "check-mentions",
        executionId: "exec-a",
        mentions: 3,
      }),
      expect.objectContaining({
        level: "info",
        message: "cron run finished",
        job: "check-mentions",
        executionId: "exec-a",
        outcome: "ok",
        durationMs: 50,
        attempt: 2,
      }),
    ]);
  });

  it("logs an error outcome and rethrows, so Lambda retries the run", async () => {
    const failure = new Error("mentions API returned 503");
    const clock = manualClock();
    const definition = cron({
      schedule: "rate(5 minutes)",
      run: () => {
        clock.advance(25);
        throw failure;
      },
    });
    const logs = captureLogs();
    const handler = createCronHandler(definition, { name: "check-mentions", logSink: logs.sink, clock });

    await expect(handler(schedulerEvent({ executionId: "exec-b" }), lambdaContext(60_000))).rejects.toBe(failure);
    expect(logs.lines.at(-1)).toMatchObject({
      level: "error",
      message: "cron run finished",
      outcome: "error",
      durationMs: 25,
      error: failure,
    });
  });

  it("counts a Lambda retry of the same execution on the same instance as the next attempt", async () => {
    const attempts: number[] = [];
    const definition = cron({
      schedule: "rate(1 hour)",
      run: (ctx) => {
        attempts.push(ctx.attempt);
        if (attempts.length < 3) throw new Error("flaky");
      },
    });
    const handler = createCronHandler(definition, { name: "retry-me", logSink: () => {} });
    const event = schedulerEvent({ executionId: "exec-retried", attempt: "1" });
    await expect(handler(event, lambdaContext(1000))).rejects.toThrow("flaky");
    await expect(handler(event, lambdaContext(1000))).rejects.toThrow("flaky");
    await handler(event, lambdaContext(1000));
    await handler(schedulerEvent({ executionId: "exec-other", attempt: "1" }), lambdaContext(1000));
    expect(attempts).toEqual([1, 2, 3, 1]);
  });

  it("runs a manual invoke without Scheduler's attributes with defaults", async () => {
    let seen: CronContext | undefined;
    const definition = cron({
      schedule: "rate(1 hour)",
      run: (ctx) => {
        seen = ctx;
      },
    });
    const handler = createCronHandler(definition, {
      name: "manual",
      logSink: () => {},
      clock: () => 1_764_752_400_000,
    });
    await handler({}, lambdaContext(1000, "req-manual"));
    expect(seen).toMatchObject({ executionId: "manual-req-manual", attempt: 1 });
    expect(seen?.scheduledTime.toISOString()).toBe("2025-12-03T09:00:00.000Z");
  });

  it("aborts ctx.signal the abort margin (1 s) before the deadline", async () => {
    vi.useFakeTimers({ now: 0 });
    let signal: AbortSignal | undefined;
    const definition = cron({
      schedule: "rate(1 minute)",
      run: async (ctx) => {
        signal = ctx.signal;
        await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
      },
    });
    const handler = createCronHandler(definition, { name: "slow", logSink: () => {} });
    const run = handler(schedulerEvent(), lambdaContext(5000));

    await vi.advanceTimersByTimeAsync(3999);
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toMatchObject({ name: "TimeoutError" });
    await expect(run).resolves.toMatchObject({ outcome: "ok" });
  });
});
