/**
 * Loss: thousands of messages through the local event source mapping (fauxqs + QueuePoller + worker
 * processes running the real Lambda adapter), with handlers failing at random (seeded) and workers
 * SIGKILLed mid-batch. Every message must end deleted after a successful delivery or in the DLQ
 * after exactly maxReceiveCount deliveries, and be delivered again only after a delivery that failed.
 * Then the same with the side effect inside ctx.once: every effect happens exactly once.
 */
import { readdirSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InvocationRecord } from "../../packages/nightshift/src/local/invocations";
import { serverKinds } from "../../packages/nightshift/test/db/servers";
import { cleanup, createProject } from "../../packages/nightshift/test/helpers/temp-project";
import { localQueue, QueueHarness } from "../../packages/nightshift/test/local/queue-harness";
import { RUNTIME_TABLES_SQL } from "../../packages/nightshift/test/runtime/support/pglite";
import { auditDeliveries, deliveriesByMessage } from "./support/deliveries";
import { LOSS_PROJECT, type MessagePlan } from "./support/loss-jobs";
import { runSeed, seededRandom } from "./support/random";

const TMP = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", ".tmp");
const MAX_RECEIVE_COUNT = 3;
/** Timings: a batch must finish (cold start included) well within the visibility timeout. */
const QUEUE = {
  batchSize: 10,
  concurrency: 4,
  retries: MAX_RECEIVE_COUNT - 1,
  maxReceiveCount: MAX_RECEIVE_COUNT,
  timeoutSeconds: 4,
  visibilityTimeoutSeconds: 8,
};

let root: string;
beforeAll(async () => {
  root = await createProject(LOSS_PROJECT, TMP);
});
afterAll(() => cleanup(root));

/** Fails on every delivery, so it must end in the DLQ. */
const isPoison = (p: MessagePlan) => new Set([...p.failBefore, ...p.failAfter]).size === MAX_RECEIVE_COUNT;

