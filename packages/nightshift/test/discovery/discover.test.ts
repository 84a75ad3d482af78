import { afterAll, describe, expect, it } from "vitest";
import { discoverProject } from "../../src/discovery/discover";
import { findJobFiles } from "../../src/discovery/find-files";
import { cleanup, createProject, jobs } from "../helpers/temp-project";

const roots: string[] = [];
async function project(files: Record<string, string>): Promise<string> {
  const root = await createProject(files);
  roots.push(root);
  return root;
}
afterAll(async () => {
  for (const root of roots) await cleanup(root);
});

describe("findJobFiles", () => {
  it("finds crons, queue pairs and topics in a stable order, ignoring tests and type files", async () => {
    const root = await project({
      "services/cron/zeta.ts": jobs.cron(),
      "services/cron/alpha.ts": jobs.cron(),
      "services/cron/alpha.test.ts": "",
      "services/queue/send-email.ts": jobs.contract(),
      "services/queue/send-email.handler.ts": jobs.handler("send-email"),
      "services/topic/user-events.ts": jobs.topic(),
      "services/topic/types.d.ts": "",
    });
    expect(findJobFiles(root)).toEqual({
      crons: ["services/cron/alpha.ts", "services/cron/zeta.ts"],
      queues: [{ contract: "services/queue/send-email.ts", handler: "services/queue/send-email.handler.ts" }],
      topics: ["services/topic/user-events.ts"],
    });
  });

  it("returns empty lists when there is no services folder", async () => {
    const root = await project({ "README.md": "" });
    expect(findJobFiles(root)).toEqual({ crons: [], queues: [], topics: [] });
  });

  it("rejects a name that is not kebab-case, suggesting one", async () => {
    const root = await project({ "services/cron/DailyDigest.ts": jobs.cron() });
    expect(() => findJobFiles(root)).toThrow(
      'services/cron/DailyDigest.ts: job name "DailyDigest" must be kebab-case (lowercase letters, digits and single dashes, starting with a letter); rename the file, e.g. to "daily-digest.ts".',
    );
  });

  it("rejects a name used twice across kinds", async () => {
    const root = await project({
      "services/cron/sync.ts": jobs.cron(),
      "services/queue/sync.ts": jobs.contract(),
      "services/queue/sync.handler.ts": jobs.handler("sync"),
    });
    expect(() => findJobFiles(root)).toThrow(
      'services/queue/sync.ts: the job name "sync" is already used by services/cron/sync.ts; job names must be unique across crons, queues and topics because they name AWS resources. Rename one of the files.',
    );
  });

  it("rejects a contract without a handler", async () => {
    const root = await project({ "services/queue/send-email.ts": jobs.contract() });
    expect(() => findJobFiles(root)).toThrow(
      'services/queue/send-email.ts: queue "send-email" has no handler; create services/queue/send-email.handler.ts with `export default handle(contract, async (payload, ctx) => { ... })`.',
    );
  });

  it("rejects a handler without a contract", async () => {
    const root = await project({ "services/queue/send-mail.handler.ts": jobs.handler("send-mail") });
    expect(() => findJobFiles(root)).toThrow(
      "services/queue/send-mail.handler.ts: handler has no contract; create services/queue/send-mail.ts with `export default queue({ schema })`, or rename the handler to match an existing contract.",
    );
  });
});

