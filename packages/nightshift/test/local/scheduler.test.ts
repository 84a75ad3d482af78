import { describe, expect, it } from "vitest";
import { DEFAULTS } from "../../src/definition/defaults";
import type { InvocationRecord } from "../../src/local/invocations";
import type { LocalCron } from "../../src/local/local-project";
import { LocalScheduler, schedulerTime } from "../../src/local/scheduler";
import type { CronEvent } from "../../src/runtime/lambda/scheduler-input";
import { parseSchedule } from "../../src/schedule/index";
import { FakeClock } from "./fake-clock";

function cron(name: string, schedule: string, extra: Partial<LocalCron> = {}): LocalCron {
  return {
    kind: "cron",
    name,
    file: `services/cron/${name}.ts`,
    schedule: parseSchedule(schedule),
    timezone: "UTC",
    timeoutSeconds: 60,
    memoryMb: 256,
    retries: 2,
    expectedDurationSeconds: 1,
    environments: { ...DEFAULTS.cron.environments },
    overlap: "allow",
    ...extra,
  };
}

function setup(start: string, outcome: (event: CronEvent) => InvocationRecord["status"] = () => "ok") {
  const clock = new FakeClock(Date.parse(start));
  const fired: { event: CronEvent; trigger: string; at: string }[] = [];
  const scheduler = new LocalScheduler({
    clock,
    scheduleName: (c) => `app-development-${c.name}`,
    invoke: async (c, event, trigger) => {
      fired.push({ event, trigger, at: new Date(clock.now()).toISOString() });
      return {
        id: String(fired.length),
        job: c.name,
        kind: "cron",
        trigger,
        attempt: Number(event.attempt),
        startedAt: "",
        status: outcome(event),
        logs: [],
      };
    },
  });
  return { clock, fired, scheduler };
}