/** Fates for `count` messages: ~2% always fail, the rest fail at random on earlier deliveries; `holds` get killed. */
function plan(seed: number, count: number, holds: number, variant: "plain" | "once"): MessagePlan[] {
  const random = seededRandom(seed);
  const early = () => Array.from({ length: MAX_RECEIVE_COUNT - 1 }, (_, i) => i + 1).filter(() => random() < 0.12);
  const every = Array.from({ length: MAX_RECEIVE_COUNT }, (_, i) => i + 1);
  const plans: MessagePlan[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${variant}-${i}`;
    if (random() < 0.02) {
      // Poison: the plain handler fails before its effect every time; the idempotent one after it.
      plans.push(
        variant === "plain" ? { id, failBefore: every, failAfter: [] } : { id, failBefore: [], failAfter: every },
      );
    } else {
      plans.push({ id, failBefore: early(), failAfter: variant === "once" ? early() : [] });
    }
  }
  const candidates = plans.filter((p) => !isPoison(p));
  for (let k = 0; k < holds; k++) {
    const index = Math.floor(random() * candidates.length);
    const chosen = candidates.splice(index, 1)[0] as MessagePlan;
    const held: MessagePlan = {
      id: chosen.id,
      failBefore: [],
      failAfter: [],
      holdOn: 1,
      holdWhere: k % 2 ? "after" : "before",
    };
    plans[plans.findIndex((p) => p.id === chosen.id)] = held;
  }
  return plans;
}

interface RunResult {
  readonly plans: MessagePlan[];
  /** Message id → plan id. */
  readonly ids: Map<string, string>;
  readonly records: InvocationRecord[];
  readonly dlq: Set<string>;
  readonly killed: string[];
  readonly pollerErrors: unknown[];
  /** Plan id → times the side effect ran. */
  readonly effects: Map<string, number>;
}

/** Sends every planned message while the poller runs, SIGKILLs held workers, and waits until the queue is drained. */
async function run(
  variant: "plain" | "once",
  plans: MessagePlan[],
  env: Record<string, string>,
  concurrency = QUEUE.concurrency,
): Promise<RunResult> {
  const dir = path.join(root, `.out-${variant}-${concurrency}`);
  await mkdir(path.join(dir, "hold"), { recursive: true });
  const pollerErrors: unknown[] = [];
  const h = await QueueHarness.start(root, localQueue(variant, { ...QUEUE, concurrency }), {
    ...env,
    RELIABILITY_DIR: dir,
  });
  (h.poller as unknown as { options: { onError: (e: unknown) => void } }).options.onError = (e) => pollerErrors.push(e);
  const records: InvocationRecord[] = [];
  h.log.on("invocation:end", (record) => records.push(record));
  const killed: string[] = [];
  const seen = new Set<string>();
  const killer = setInterval(() => {
    for (const pid of readdirSync(path.join(dir, "hold"))) {
      if (seen.has(pid)) continue;
      seen.add(pid);
      killed.push(readFileSync(path.join(dir, "hold", pid), "utf8"));
      process.kill(Number(pid), "SIGKILL");
    }
  }, 20);
  const ids = new Map<string, string>();
  try {
    h.poller.start();
    for (let i = 0; i < plans.length; i += 10) {
      const chunk = plans.slice(i, i + 10);
      const sent = await h.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: h.address.url,
          Entries: chunk.map((p, index) => ({ Id: String(index), MessageBody: JSON.stringify(p) })),
        }),
      );
      expect(sent.Failed ?? []).toEqual([]);
      for (const entry of sent.Successful ?? [])
        ids.set(entry.MessageId as string, (chunk[Number(entry.Id)] as MessagePlan).id);
    }
    await h.until(() => {
      const counts = h.counts().main;
      return counts && counts.visible + counts.inFlight + counts.delayed === 0 && h.poller.inFlightBatches === 0;
    });
    const dlqMessages = h.server.messages(h.address.dlqPhysicalName)?.ready ?? [];
    const effects = new Map<string, number>();
    const effectsFile = path.join(dir, "effects.log");
    const lines = readdirSync(dir).includes("effects.log") ? readFileSync(effectsFile, "utf8").split("\n") : [];
    for (const line of lines.filter(Boolean)) effects.set(line, (effects.get(line) ?? 0) + 1);
    return {
      plans,
      ids,
      records,
      dlq: new Set(dlqMessages.map((m) => m.messageId)),
      killed,
      pollerErrors,
      effects,
    };
  } finally {
    clearInterval(killer);
    await h.stop();
  }
}

/** The checks both variants share: nothing lost, DLQ after exactly maxReceiveCount, only allowed duplicates. */
function expectSqsContract(result: RunResult, holds: number) {
  const sent = [...result.ids.keys()];
  expect(sent).toHaveLength(result.plans.length);
  const audit = auditDeliveries(sent, deliveriesByMessage(result.records), result.dlq, MAX_RECEIVE_COUNT);
  const named = (messageIds: string[]) => messageIds.map((m) => result.ids.get(m.split(" ")[0] as string) ?? m);
  expect(named(audit.lost), "lost messages").toEqual([]);
  expect(named(audit.doubleOutcome), "deleted twice or deleted and dead-lettered").toEqual([]);
  expect(audit.disallowedDuplicates, "deliveries SQS would not make").toEqual([]);
  expect(audit.earlyOrLateDlq, "dead-lettered without exactly maxReceiveCount failed deliveries").toEqual([]);
  expect(result.pollerErrors).toEqual([]);

  // The outcome the seed planned: poison messages in the DLQ, every other message processed.
  const byPlan = new Map([...result.ids].map(([messageId, id]) => [id, messageId]));
  const poison = result.plans.filter(isPoison);
  expect(new Set([...result.dlq].map((m) => result.ids.get(m)))).toEqual(new Set(poison.map((p) => p.id)));
  expect(audit.processed.size).toBe(result.plans.length - poison.length);

  // The faults really happened: workers killed mid-batch (their whole batch redelivered), and retries.
  expect(result.killed).toHaveLength(holds);
  const crashed = result.records.filter((r) => r.status === "crash");
  expect(crashed).toHaveLength(holds);
  for (const record of crashed) {
    expect(record.messages?.length).toBeGreaterThan(1);
    expect(record.messages?.every((m) => m.failed)).toBe(true);
  }
  expect(audit.redeliveries).toBeGreaterThan(result.plans.length * 0.1);
  return { audit, byPlan, poison };
}

describe("no message is lost under random failures and killed workers", () => {
  it("every message is processed or dead-lettered after maxReceiveCount deliveries; duplicates only after a failed delivery", async () => {
    const seed = runSeed(20261203);
    const holds = 6;
    const plans = plan(seed, 3000, holds, "plain");
    const result = await run("plain", plans, {});
    const { byPlan } = expectSqsContract(result, holds);

    // The handler's effect ran once per successful delivery, plus once per delivery whose batch
    // was killed after the effect (a duplicate SQS allows: that delivery never reported success).
    const deliveries = deliveriesByMessage(result.records);
    for (const p of plans) {
      const list = deliveries.get(byPlan.get(p.id) as string) ?? [];
      const effects = result.effects.get(p.id) ?? 0;
      const succeeded = list.filter((d) => !d.failed).length;
      const crashed = list.filter((d) => d.status === "crash").length;
      expect(effects >= succeeded && effects <= succeeded + crashed, `${p.id}: ${effects} effects`).toBe(true);
    }
  });

  // The embedded database runs one consumer at a time: PGlite's socket server mixes up the
  // statements of concurrent connections (see the report in docs). A real server runs four.
  for (const kind of serverKinds) {
    const concurrency = kind.name === "pglite" ? 1 : 4;
    const count = kind.name === "pglite" ? 600 : 1000;
    it.skipIf(kind.skip !== undefined)(
      `with ctx.once around the side effect, every effect happens exactly once (${kind.name}, concurrency ${concurrency})`,
      async () => {
        const seed = runSeed(20261203) + 1;
        const holds = 6;
        const plans = plan(seed, count, holds, "once");
        const server = await kind.start();
        const sql = postgres(server.url, { max: 1, onnotice: () => {} });
        try {
          await sql.unsafe(RUNTIME_TABLES_SQL);
          // One connection per worker, as in Lambda.
          const result = await run(
            "once",
            plans,
            { DATABASE_URL: server.url, AWS_LAMBDA_FUNCTION_NAME: "reliability-once" },
            concurrency,
          );
          expectSqsContract(result, holds);
          const counts = plans.map((p) => [p.id, result.effects.get(p.id) ?? 0] as const);
          expect(counts.filter(([, n]) => n !== 1)).toEqual([]);
          // Messages were redelivered after their effect ran (killed after it, or failing after it),
          // and ctx.once returned the stored result instead of running the effect again.
          const afterEffect = plans.filter((p) => p.failAfter.length > 0 || p.holdWhere === "after");
          expect(afterEffect.length).toBeGreaterThan(count / 10);
          const [done] = await sql<
            { n: number }[]
          >`SELECT count(*)::int AS n FROM nightshift_once WHERE status = 'done'`;
          expect(done?.n).toBe(plans.length);
        } finally {
          await sql.end({ timeout: 1 });
          await server.stop();
        }
      },
    );
  }
});
