import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendTestMessage } from "../../src/local/sqs/queue-actions";
import { cleanup, createProject } from "../helpers/temp-project";
import { localQueue, QueueHarness } from "./queue-harness";

let root: string;
beforeAll(async () => {
  root = await createProject({
    "services/queue/ledger.ts": `import { queue } from "nightshift";
import { z } from "zod";
export default queue({ schema: z.object({ n: z.number() }), fifo: true });
`,
    "services/queue/ledger.handler.ts": `import { handle } from "nightshift";
import contract from "./ledger";
export default handle(contract, async (payload, ctx) => {
  ctx.log.info("entry", { n: payload.n, group: ctx.groupId });
});
`,
  });
});
afterAll(() => cleanup(root));

describe("FIFO queues", () => {
  it("delivers a message group in order, one batch of the group at a time", async () => {
    const h = await QueueHarness.start(root, localQueue("ledger", { fifo: true, contentBasedDeduplication: false }));
    try {
      for (let n = 1; n <= 5; n++)
        await sendTestMessage(h.sqs, h.queue, h.address, { body: { n }, groupId: "account-1" });
      h.poller.start();
      await h.until(() => h.log.list().filter((r) => r.status === "ok").length === 5);
      const order = h.log
        .list()
        .reverse()
        .flatMap((r) => r.logs.filter((l) => l.json?.message === "entry").map((l) => [l.json?.n, l.json?.group]));
      expect(order).toEqual([1, 2, 3, 4, 5].map((n) => [n, "account-1"]));
    } finally {
      await h.stop();
    }
  });
});
