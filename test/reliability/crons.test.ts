/**
 * Crons on a fake clock: the local scheduler, driven across both DST changes of several zones, fires
 * every due run exactly once (EventBridge Scheduler's rules: a wall time skipped by spring-forward
 * does not run, one repeated by fall-back runs once); and with `overlap: "skip"` a slow run that
 * spans several fire times never overlaps the next (the real cron adapter and its Postgres lease).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cron } from "../../packages/nightshift/src/definition/cron";
import { DEFAULTS } from "../../packages/nightshift/src/definition/defaults";
import type { InvocationRecord } from "../../packages/nightshift/src/local/invocations";
import type { LocalCron } from "../../packages/nightshift/src/local/local-project";
import { LocalScheduler } from "../../packages/nightshift/src/local/scheduler";
import { resetRuntimeConfig } from "../../packages/nightshift/src/runtime/config";
import { closeSql } from "../../packages/nightshift/src/runtime/db";
import { createCronHandler } from "../../packages/nightshift/src/runtime/lambda/cron";
import type { CronEvent } from "../../packages/nightshift/src/runtime/lambda/scheduler-input";
import { fireTimes, parseSchedule } from "../../packages/nightshift/src/schedule/index";
import { FakeClock } from "../../packages/nightshift/test/local/fake-clock";
import { captureLogs, lambdaContext } from "../../packages/nightshift/test/runtime/support/lambda";
import { startTestDatabase, type TestDatabase } from "../../packages/nightshift/test/runtime/support/pglite";

function localCron(name: string, schedule: string, extra: Partial<LocalCron> = {}): LocalCron {
  return {
    kind: "cron",
    name,
    file: `services/cron/${name}.ts`,
    schedule: parseSchedule(schedule),
    timezone: "UTC",
    timeoutSeconds: 60,
    memoryMb: 256,
    retries: 0,
    expectedDurationSeconds: 1,
    environments: { ...DEFAULTS.cron.environments },
    overlap: "allow",
    ...extra,
  };
}

/** Wall-clock minute of an instant in a zone, as "yyyy-mm-dd hh:mm", read with Intl (not the parser's code). */
function wallMinute(instant: number, timezone: string): { key: string; hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: timezone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const hour = Number(get("hour")) % 24;
  return {
    key: `${get("year")}-${get("month")}-${get("day")} ${hour}:${get("minute")}`,
    hour,
    minute: Number(get("minute")),
  };
}

/**
 * The due times by EventBridge's rules, found independently: walk every UTC minute of the window,
 * keep those whose wall time matches, and only the first instant of a wall time that happens twice.
 */
function expectedDue(
  from: number,
  to: number,
  timezone: string,
  matches: (hour: number, minute: number) => boolean,
): string[] {
  const seen = new Set<string>();
  const due: string[] = [];
  for (let t = from + 60_000 - (from % 60_000); t <= to; t += 60_000) {
    const wall = wallMinute(t, timezone);
    if (seen.has(wall.key)) continue;
    seen.add(wall.key);
    if (matches(wall.hour, wall.minute)) due.push(new Date(t).toISOString().replace(/\.000Z$/, "Z"));
  }
  return due;
}

const offsetMinutes = (instant: number, timezone: string) => {
  const wall = new Date(instant).toLocaleString("en-US", { timeZone: timezone, hourCycle: "h23" });
  return Math.round((Date.parse(`${wall} UTC`) - instant) / 60_000);
};

/** Both 2026 DST changes of each zone (Lord Howe moves by 30 minutes). */
const TRANSITIONS: Record<string, string[]> = {
  "Europe/Paris": ["2026-03-29", "2026-10-25"],
  "America/New_York": ["2026-03-08", "2026-11-01"],
  "Australia/Sydney": ["2026-04-05", "2026-10-04"],
  "Australia/Lord_Howe": ["2026-04-05", "2026-10-04"],
};

/** Expressions that land in the skipped or repeated hour of at least one zone, plus a dense one. */
const SCHEDULES: { expression: string; matches: (hour: number, minute: number) => boolean }[] = [
  { expression: "cron(30 2 * * ? *)", matches: (h, m) => h === 2 && m === 30 },
  { expression: "cron(15 2 * * ? *)", matches: (h, m) => h === 2 && m === 15 },
  { expression: "cron(45 1 * * ? *)", matches: (h, m) => h === 1 && m === 45 },
  { expression: "cron(0,30 1-3 * * ? *)", matches: (h, m) => h >= 1 && h <= 3 && (m === 0 || m === 30) },
  { expression: "cron(0/15 * * * ? *)", matches: (_h, m) => m % 15 === 0 },
];

