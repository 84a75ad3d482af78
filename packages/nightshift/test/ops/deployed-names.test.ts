import { describe, expect, it } from "vitest";
import { Naming } from "../../../../infra/naming";
import { functionName, logGroupName, queueName, scheduleName } from "../../src/ops/deployed-names";

describe("deployed names", () => {
  it("match the names infra deploys, including hashed truncation past 64 characters", () => {
    const naming = new Naming("wordmon", "pr-123456");
    for (const job of ["check-mentions", "a", `very-long-${"x".repeat(60)}-job`, `${"y".repeat(50)}--trailing`]) {
      expect(functionName(naming.prefix, job)).toBe(naming.name("function", job));
      expect(scheduleName(naming.prefix, job)).toBe(naming.name("schedule", job));
      expect(functionName(naming.prefix, job).length).toBeLessThanOrEqual(64);
    }
    expect(queueName(naming.prefix, "send-email", true)).toBe(naming.name("queue", "send-email", { fifo: true }));
    expect(logGroupName("wordmon-production", "check-mentions")).toBe("/aws/lambda/wordmon-production-check-mentions");
  });
});