describe("LocalScheduler", () => {
  it("fires at wall-clock times in the job's zone and skips the time spring-forward removes", async () => {
    const { clock, fired, scheduler } = setup("2026-03-06T12:00:00Z");
    scheduler.setCrons([cron("nightly", "cron(30 2 * * ? *)", { timezone: "America/New_York" })]);
    expect(scheduler.nextRun("nightly")?.toISOString()).toBe("2026-03-07T07:30:00.000Z");
    await clock.advanceTo(Date.parse("2026-03-10T12:00:00Z"));
    // 02:30 on 8 March does not exist in New York (02:00 → 03:00), so that day has no run.
    expect(fired.map((f) => f.event.scheduledTime)).toEqual([
      "2026-03-07T07:30:00Z",
      "2026-03-09T06:30:00Z",
      "2026-03-10T06:30:00Z",
    ]);
    expect(fired.map((f) => f.at)).toEqual([
      "2026-03-07T07:30:00.000Z",
      "2026-03-09T06:30:00.000Z",
      "2026-03-10T06:30:00.000Z",
    ]);
    expect(fired[0]?.event).toMatchObject({ job: "nightly", schedule: "app-development-nightly", attempt: "1" });
    expect(fired[0]?.trigger).toBe("schedule");
  });

  it("runs a time repeated by fall-back once", async () => {
    const { clock, fired, scheduler } = setup("2026-10-31T12:00:00Z");
    scheduler.setCrons([cron("early", "cron(30 1 * * ? *)", { timezone: "America/New_York" })]);
    await clock.advanceTo(Date.parse("2026-11-02T12:00:00Z"));
    // 01:30 happens twice on 1 November (EDT, then EST); Scheduler runs the first one only.
    expect(fired.map((f) => f.event.scheduledTime)).toEqual(["2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"]);
  });

  it("does not schedule crons that are off in development, but runs them on demand", async () => {
    const { clock, fired, scheduler } = setup("2026-01-01T00:00:00Z");
    const off = cron("prod-only", "rate(1 minute)", {
      environments: { production: true, preview: false, development: false },
    });
    scheduler.setCrons([off]);
    expect(scheduler.nextRun("prod-only")).toBeUndefined();
    await clock.advance(10 * 60_000);
    expect(fired).toHaveLength(0);
    await scheduler.runNow(off);
    expect(fired.map((f) => f.trigger)).toEqual(["manual"]);
  });

  it("retries a failed run like Lambda's async invoke: same execution, attempts 2 and 3 after 1 and 2 more minutes", async () => {
    const { clock, fired, scheduler } = setup("2026-01-01T00:00:30Z", () => "error");
    scheduler.setCrons([cron("flaky", "cron(0 * * * ? *)")]);
    await clock.advanceTo(Date.parse("2026-01-01T01:10:00Z"));
    expect(fired.map((f) => [f.at, f.event.attempt, f.trigger])).toEqual([
      ["2026-01-01T01:00:00.000Z", "1", "schedule"],
      ["2026-01-01T01:01:00.000Z", "2", "retry"],
      ["2026-01-01T01:03:00.000Z", "3", "retry"],
    ]);
    expect(new Set(fired.map((f) => f.event.executionId)).size).toBe(1);
    expect(fired.every((f) => f.event.scheduledTime === "2026-01-01T01:00:00Z")).toBe(true);
  });

  it("keeps pending retries listable (they are saved across restarts) and re-arms restored ones", async () => {
    const { clock, scheduler } = setup("2026-01-01T00:00:00Z", () => "timeout");
    const job = cron("slow", "rate(1 hour)", { retries: 1 });
    scheduler.setCrons([job]);
    await clock.advanceTo(Date.parse("2026-01-01T01:00:00Z"));
    expect(scheduler.pendingRetries()).toMatchObject([
      { job: "slow", dueAt: Date.parse("2026-01-01T01:01:00Z"), event: { attempt: "2" } },
    ]);
    const saved = scheduler.pendingRetries();
    await scheduler.stop(0);

    const second = setup("2026-01-01T01:00:30Z");
    second.scheduler.restoreRetries(saved, [job]);
    await second.clock.advanceTo(Date.parse("2026-01-01T01:01:00Z"));
    expect(second.fired.map((f) => [f.event.attempt, f.trigger, f.event.executionId])).toEqual([
      ["2", "retry", saved[0]?.event.executionId],
    ]);
  });

  it("anchors rate() at the start and keeps the anchor across a reload that does not change the schedule", async () => {
    const { clock, fired, scheduler } = setup("2026-01-01T00:00:10Z");
    scheduler.setCrons([cron("every5", "rate(5 minutes)")]);
    await clock.advanceTo(Date.parse("2026-01-01T00:07:00Z"));
    scheduler.setCrons([cron("every5", "rate(5 minutes)", { timeoutSeconds: 30 })]);
    await clock.advanceTo(Date.parse("2026-01-01T00:16:00Z"));
    expect(fired.map((f) => f.event.scheduledTime)).toEqual([
      "2026-01-01T00:05:10Z",
      "2026-01-01T00:10:10Z",
      "2026-01-01T00:15:10Z",
    ]);
  });

  it("fires a missed time once after a long sleep instead of a burst", async () => {
    const { clock, fired, scheduler } = setup("2026-01-01T00:00:00Z");
    scheduler.setCrons([cron("minutely", "rate(1 minute)")]);
    // The fake clock jumps 30 minutes at once, like a laptop waking up.
    await clock.jumpTo(Date.parse("2026-01-01T00:30:30Z"));
    expect(fired.map((f) => [f.event.scheduledTime, f.at])).toEqual([
      ["2026-01-01T00:01:00Z", "2026-01-01T00:30:30.000Z"],
    ]);
    expect(scheduler.nextRun("minutely")?.toISOString()).toBe("2026-01-01T00:31:00.000Z");
  });

  it("formats Scheduler's scheduled time without milliseconds", () => {
    expect(schedulerTime(new Date("2026-03-09T06:30:00.000Z"))).toBe("2026-03-09T06:30:00Z");
  });
});
