import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ENVIRONMENT_NAME_PATTERN } from "../environment-name";
import { NAME_LIMITS, type NamedKind, Naming } from "../naming";

describe("Naming", () => {
  const naming = new Naming("wordmon", "pr-42");

  it("names resources <app>-<env>-<job><suffix>[.fifo]", () => {
    expect(naming.prefix).toBe("wordmon-pr-42");
    expect(naming.name("function", "send-email")).toBe("wordmon-pr-42-send-email");
    expect(naming.name("queue", "send-email", { suffix: "-dlq" })).toBe("wordmon-pr-42-send-email-dlq");
    expect(naming.name("queue", "orders", { suffix: "-dlq", fifo: true })).toBe("wordmon-pr-42-orders-dlq.fifo");
    expect(naming.wildcard).toBe("wordmon-pr-42-*");
  });

  it("cuts a name over the limit, keeping the prefix and suffix and adding a stable hash", () => {
    const job = "reconcile-every-customer-invoice-against-the-ledger";
    const fn = naming.name("function", job);
    expect(fn).toBe("wordmon-pr-42-reconcile-every-customer-invoice-against-bff5eb53");
    expect(fn.length).toBeLessThanOrEqual(64);
    const role = naming.name("role", job, { suffix: "-scheduler" });
    expect(role.length).toBeLessThanOrEqual(64);
    expect(role.startsWith("wordmon-pr-42-reconcile-every-customer-in")).toBe(true);
    expect(role.endsWith("-scheduler")).toBe(true);
    expect(naming.name("function", job)).toBe(fn);
    const queue = naming.name("queue", `${job}-and-then-some-more-words-to-pass-eighty`, { fifo: true });
    expect(queue.length).toBeLessThanOrEqual(80);
    expect(queue.endsWith(".fifo")).toBe(true);
  });

  it("gives two long names that share their first characters different names", () => {
    const a = naming.name("function", "aggregate-daily-statistics-for-the-dashboard-a");
    const b = naming.name("function", "aggregate-daily-statistics-for-the-dashboard-b");
    expect(a).not.toBe(b);
    expect(a.slice(0, 50)).toBe(b.slice(0, 50));
  });

  it("never gives two environments the same name, and every name stays within its limit and under its prefix", () => {
    const environment = fc.stringMatching(ENVIRONMENT_NAME_PATTERN);
    const job = fc.stringMatching(/^[a-z][a-z0-9]{0,20}(?:-[a-z0-9]{1,12}){0,5}$/);
    const kind = fc.constantFrom(...(Object.keys(NAME_LIMITS) as NamedKind[]));
    fc.assert(
      fc.property(environment, environment, job, job, kind, fc.boolean(), (envA, envB, jobA, jobB, k, fifo) => {
        fc.pre(envA !== envB);
        const a = new Naming("wordmon", envA).name(k, jobA, { suffix: "-dlq", fifo });
        const b = new Naming("wordmon", envB).name(k, jobB, { suffix: "-dlq", fifo });
        expect(a).not.toBe(b);
        expect(a.length).toBeLessThanOrEqual(NAME_LIMITS[k]);
        expect(a.startsWith(`wordmon-${envA}-`)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses a second resource of the same kind and name, naming both owners", () => {
    const local = new Naming("wordmon", "production");
    local.claim("queue", "sync", "services/queue/sync.ts: queue");
    expect(() => local.claim("queue", "sync", "services/cron/sync.ts: queue")).toThrow(
      'services/cron/sync.ts: queue needs the queue name "wordmon-production-sync", which services/queue/sync.ts: queue already uses; rename one of the jobs.',
    );
    // Different kinds live in different namespaces.
    expect(local.claim("function", "sync", "services/queue/sync.ts: function")).toBe("wordmon-production-sync");
  });

  it("explains when the app and environment leave no room", () => {
    const tight = new Naming("a-very-long-app-name", "averyverylongenvx");
    expect(() => tight.name("function", "job", { suffix: "-a-suffix-that-is-longer" })).toThrow(
      'nightshift.config.ts: app "a-very-long-app-name" with environment "averyverylongenvx" leaves no room for names in a function name (limit 64 characters, "a-very-long-app-name-averyverylongenvx-job-a-suffix-that-is-longer" is 66); shorten the app name or the environment name.',
    );
  });
});
