import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeCost, runCost } from "../../src/cli/commands/cost";
import { loadConfig } from "../../src/config/load-config";
import { estimateCost } from "../../src/cost/estimate";
import { applyPriceOverride } from "../../src/cost/price-override";
import { PRICES } from "../../src/cost/prices";
import { discoverProject } from "../../src/discovery/discover";
import { cleanup, createProject } from "../helpers/temp-project";
import { testIo } from "../ops/helpers/test-io";

const FROM = "2027-01-04T00:00:00Z";

const CONFIG = `import { defineConfig } from "nightshift";
export default defineConfig({
  app: "wordmon",
  stateBucket: "wordmon-state",
  github: { owner: "o", repo: "r" },
  vercel: { team: "t", project: "p" },
  database: { preview: { instanceClass: "db.t4g.small", allocatedStorageGb: 40 } },
  secrets: [{ name: "RESEND_API_KEY", description: "mail", targets: ["lambda"] }],
});
`;

const everyMinute = `import { cron } from "nightshift";
export default cron({ schedule: "cron(* * * * ? *)", expectedDuration: "2 seconds", memory: 128, async run() {} });
`;
const nightly = `import { cron } from "nightshift";
export default cron({ schedule: "0 3 * * *", timezone: "Europe/Paris", async run() {} });
`;
const contract = `import { queue } from "nightshift";
import { z } from "zod";
import events from "../topic/events";
export default queue({ schema: z.object({ id: z.string() }), expectedMessages: "10000 per day", expectedDuration: "1 second", subscribe: [events] });
`;
const handler = `import { handle } from "nightshift";
import contract from "./notify";
export default handle(contract, async () => {});
`;
const topic = `import { topic } from "nightshift";
import { z } from "zod";
export default topic({ schema: z.object({ id: z.string() }) });
`;

let root: string;
beforeAll(async () => {
  root = await createProject({
    "nightshift.config.ts": CONFIG,
    "services/cron/every-minute.ts": everyMinute,
    "services/cron/nightly.ts": nightly,
    "services/queue/notify.ts": contract,
    "services/queue/notify.handler.ts": handler,
    "services/topic/events.ts": topic,
  });
});
afterAll(() => cleanup(root));

async function report(env = "production", extra: Record<string, string> = {}) {
  return computeCost({ env, from: FROM, ...extra }, testIo({ cwd: root }).io);
}