describe("crons fire once per due time across DST changes", () => {
  for (const [timezone, days] of Object.entries(TRANSITIONS)) {
    for (const day of days) {
      it(`${timezone} around ${day}`, async () => {
        const from = Date.parse(`${day}T00:00:00Z`) - 2 * 86_400_000;
        const to = Date.parse(`${day}T00:00:00Z`) + 2 * 86_400_000;
        // The window really contains a change of offset, so the test cannot pass by missing it.
        expect(offsetMinutes(from, timezone)).not.toBe(offsetMinutes(to, timezone));

        const clock = new FakeClock(from);
        const fired = new Map<string, { scheduledTime: string; at: number }[]>();
        const scheduler = new LocalScheduler({
          clock,
          scheduleName: (c) => `app-development-${c.name}`,
          invoke: async (c, event, trigger) => {
            fired.set(c.name, [...(fired.get(c.name) ?? []), { scheduledTime: event.scheduledTime, at: clock.now() }]);
            return {
              id: event.executionId,
              job: c.name,
              kind: "cron",
              trigger,
              attempt: 1,
              startedAt: "",
              status: "ok",
              logs: [],
            };
          },
        });
        const crons = SCHEDULES.map((s, index) => localCron(`job-${index}`, s.expression, { timezone }));
        scheduler.setCrons(crons);
        await clock.advanceTo(to);
        await scheduler.stop(0);

        SCHEDULES.forEach((schedule, index) => {
          const runs = fired.get(`job-${index}`) ?? [];
          const label = `${schedule.expression} in ${timezone}`;
          const due = expectedDue(from, to, timezone, schedule.matches);
          expect(due.length, label).toBeGreaterThan(0);
          expect(
            runs.map((r) => r.scheduledTime),
            label,
          ).toEqual(due);
          // Each fired on time, and the shared fire-time function agrees with the independent walk.
          for (const run of runs)
            expect(new Date(run.at).toISOString().replace(/\.000Z$/, "Z")).toBe(run.scheduledTime);
          const computed: string[] = [];
          for (const time of fireTimes(parseSchedule(schedule.expression), { timezone, after: new Date(from) })) {
            if (time.getTime() > to) break;
            computed.push(time.toISOString().replace(/\.000Z$/, "Z"));
          }
          expect(computed, label).toEqual(due);
        });
      });
    }
  }
});

describe('overlap: "skip" on a fake clock', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await startTestDatabase();
    process.env.DATABASE_URL = database.url;
    // One connection, as in Lambda (and as PGlite's socket needs).
    process.env.AWS_LAMBDA_FUNCTION_NAME = "reliability-crons";
    resetRuntimeConfig();
  });
  afterAll(async () => {
    await closeSql();
    await database.stop();
  });

  it("a run spanning five fire times makes those five skip; no two runs overlap; the next due run runs", async () => {
    const start = Date.parse("2026-11-01T04:58:30Z");
    const clock = new FakeClock(start);
    let running = 0;
    let peak = 0;
    let runs = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started!: () => void;
    const firstStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const definition = cron({
      schedule: "rate(1 minute)",
      overlap: "skip",
      run: async () => {
        running++;
        runs++;
        peak = Math.max(peak, running);
        try {
          if (runs === 1) {
            started();
            await released;
          }
        } finally {
          running--;
        }
      },
    });
    const handler = createCronHandler(definition, { name: "slow", timeoutMs: 600_000, logSink: captureLogs().sink });
    const outcomes: { scheduledTime: string; status: string }[] = [];
    const pending = new Set<Promise<unknown>>();
    const scheduler = new LocalScheduler({
      clock,
      scheduleName: (c) => `app-development-${c.name}`,
      invoke: (c, event: CronEvent, trigger) => {
        const run = (async (): Promise<InvocationRecord> => {
          const result = (await handler(event, lambdaContext(600_000, event.executionId))) as { outcome: string };
          outcomes.push({ scheduledTime: event.scheduledTime, status: result.outcome });
          const status = result.outcome === "skipped" ? "skipped" : "ok";
          return {
            id: event.executionId,
            job: c.name,
            kind: "cron",
            trigger,
            attempt: 1,
            startedAt: "",
            status,
            logs: [],
          };
        })();
        pending.add(run);
        void run.finally(() => pending.delete(run));
        return run;
      },
    });
    scheduler.setCrons([localCron("slow", "rate(1 minute)", { overlap: "skip", timeoutSeconds: 600 })]);

    /** Advances one minute and waits for every run that is not the held one to finish. */
    const minute = async (held?: Promise<unknown>) => {
      await clock.advance(60_000);
      await Promise.all([...pending].filter((p) => p !== held));
    };
    await clock.advance(60_000);
    await firstStarted;
    const [first] = [...pending];
    expect(pending.size).toBe(1);
    for (let i = 0; i < 5; i++) await minute(first);
    release();
    await first;
    for (let i = 0; i < 2; i++) await minute();
    await scheduler.stop(1000);

    expect(peak).toBe(1);
    expect(outcomes.map((o) => o.status)).toEqual([
      "skipped",
      "skipped",
      "skipped",
      "skipped",
      "skipped",
      "ok",
      "ok",
      "ok",
    ]);
    expect(outcomes.map((o) => o.scheduledTime).sort()).toEqual([
      "2026-11-01T04:59:30Z",
      "2026-11-01T05:00:30Z",
      "2026-11-01T05:01:30Z",
      "2026-11-01T05:02:30Z",
      "2026-11-01T05:03:30Z",
      "2026-11-01T05:04:30Z",
      "2026-11-01T05:05:30Z",
      "2026-11-01T05:06:30Z",
    ]);
    // The held run (the first due time) finished ok; the lease is free again.
    expect(outcomes.find((o) => o.scheduledTime === "2026-11-01T04:59:30Z")?.status).toBe("ok");
    const lease = await database.db.query("SELECT * FROM nightshift_leases WHERE expires_at > now()");
    expect(lease.rows).toEqual([]);
  });
});
