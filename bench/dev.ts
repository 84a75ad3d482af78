import { rm } from "node:fs/promises";
import path from "node:path";
import { type DevEnvironment, startDevEnvironment } from "nightshift/internal/local/environment";
import { cleanup, createProject } from "../packages/nightshift/test/helpers/temp-project";
import { median, percentile, round } from "./stats";

const contract = (concurrency: number) => `import { queue } from "nightshift";
import { z } from "zod";
export default queue({ schema: z.object({ n: z.number(), sentAt: z.number() }), batchSize: 1, concurrency: ${concurrency} });
`;
const handler = (name: string) => `import { handle } from "nightshift";
import contract from "./${name}";
export default handle(contract, async (payload, ctx) => {
  ctx.log.info("start", { latencyMs: Date.now() - payload.sentAt, n: payload.n });
  await new Promise((r) => setTimeout(r, 20));
});
`;

const FILES = {
  "services/cron/noop.ts": `import { cron } from "nightshift";\nexport default cron({ schedule: "rate(1 hour)", async run(ctx) { ctx.log.info("noop"); } });\n`,
  "services/queue/c2.ts": contract(2),
  "services/queue/c2.handler.ts": handler("c2"),
  "services/queue/c10.ts": contract(10),
  "services/queue/c10.handler.ts": handler("c10"),
};

async function startTimed(root: string): Promise<{ env: DevEnvironment; ms: number }> {
  const started = performance.now();
  const env = await startDevEnvironment({
    root,
    env: { ...process.env, DATABASE_URL: "" },
    dashboardPort: 0,
    webPort: false,
    watch: false,
    print: process.env.BENCH_PRINT
      ? (s) => {
          if (!s.startsWith("   ")) process.stderr.write(`[${Math.round(performance.now())}] ${s.split("\n")[0]}\n`);
        }
      : () => {},
    shutdownGraceMs: 2000,
  });
  return { env, ms: performance.now() - started };
}

function latencyOf(env: DevEnvironment, n: number, queue: string): Promise<number> {
  return env.invocations
    .waitFor((r) => r.job === queue && r.logs.some((l) => l.json?.n === n && l.json?.message === "start"))
    .then((r) => Number(r.logs.find((l) => l.json?.message === "start")?.json?.latencyMs));
}

/** Sends `count` messages at once and times until the last one was handled. */
async function throughput(env: DevEnvironment, queue: string, count: number, offset: number): Promise<number> {
  const started = performance.now();
  const done = Array.from({ length: count }, (_, i) => latencyOf(env, offset + i, queue));
  await Promise.all(
    Array.from({ length: count }, (_, i) => env.send(queue, { body: { n: offset + i, sentAt: Date.now() } })),
  );
  await Promise.all(done);
  return count / ((performance.now() - started) / 1000);
}

/**
 * `nightshift dev`: startup (cold = no `.nightshift/`, so PGlite creates its data directory; warm =
 * second start), send → handler-start latency through fauxqs, the poller and a warm worker, and
 * throughput with batchSize 1 at concurrency 2 (the lowest the event source mapping allows) and 10.
 */
export async function benchDev(): Promise<{ title: string; rows: Record<string, unknown>[]; note?: string }> {
  const root = await createProject(FILES);
  try {
    await rm(path.join(root, ".nightshift"), { recursive: true, force: true });
    const cold = await startTimed(root);
    await cold.env.stop();
    const warm = await startTimed(root);
    const env = warm.env;
    try {
      // Warm the workers, then measure one message at a time.
      for (let i = 0; i < 3; i++) {
        const done = latencyOf(env, -1 - i, "c2");
        await env.send("c2", { body: { n: -1 - i, sentAt: Date.now() } });
        await done;
      }
      const latencies: number[] = [];
      for (let n = 0; n < 100; n++) {
        const done = latencyOf(env, n, "c2");
        await env.send("c2", { body: { n, sentAt: Date.now() } });
        latencies.push(await done);
      }
      // Start every worker of the queue first, so the numbers show the steady state, not cold starts.
      await throughput(env, "c10", 10, 3000);
      const c2 = await throughput(env, "c2", 200, 1000);
      const c10 = await throughput(env, "c10", 200, 2000);
      return {
        title: "nightshift dev: startup, send → handler latency, throughput",
        rows: [
          { metric: "startup, cold (new .nightshift, PGlite init)", value: `${round(cold.ms / 1000, 2)} s` },
          { metric: "startup, warm", value: `${round(warm.ms / 1000, 2)} s` },
          { metric: "send → handler start, p50 (warm worker, 100 sends)", value: `${round(median(latencies))} ms` },
          { metric: "send → handler start, p99", value: `${round(percentile(latencies, 99))} ms` },
          {
            metric: "throughput, batch 1, concurrency 2 (200 messages, 20 ms handler, warm)",
            value: `${round(c2)} msg/s`,
          },
          {
            metric: "throughput, batch 1, concurrency 10 (200 messages, 20 ms handler, warm)",
            value: `${round(c10)} msg/s`,
          },
        ],
        note: "Latency is measured inside the handler from the sender's timestamp in the payload. Concurrency 1 is not measured: the SQS event source mapping's maximum concurrency starts at 2.",
      };
    } finally {
      await env.stop();
    }
  } finally {
    await cleanup(root);
  }
}