describe("nightshift cost", () => {
  it("matches the hand calculation for a cron every minute, 2 s, 128 MB, arm64", async () => {
    const cost = await report();
    const item = cost.items.find((i) => i.name === "every-minute");
    expect(item).toMatchObject({ kind: "cron", invocationsPerMonth: 43_800, memoryMb: 128, durationSeconds: 2 });
    // 43,800 × 2 s × 0.125 GB × $0.0000133334 = $0.14600073
    expect(item?.computeUsd).toBe(0.146001);
    expect(item?.computeUsd.toFixed(4)).toBe("0.1460");
    // 43,800 × $0.20 / 1M
    expect(item?.requestsUsd).toBe(0.00876);
    // 43,800 × $1.00 / 1M
    expect(item?.schedulerUsd).toBe(0.0438);
    expect(item?.sqsUsd).toBe(0);
    expect(item?.snsUsd).toBe(0);
    expect(item?.totalUsd).toBe(0.198561);
  });

  it("counts a daily cron in its time zone and defaults the duration to the timeout and memory to 256 MB", async () => {
    const item = (await report()).items.find((i) => i.name === "nightly");
    // 730 hours from Monday 4 January 00:00 UTC end on 3 February 10:00 UTC: 03:00 in Paris
    // (02:00 UTC in winter) falls on 31 of those days.
    expect(item).toMatchObject({ invocationsPerMonth: 31, durationSeconds: 60, memoryMb: 256 });
    expect(item?.computeUsd).toBe(0.0062); // 31 × 60 s × 0.25 GB × 0.0000133334 = 0.006200031
  });

  it("estimates a queue from expectedMessages: 10000 per day", async () => {
    const item = (await report()).items.find((i) => i.name === "notify");
    // 10,000 × 730 / 24 = 304,166.67 messages; about 0.12 per second, so one message per batch.
    expect(item).toMatchObject({ kind: "queue", invocationsPerMonth: 304_167, messagesPerMonth: 304_166.666667 });
    // 304,167 × 1 s × 0.25 GB × $0.0000133334
    expect(item?.computeUsd).toBe(1.013895);
    expect(item?.requestsUsd).toBe(0.060833);
    // 304,166.67 × 3 requests (send, receive, delete) × $0.40 / 1M
    expect(item?.sqsUsd).toBe(0.365);
    expect(item?.schedulerUsd).toBe(0);
    const events = (await report()).items.find((i) => i.name === "events");
    // one publish per message of the busiest subscriber: 304,166.67 × $0.50 / 1M
    expect(events).toMatchObject({ kind: "topic", snsUsd: 0.152083 });
  });

  it("adds fixed costs: production's own database, storage, secrets, logs and alarms", async () => {
    const cost = await report();
    expect(cost.fixed.map((f) => [f.name, f.usd])).toEqual([
      ["Database instance (db.t4g.micro)", 11.68],
      ["Database storage (gp3)", 2.3],
      ["Secrets Manager (2 secrets)", 0.8],
      ["CloudWatch Logs (estimate)", expect.any(Number)],
      // one dead-letter alarm per cron (2) and queue (1), $0.10 each
      ["CloudWatch alarms (3)", 0.3],
    ]);
    const sum = cost.items.reduce((s, i) => s + i.totalUsd, 0) + cost.fixed.reduce((s, f) => s + f.usd, 0);
    expect(cost.totalUsd).toBeCloseTo(sum, 5);
  });

  it("attributes the whole shared preview instance to a pull-request environment and skips crons off in preview", async () => {
    const cost = await report("pr-42");
    expect(cost.fixed[0]).toEqual({
      name: "Database instance (shared preview db.t4g.small)",
      usd: 23.36,
      note: "0.032 USD/hour × 730 h; one instance serves every non-production environment, counted whole here",
    });
    expect(cost.fixed[1]).toMatchObject({ name: "Database storage (shared preview gp3)", usd: 4.6 });
    expect(cost.fixed[2]).toEqual({
      name: "Secrets Manager (2 secrets)",
      usd: 0.8,
      note: "RESEND_API_KEY, wordmon-pr-42-database × 0.4 USD; the app secrets are preview's, shared by every pull request; API calls at cold starts are not counted",
    });
    const cron = cost.items.find((i) => i.name === "every-minute");
    expect(cron).toMatchObject({ invocationsPerMonth: 0, totalUsd: 0 });
    expect(cron?.notes).toEqual(["schedule disabled in preview environments (environments.preview)"]);
  });

  it("shows free tiers separately and never subtracts them", async () => {
    const cost = await report();
    const lambdaRequests = cost.freeTier.lines.find((l) => l.name === "Lambda requests");
    expect(lambdaRequests).toEqual({
      name: "Lambda requests",
      used: 43_800 + 31 + 304_167,
      free: 1_000_000,
      usd: 0.0696,
    });
    expect(cost.freeTier.usd).toBeGreaterThan(0);
    const withoutFree = cost.items.reduce((s, i) => s + i.totalUsd, 0) + cost.fixed.reduce((s, f) => s + f.usd, 0);
    expect(cost.totalUsd).toBeCloseTo(withoutFree, 5);
  });

  it("prints exactly the documented JSON shape", async () => {
    const { io, out } = testIo({ cwd: root });
    expect(await runCost({ json: true, from: FROM }, io)).toBe(0);
    const json = JSON.parse(out.stdout());
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining(["environment", "currency", "pricesAsOf", "items", "fixed", "totalUsd"]),
    );
    expect(json).toMatchObject({ environment: "production", currency: "USD", pricesAsOf: PRICES.pricesAsOf });
    for (const item of json.items) {
      expect(Object.keys(item)).toEqual(
        expect.arrayContaining([
          "name",
          "kind",
          "invocationsPerMonth",
          "computeUsd",
          "requestsUsd",
          "schedulerUsd",
          "sqsUsd",
          "snsUsd",
          "totalUsd",
        ]),
      );
    }
    for (const fixed of json.fixed) expect(Object.keys(fixed)).toEqual(expect.arrayContaining(["name", "usd"]));
  });

  it("prints a readable table with the total and the free tier", async () => {
    const { io, out } = testIo({ cwd: root });
    await runCost({ from: FROM }, io);
    const text = out.stdout();
    expect(text).toContain(`Monthly estimate for production (us-east-1, prices as of ${PRICES.pricesAsOf}, USD)`);
    expect(text).toMatch(
      /every-minute\s+cron\s+43,800\s+\$0\.1460\s+\$0\.0088\s+\$0\.0438\s+\$0\.0000\s+\$0\.0000\s+\$0\.1986/,
    );
    expect(text).toContain("Free tier (per account, shared by all environments; not subtracted above)");
  });

  it("applies a price override file", async () => {
    const file = path.join(root, "prices.json");
    await writeFile(
      file,
      JSON.stringify({
        pricesAsOf: "2027-02-01",
        lambda: { gbSecond: { arm64: 0.00001 } },
        assumptions: { logBytesPerInvocation: 0 },
      }),
    );
    const cost = await report("production", { prices: file });
    expect(cost.pricesAsOf).toBe("2027-02-01");
    expect(cost.items.find((i) => i.name === "every-minute")?.computeUsd).toBe(0.1095); // 10,950 GB-s × 0.00001
    expect(cost.fixed.find((f) => f.name.startsWith("CloudWatch"))?.usd).toBe(0);
  });

  it("rejects a bad override with the file, the key and the fix", () => {
    expect(() => applyPriceOverride({ lambda: { gbSecnd: 1 } }, "prices.json")).toThrow(
      'prices.json: lambda.gbSecnd is not in the price table (did you mean "lambda.gbSecond"?); keys here: requestsPerMillion, gbSecond.',
    );
    expect(() => applyPriceOverride({ sqs: { standardRequestsPerMillion: "0.4" } }, "prices.json")).toThrow(
      'prices.json: sqs.standardRequestsPerMillion must be a number ≥ 0 (got "0.4"); prices are USD, e.g. 0.0000133334.',
    );
    expect(() => applyPriceOverride({ pricesAsOf: "January" }, "prices.json")).toThrow(
      'prices.json: pricesAsOf must be the day the prices were checked, yyyy-mm-dd (got "January").',
    );
    const withClass = applyPriceOverride({ rds: { instanceHourly: { "db.r7g.large": 0.24 } } }, "prices.json");
    expect(withClass.prices.rds.instanceHourly["db.r7g.large"]).toBe(0.24);
    expect(withClass.prices.rds.instanceHourly["db.t4g.micro"]).toBe(0.016);
  });

  it("reports an instance class missing from the table with the fix", async () => {
    const project = await discoverProject(root);
    const config = await loadConfig(root);
    const big = {
      ...config,
      database: { ...config.database, production: { instanceClass: "db.r7g.large", allocatedStorageGb: 20 } },
    };
    expect(() => estimateCost(project, { environment: "production", from: new Date(FROM), config: big })).toThrow(
      `nightshift.config.ts: database.production.instanceClass "db.r7g.large" has no price in the table (prices as of ${PRICES.pricesAsOf}; known: db.t4g.micro, db.t4g.small, db.t4g.medium, db.t4g.large); add it with \`nightshift cost --prices prices.json\` and { "rds": { "instanceHourly": { "db.r7g.large": <USD per hour> } } }.`,
    );
  });

  it("rejects a malformed --env", async () => {
    await expect(report("Prod uction")).rejects.toThrow(
      '--env must name a deployed environment such as "production", "preview" or "pr-42" (got "Prod uction"); lowercase letters and digits, with "pr-<number>" for pull requests.',
    );
  });
});
