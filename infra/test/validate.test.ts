import { describe, expect, it } from "vitest";
import { Naming } from "../naming";
import { peakConnections, validateConnectionBudget } from "../validate/connection-budget";
import { validateProject } from "../validate/validate-project";
import { makeCron, makeProject, makeQueue, makeTopic } from "./support/fixtures";

const naming = new Naming("wordmon", "pr-42");
const check = (parts: Parameters<typeof makeProject>[0]) => () => validateProject(makeProject(parts), naming);

describe("validateProject", () => {
  it("accepts a project within every limit", () => {
    expect(
      check({
        topics: [makeTopic("user-events")],
        queues: [makeQueue("send-email", { subscriptions: [{ topic: "user-events" }] })],
        crons: [makeCron("nightly")],
      }),
    ).not.toThrow();
  });

  it("rejects queue and topic names the runtime could not derive after prefixing", () => {
    const long = "orders-from-every-partner-shop-worldwide-and-then-some-extra";
    expect(check({ queues: [makeQueue(long, { fifo: true })] })).toThrow(
      `services/queue/${long}.ts: the job name "${long}" (60 characters) is too long for environment "pr-42": its dead-letter queue "wordmon-pr-42-${long}-dlq.fifo" has 83 characters and SQS allows 80. Rename the file so the name has at most 57 characters.`,
    );
    const topic = "t".repeat(250);
    expect(check({ topics: [makeTopic(topic)] })).toThrow(
      `services/topic/${topic}.ts: the job name "${topic}" (250 characters) is too long for environment "pr-42": its topic "wordmon-pr-42-${topic}" has 264 characters and SNS allows 256. Rename the file so the name has at most 242 characters.`,
    );
  });

  it("rejects a cron whose DLQ name would not fit", () => {
    const name = "x".repeat(70);
    expect(check({ crons: [makeCron(name)] })).toThrow(
      `services/cron/${name}.ts: the job name "${name}" (70 characters) is too long for environment "pr-42": its dead-letter queue "wordmon-pr-42-${name}-dlq" has 88 characters and SQS allows 80. Rename the file so the name has at most 62 characters.`,
    );
  });

  it("rejects timeouts and memory Lambda would refuse", () => {
    expect(check({ crons: [makeCron("slow", { timeoutSeconds: 901 })] })).toThrow(
      'services/cron/slow.ts: timeout is 901 seconds, but Lambda allows 1 second to 15 minutes (900 seconds); set timeout to at most "15 minutes".',
    );
    expect(check({ queues: [makeQueue("slow", { timeoutSeconds: 0, visibilityTimeoutSeconds: 0 })] })).toThrow(
      'services/queue/slow.ts: timeout is 0 seconds, but Lambda allows 1 second to 15 minutes (900 seconds); set timeout to at most "15 minutes" and split longer work into more messages.',
    );
    expect(check({ crons: [makeCron("big", { memoryMb: 20_000 })] })).toThrow(
      "services/cron/big.ts: memory is 20000 MB, but Lambda allows 128–10240 MB; set memory to a whole number of MB in that range, e.g. 512.",
    );
  });

  it("enforces the visibility rule", () => {
    expect(check({ queues: [makeQueue("q", { timeoutSeconds: 60, visibilityTimeoutSeconds: 30 })] })).toThrow(
      "services/queue/q.ts: the visibility timeout (30 seconds) is shorter than the function timeout (60 seconds); Lambda rejects such an event source. Keep the visibility timeout at 6 × timeout.",
    );
    expect(check({ queues: [makeQueue("q", { timeoutSeconds: 900, visibilityTimeoutSeconds: 50_000 })] })).toThrow(
      "services/queue/q.ts: the visibility timeout (50000 seconds, 6 × timeout) exceeds SQS's 12 hours (43200 seconds); lower timeout to at most 2 hours.",
    );
  });

  it("enforces batch size against the window, and FIFO batching", () => {
    expect(check({ queues: [makeQueue("q", { batchSize: 100 })] })).toThrow(
      'services/queue/q.ts: batchSize is 100, but without a batchWindow Lambda takes at most 10 messages per batch; set batchWindow (e.g. "5 seconds") or lower batchSize to 10.',
    );
    expect(check({ queues: [makeQueue("q", { batchSize: 20_000, batchWindowSeconds: 5 })] })).toThrow(
      "services/queue/q.ts: batchSize is 20000, but Lambda takes 1–10000 messages per batch; set batchSize in that range.",
    );
    expect(check({ queues: [makeQueue("q", { fifo: true, batchSize: 11, batchWindowSeconds: 0 })] })).toThrow(
      "services/queue/q.ts: batchSize is 11, but a FIFO queue's batch is 1–10 messages; set batchSize to 10 or less.",
    );
    expect(check({ queues: [makeQueue("q", { fifo: true, batchWindowSeconds: 5 })] })).toThrow(
      "services/queue/q.ts: batchWindow is 5 seconds, but Lambda takes no batching window from a FIFO queue; remove batchWindow.",
    );
    expect(check({ queues: [makeQueue("q", { batchWindowSeconds: 301 })] })).toThrow(
      "services/queue/q.ts: batchWindow is 301 seconds, but Lambda waits at most 5 minutes (300 seconds); lower batchWindow.",
    );
  });

  it("enforces concurrency, delay, retention and receive count", () => {
    expect(check({ queues: [makeQueue("q", { concurrency: 1 })] })).toThrow(
      "services/queue/q.ts: concurrency is 1, but an SQS event source's maximum concurrency is 2–1000; set concurrency in that range.",
    );
    expect(check({ queues: [makeQueue("q", { delaySeconds: 901 })] })).toThrow(
      "services/queue/q.ts: delay is 901 seconds, but SQS delays 0–15 minutes (900 seconds); lower delay.",
    );
    expect(check({ queues: [makeQueue("q", { retentionSeconds: 30 })] })).toThrow(
      "services/queue/q.ts: retention is 30 seconds, but SQS keeps messages 1 minute to 14 days (60–1209600 seconds); set retention in that range.",
    );
    expect(check({ queues: [makeQueue("q", { retries: 1000, maxReceiveCount: 1001 })] })).toThrow(
      "services/queue/q.ts: retries is 1000 (maxReceiveCount 1001), but SQS allows a maxReceiveCount of 1–1000; set retries to 0–999.",
    );
  });

  it("rejects subscriptions to unknown topics and across FIFO and standard", () => {
    expect(check({ queues: [makeQueue("q", { subscriptions: [{ topic: "missing" }] })] })).toThrow(
      'services/queue/q.ts: subscribe[0] names the topic "missing", which is not in services/topic/; add services/topic/missing.ts or remove the subscription.',
    );
    expect(
      check({
        topics: [makeTopic("orders", { fifo: true })],
        queues: [makeQueue("q", { subscriptions: [{ topic: "orders" }] })],
      }),
    ).toThrow(
      'services/queue/q.ts: subscribe[0] subscribes this standard queue to the FIFO topic "orders" (services/topic/orders.ts); SNS delivers FIFO topics only to FIFO queues and standard topics only to standard queues. Make both FIFO or both standard.',
    );
    expect(
      check({
        topics: [makeTopic("events")],
        queues: [makeQueue("q", { fifo: true, subscriptions: [{ topic: "events" }] })],
      }),
    ).toThrow('subscribes this FIFO queue to the standard topic "events"');
  });

  it("re-reads schedules and time zones through the schedule parser", () => {
    expect(
      check({ crons: [makeCron("weekdays", { schedule: "0 9 * * 1-5", timezone: "America/New_York" })] }),
    ).not.toThrow();
    expect(check({ crons: [makeCron("once", { schedule: "at(2027-01-01T09:00:00)" })] })).not.toThrow();
    const cron = makeCron("bad-zone", { timezone: "Mars/Olympus" });
    expect(check({ crons: [cron] })).toThrow(/^services\/cron\/bad-zone\.ts: timezone/);
    const badSchedule = {
      ...makeCron("bad"),
      schedule: { ...makeCron("bad").schedule, written: "cron(0 25 * * ? *)" },
    };
    expect(check({ crons: [badSchedule] })).toThrow('services/cron/bad.ts: schedule "cron(0 25 * * ? *)":');
  });
});