describe("discoverProject", () => {
  it("loads and normalizes every job with defaults applied", async () => {
    const root = await project({
      "services/cron/nightly.ts": jobs.cron(
        `timezone: "Europe/Paris", overlap: "skip", environments: { preview: true },`,
      ),
      "services/queue/send-email.ts": jobs.contract(
        `retries: 5, timeout: "2 minutes", batchSize: 100, batchWindow: "10 seconds", expectedMessages: "1000 per day",`,
      ),
      "services/queue/send-email.handler.ts": jobs.handler("send-email"),
      "services/topic/user-events.ts": jobs.topic(),
      "services/queue/audit.ts": `import { queue } from "nightshift";\nimport { z } from "zod";\nimport events from "../topic/user-events";\nexport default queue({ schema: z.object({ kind: z.string() }), subscribe: [{ topic: events, filter: { kind: ["signup"] } }] });\n`,
      "services/queue/audit.handler.ts": jobs.handler("audit"),
    });
    const found = await discoverProject(root, { loadHandlers: true });
    expect(
      found.crons.map((c) => [
        c.name,
        c.schedule.expression,
        c.timezone,
        c.timeoutSeconds,
        c.memoryMb,
        c.retries,
        c.overlap,
        c.environments,
      ]),
    ).toEqual([
      [
        "nightly",
        "rate(5 minutes)",
        "Europe/Paris",
        60,
        256,
        2,
        "skip",
        { production: true, preview: true, development: true },
      ],
    ]);
    const email = found.queues.find((q) => q.name === "send-email");
    expect(email).toMatchObject({
      file: "services/queue/send-email.ts",
      handlerFile: "services/queue/send-email.handler.ts",
      retries: 5,
      maxReceiveCount: 6,
      timeoutSeconds: 120,
      visibilityTimeoutSeconds: 720,
      batchSize: 100,
      batchWindowSeconds: 10,
      concurrency: 5,
      fifo: false,
      expectedMessagesPerMonth: (1000 * 730) / 24,
      subscriptions: [],
    });
    expect(email?.handler?.kind).toBe("queue-handler");
    expect(found.queues.find((q) => q.name === "audit")?.subscriptions).toEqual([
      { topic: "user-events", filter: { kind: ["signup"] } },
    ]);
    expect(found.topics.map((t) => [t.name, t.fifo])).toEqual([["user-events", false]]);
  });

  it("rejects a file whose default export is not the right kind", async () => {
    const root = await project({ "services/cron/oops.ts": jobs.contract() });
    await expect(discoverProject(root)).rejects.toThrow(
      "services/cron/oops.ts: default export must be a cron (`export default cron({ schedule, run })`), but it is a queue definition.",
    );
  });

  it("rejects a handler that handles another queue's contract", async () => {
    const root = await project({
      "services/queue/a.ts": jobs.contract(),
      "services/queue/a.handler.ts": jobs.handler("b"),
      "services/queue/b.ts": jobs.contract(),
      "services/queue/b.handler.ts": jobs.handler("b"),
    });
    await expect(discoverProject(root, { loadHandlers: true })).rejects.toThrow(
      'services/queue/a.handler.ts: handles services/queue/b.ts, not services/queue/a.ts; import the contract with `import contract from "./a"`.',
    );
  });

  it.each([
    [
      `timeout: "20 minutes",`,
      'services/cron/job.ts: timeout must be 1 second–15 minutes (got "20 minutes"); Lambda allows at most 15 minutes.',
    ],
    [
      `memory: 64,`,
      "services/cron/job.ts: memory must be a whole number 128–10240 (got 64); give megabytes, e.g. 512.",
    ],
    [
      `retries: 3,`,
      "services/cron/job.ts: retries must be a whole number 0–2 (got 3); Lambda retries a failed asynchronous run at most twice.",
    ],
    [`overlap: "queue",`, 'services/cron/job.ts: overlap must be one of "allow", "skip" (got "queue").'],
    [
      `timout: "1 minute",`,
      'services/cron/job.ts: timout is not an option (did you mean "timeout"?); allowed: schedule, timezone, timeout, memory, retries, expectedDuration, environments, overlap, run.',
    ],
    [
      `environments: { staging: true },`,
      "services/cron/job.ts: environments.staging is not an option; allowed: production, preview, development.",
    ],
    [
      `timeout: 30,`,
      'services/cron/job.ts: timeout must be a duration string such as "30 seconds" or "5 minutes" (got the number 30); write the unit, e.g. "30 seconds".',
    ],
  ])("rejects cron option %s", async (option, message) => {
    const root = await project({ "services/cron/job.ts": jobs.cron(option) });
    await expect(discoverProject(root)).rejects.toThrow(message);
  });

  it.each([
    [
      `batchSize: 25,`,
      'services/queue/q.ts: batchSize must be 1–10 without a batchWindow (got 25); set batchWindow (e.g. "5 seconds") to allow up to 10000.',
    ],
    [
      `batchSize: 20, batchWindow: "1 second", fifo: true,`,
      "services/queue/q.ts: batchSize must be 1–10 for a FIFO queue (got 20); lower batchSize to 10 or less.",
    ],
    [
      `batchWindow: "10 minutes",`,
      'services/queue/q.ts: batchWindow must be 0 seconds–5 minutes (got "10 minutes"); Lambda waits at most 5 minutes to fill a batch.',
    ],
    [
      `concurrency: 1,`,
      "services/queue/q.ts: concurrency must be a whole number 2–1000 (got 1); it is the event source mapping's maximum concurrency.",
    ],
    [
      `delay: "1 hour",`,
      'services/queue/q.ts: delay must be 0 seconds–15 minutes (got "1 hour"); SQS delays at most 15 minutes.',
    ],
    [
      `retention: "30 days",`,
      'services/queue/q.ts: retention must be 1 minute–14 days (got "30 days"); SQS keeps messages 1 minute to 14 days.',
    ],
    [
      `expectedMessages: "lots",`,
      'services/queue/q.ts: expectedMessages must look like "10000 per day" (per minute, hour, day or month; got "lots").',
    ],
    [
      `timeout: "eleven minutes",`,
      'services/queue/q.ts: timeout must be a duration such as "30 seconds", "5 minutes", "2 hours" or "1 day" (got "eleven minutes").',
    ],
  ])("rejects queue option %s", async (option, message) => {
    const root = await project({
      "services/queue/q.ts": jobs.contract(option),
      "services/queue/q.handler.ts": jobs.handler("q"),
    });
    await expect(discoverProject(root)).rejects.toThrow(message);
  });

  it("rejects a FIFO queue subscribed to a standard topic", async () => {
    const root = await project({
      "services/topic/events.ts": jobs.topic(),
      "services/queue/q.ts": `import { queue } from "nightshift";\nimport { z } from "zod";\nimport events from "../topic/events";\nexport default queue({ schema: z.object({}), fifo: true, subscribe: [events] });\n`,
      "services/queue/q.handler.ts": jobs.handler("q"),
    });
    await expect(discoverProject(root)).rejects.toThrow(
      'services/queue/q.ts: subscribe[0] subscribes a FIFO queue to the standard topic "events"; SNS delivers FIFO topics only to FIFO queues and standard topics only to standard queues. Make both FIFO or both standard.',
    );
  });

  it("rejects a schema that is not a Standard Schema", async () => {
    const root = await project({
      "services/queue/q.ts": `import { queue } from "nightshift";\nexport default queue({ schema: { id: "string" } as never });\n`,
      "services/queue/q.handler.ts": jobs.handler("q"),
    });
    await expect(discoverProject(root)).rejects.toThrow(
      "services/queue/q.ts: schema must be a Standard Schema such as z.object({ ... }) from zod (got a value without ~standard).",
    );
  });
});
