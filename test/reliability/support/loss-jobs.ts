/**
 * The queue jobs of the loss test, as files of a throwaway project. Each handler appends what it
 * did to files under `RELIABILITY_DIR` (appends of one short line are atomic between processes).
 *
 * A message's payload carries its fate, decided by the test from a seed: on which deliveries it
 * fails, and on which delivery its worker is killed. A message marked `holdOn` waits until every
 * other record of its batch in this worker has finished, then announces the worker's pid in
 * `hold/<pid>` and hangs until the test SIGKILLs the process: a kill mid-batch at a known point.
 */

const CONTRACT = `import { queue } from "nightshift";
import { z } from "zod";
export default queue({
  schema: z.object({
    id: z.string(),
    failBefore: z.array(z.number()),
    failAfter: z.array(z.number()),
    holdOn: z.number().optional(),
    holdWhere: z.enum(["before", "after"]).optional(),
  }),
});
`;

const PRELUDE = `import { appendFileSync, writeFileSync } from "node:fs";
import path from "node:path";
const dir = process.env.RELIABILITY_DIR as string;
const record = (file: string, line: string) => appendFileSync(path.join(dir, file), line + "\\n");
let active = 0;
async function hold(id: string): Promise<never> {
  while (active > 1) await new Promise((resolve) => setTimeout(resolve, 5));
  writeFileSync(path.join(dir, "hold", String(process.pid)), id);
  return new Promise<never>(() => setInterval(() => {}, 1000));
}
`;

/** Plain handler: the side effect is the "ok" line; failures happen before it. */
const PLAIN_HANDLER = `import { handle } from "nightshift";
import contract from "./plain";
${PRELUDE}
export default handle(contract, async (p, ctx) => {
  active++;
  try {
    record("attempts.log", \`start \${p.id} \${ctx.attempt}\`);
    if (p.holdOn === ctx.attempt) await hold(p.id);
    if (p.failBefore.includes(ctx.attempt) || p.failAfter.includes(ctx.attempt)) {
      throw new Error(\`planned failure of \${p.id} on delivery \${ctx.attempt}\`);
    }
    record("effects.log", p.id);
  } finally {
    active--;
  }
});
`;

/** Idempotent handler: the side effect runs inside ctx.once; failures and kills happen before or after it. */
const ONCE_HANDLER = `import { handle } from "nightshift";
import contract from "./once";
${PRELUDE}
export default handle(contract, async (p, ctx) => {
  active++;
  try {
    record("attempts.log", \`start \${p.id} \${ctx.attempt}\`);
    if (p.failBefore.includes(ctx.attempt)) throw new Error(\`planned failure of \${p.id} before its effect\`);
    if (p.holdOn === ctx.attempt && p.holdWhere === "before") await hold(p.id);
    await ctx.once(async () => {
      record("effects.log", p.id);
    });
    if (p.holdOn === ctx.attempt && p.holdWhere === "after") await hold(p.id);
    if (p.failAfter.includes(ctx.attempt)) throw new Error(\`planned failure of \${p.id} after its effect\`);
  } finally {
    active--;
  }
});
`;

export const LOSS_PROJECT: Record<string, string> = {
  "services/queue/plain.ts": CONTRACT,
  "services/queue/plain.handler.ts": PLAIN_HANDLER,
  "services/queue/once.ts": CONTRACT,
  "services/queue/once.handler.ts": ONCE_HANDLER,
};

/** One message's planned fate. */
export interface MessagePlan {
  readonly id: string;
  readonly failBefore: number[];
  readonly failAfter: number[];
  readonly holdOn?: number;
  readonly holdWhere?: "before" | "after";
}