describe("validateConnectionBudget", () => {
  const project = makeProject({
    queues: [makeQueue("a", { concurrency: 50 }), makeQueue("b", { concurrency: 30 })],
    crons: [makeCron("c1"), makeCron("c2")],
  });

  it("counts queue concurrency plus one per cron, times the pool", () => {
    expect(peakConnections(project)).toBe(82);
    expect(peakConnections(project, 2)).toBe(164);
    expect(() => validateConnectionBudget(project, { connections: 82, source: "db.t4g.micro" })).not.toThrow();
  });

  it("names the queue to lower and by how much", () => {
    expect(() => validateConnectionBudget(project, { connections: 70, source: "db.t4g.micro (pr-42 share)" })).toThrow(
      "services/queue/a.ts: concurrency 50 brings the environment's peak database connections to 82 (queue concurrency + 1 per cron, × 1 per function), above the budget of 70 for db.t4g.micro (pr-42 share); lower concurrency to at most 38, or use a larger database instance.",
    );
  });

  it("is checked by validateProject when the environment has a budget", () => {
    expect(() =>
      validateProject(project, naming, {
        connectionBudget: { connections: 10, perFunction: 2, source: "the shared preview instance" },
      }),
    ).toThrow(
      "services/queue/a.ts: concurrency 50 brings the environment's peak database connections to 164 (queue concurrency + 1 per cron, × 2 per function), above the budget of 10 for the shared preview instance; lower concurrency to at most 2 and lower other queues' concurrency too, or use a larger database instance.",
    );
  });
});
