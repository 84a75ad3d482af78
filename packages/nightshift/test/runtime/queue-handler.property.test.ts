import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { handle } from "../../src/definition/handle";
import { JOB_NAME } from "../../src/definition/job-name";
import { queue } from "../../src/definition/queue";
import { createQueueHandler } from "../../src/runtime/lambda/queue";
import { lambdaContext, sqsRecord } from "./support/lambda";

type Kind = "ok" | "throws" | "bad-json" | "schema-rejects";

const recordArb = fc.record({
  kind: fc.constantFrom<Kind>("ok", "ok", "throws", "bad-json", "schema-rejects"),
  group: fc.constantFrom("g1", "g2", "g3"),
  receiveCount: fc.integer({ min: 1, max: 5 }),
});

function bodyFor(kind: Kind, index: number): string {
  switch (kind) {
    case "ok":
      return JSON.stringify({ n: index, fail: false });
    case "throws":
      return JSON.stringify({ n: index, fail: true });
    case "bad-json":
      return `{"n": ${index},`;
    case "schema-rejects":
      return JSON.stringify({ n: `not a number ${index}`, fail: false });
  }
}

function build(fifo: boolean) {
  const contract = queue({ schema: z.object({ n: z.number(), fail: z.boolean() }), fifo });
  contract[JOB_NAME] = "prop-queue";
  const ran: string[] = [];
  const definition = handle(contract, async (payload, ctx) => {
    ran.push(ctx.messageId);
    // Yield so concurrent records really interleave.
    await new Promise((resolve) => setImmediate(resolve));
    if (payload.fail) throw new Error(`record ${payload.n} failed`);
  });
  const handler = createQueueHandler(definition, { name: "prop-queue", fifo, logSink: () => {} });
  return { handler, ran };
}

describe("batchItemFailures (property)", () => {
  it("standard queue: the failures are exactly the records that failed", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { maxLength: 25 }), async (specs) => {
        const { handler } = build(false);
        const records = specs.map((spec, index) =>
          sqsRecord(`id-${index}`, bodyFor(spec.kind, index), { receiveCount: spec.receiveCount }),
        );
        const result = await handler({ Records: records }, lambdaContext(60_000));
        const expected = specs.flatMap((spec, index) =>
          spec.kind === "ok" ? [] : [{ itemIdentifier: `id-${index}` }],
        );
        expect(result.batchItemFailures).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("FIFO queue: the failures are the failed records plus every later record of the same group", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { maxLength: 10 }), async (specs) => {
        const { handler, ran } = build(true);
        const records = specs.map((spec, index) =>
          sqsRecord(`id-${index}`, bodyFor(spec.kind, index), { groupId: spec.group, receiveCount: spec.receiveCount }),
        );
        const result = await handler({ Records: records }, lambdaContext(60_000));

        const brokenGroups = new Set<string>();
        const expected: string[] = [];
        const expectedRun: string[] = [];
        specs.forEach((spec, index) => {
          const id = `id-${index}`;
          if (brokenGroups.has(spec.group)) {
            expected.push(id);
            return;
          }
          if (spec.kind === "ok" || spec.kind === "throws") expectedRun.push(id);
          if (spec.kind !== "ok") {
            brokenGroups.add(spec.group);
            expected.push(id);
          }
        });
        expect(result.batchItemFailures).toEqual(expected.map((itemIdentifier) => ({ itemIdentifier })));
        expect([...ran].sort()).toEqual([...expectedRun].sort());
        // Within a group, records ran in their order.
        for (const group of ["g1", "g2", "g3"]) {
          const order = ran.filter((id) => specs[Number(id.slice(3))]?.group === group);
          expect(order).toEqual([...order].sort((a, b) => Number(a.slice(3)) - Number(b.slice(3))));
        }
      }),
      { numRuns: 200 },
    );
  });
});
