import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleFunctions } from "../../src/bundle";
import { discoverProject } from "../../src/discovery/discover";
import { cleanup, createProject } from "../helpers/temp-project";

/**
 * Runs the real zips the way Lambda does: unzipped into a folder, imported by a fresh Node process
 * with source maps on, and invoked with the events Scheduler and SQS deliver.
 */
const run = promisify(execFile);

const files = {
  "services/cron/stamp.ts": `import { cron } from "nightshift";
export default cron({
  schedule: "cron(0 9 ? * MON-FRI *)",
  timezone: "Europe/Paris",
  async run(ctx) {
    ctx.log.info("stamping", { scheduledTime: ctx.scheduledTime.toISOString(), attempt: ctx.attempt });
    if (ctx.executionId === "exec-fail") throw new Error("stamp failed on purpose");
  },
});
`,
  "services/queue/orders.ts": `import { queue } from "nightshift";
import { z } from "zod";
export default queue({ schema: z.object({ id: z.string(), fail: z.boolean().optional() }) });
`,
  "services/queue/orders.handler.ts": `import { handle } from "nightshift";
import contract from "./orders";
export default handle(contract, async (order, ctx) => {
  if (order.fail) throw new Error(\`order \${order.id} failed on attempt \${ctx.attempt}\`);
  ctx.log.info("order done", { id: order.id });
});
`,
  "services/queue/ledger.ts": `import { queue } from "nightshift";
import { z } from "zod";
export default queue({ schema: z.object({ seq: z.number(), fail: z.boolean().optional() }), fifo: true });
`,
  "services/queue/ledger.handler.ts": `import { handle } from "nightshift";
import contract from "./ledger";
export default handle(contract, async (entry) => { if (entry.fail) throw new Error("ledger entry " + entry.seq + " failed"); });
`,
};

let root: string;
const entry: Record<string, string> = {};

beforeAll(async () => {
  root = await createProject(files);
  const bundles = await bundleFunctions(await discoverProject(root), { outDir: path.join(root, "zips") });
  for (const bundle of bundles) {
    const dir = path.join(root, "functions", bundle.name);
    await mkdir(dir, { recursive: true });
    for (const [name, bytes] of Object.entries(unzipSync(await readFile(bundle.zipPath))))
      await writeFile(path.join(dir, name), bytes);
    entry[bundle.name] = pathToFileURL(path.join(dir, "index.mjs")).href;
  }
});
afterAll(() => cleanup(root));

interface Invocation {
  result?: unknown;
  error?: string;
  logs: Record<string, unknown>[];
}

async function invoke(name: string, event: unknown): Promise<Invocation> {
  const script = `
    const { handler } = await import(${JSON.stringify(entry[name])});
    const deadline = Date.now() + 30000;
    const context = { awsRequestId: "2f1f5e2e-0000-4000-8000-000000000001", functionName: "wordmon-production-${name}", getRemainingTimeInMillis: () => deadline - Date.now() };
    try {
      const result = await handler(JSON.parse(process.argv[1]), context);
      process.stdout.write("RESULT " + JSON.stringify(result ?? null) + "\\n");
    } catch (error) {
      process.stdout.write("ERROR " + error.message + "\\n");
    }`;
  const { stdout } = await run(
    process.execPath,
    ["--enable-source-maps", "--input-type=module", "-e", script, JSON.stringify(event)],
    {
      env: { PATH: process.env.PATH, AWS_REGION: "us-east-1", NIGHTSHIFT_ENV: "production", NIGHTSHIFT_APP: "wordmon" },
    },
  );
  const out: Invocation = { logs: [] };
  for (const line of stdout.trim().split("\n")) {
    if (line.startsWith("RESULT ")) out.result = JSON.parse(line.slice(7));
    else if (line.startsWith("ERROR ")) out.error = line.slice(6);
    else out.logs.push(JSON.parse(line));
  }
  return out;
}

function sqsRecord(id: string, body: string, receiveCount = 1, groupId?: string) {
  return {
    messageId: id,
    receiptHandle: `AQEB${id}Zz9dFQ==`,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: "1764752400000",
      SenderId: "AROAEXAMPLE:wordmon-production-web",
      ApproximateFirstReceiveTimestamp: "1764752400120",
      ...(groupId
        ? { MessageGroupId: groupId, MessageDeduplicationId: `dedupe-${id}`, SequenceNumber: "18849496460467696128" }
        : {}),
    },
    messageAttributes: {
      source: { stringValue: "web", stringListValues: [], binaryListValues: [], dataType: "String" },
    },
    md5OfBody: "0f4b7bd4c8d8c9f0b2b1f1f1f1f1f1f1",
    eventSource: "aws:sqs",
    eventSourceARN: `arn:aws:sqs:us-east-1:111122223333:wordmon-production-${groupId ? "ledger.fifo" : "orders"}`,
    awsRegion: "us-east-1",
  };
}

describe("bundled queue function", () => {
  it("reports exactly the failed, poison and rejected records of a mixed batch", async () => {
    const { result, logs } = await invoke("orders", {
      Records: [
        sqsRecord("m-good-1", JSON.stringify({ id: "a" })),
        sqsRecord("m-fails", JSON.stringify({ id: "b", fail: true }), 2),
        sqsRecord("m-not-json", "{id: b"),
        sqsRecord("m-rejected", JSON.stringify({ id: 42 })),
        sqsRecord("m-good-2", JSON.stringify({ id: "c" })),
      ],
    });
    expect(result).toEqual({
      batchItemFailures: [
        { itemIdentifier: "m-fails" },
        { itemIdentifier: "m-not-json" },
        { itemIdentifier: "m-rejected" },
      ],
    });
    const messages = logs.map((l) => `${l.level} ${l.messageId ?? ""} ${l.message}`);
    expect(messages).toContain("info m-good-1 order done");
    expect(
      logs.some((l) => l.messageId === "m-fails" && String(JSON.stringify(l)).includes("order b failed on attempt 2")),
    ).toBe(true);
    expect(logs.some((l) => l.messageId === "m-not-json" && l.level === "error")).toBe(true);
    expect(logs.some((l) => l.messageId === "m-rejected" && JSON.stringify(l).includes("id"))).toBe(true);
  });

  it("fails the rest of a FIFO message group after a failure, and no other group", async () => {
    const { result } = await invoke("ledger", {
      Records: [
        sqsRecord("l-1", JSON.stringify({ seq: 1 }), 1, "acct-1"),
        sqsRecord("l-2", JSON.stringify({ seq: 2, fail: true }), 1, "acct-1"),
        sqsRecord("l-3", JSON.stringify({ seq: 3 }), 1, "acct-2"),
        sqsRecord("l-4", JSON.stringify({ seq: 4 }), 1, "acct-1"),
      ],
    });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "l-2" }, { itemIdentifier: "l-4" }] });
  });
});

describe("bundled cron function", () => {
  const event = (executionId: string) => ({
    job: "stamp",
    schedule: "wordmon-production-stamp",
    scheduledTime: "2026-12-03T08:00:00Z",
    executionId,
    attempt: "1",
  });

  it("runs with the Scheduler's time and ids and logs the outcome", async () => {
    const { result, error, logs } = await invoke("stamp", event("exec-ok"));
    expect(error).toBeUndefined();
    expect(result).toBeDefined();
    const stamping = logs.find((l) => l.message === "stamping");
    expect(stamping).toMatchObject({
      job: "stamp",
      executionId: "exec-ok",
      scheduledTime: "2026-12-03T08:00:00.000Z",
      attempt: 1,
    });
    expect(logs.at(-1)).toMatchObject({ job: "stamp", executionId: "exec-ok", outcome: "ok" });
    expect(typeof logs.at(-1)?.durationMs).toBe("number");
  });

  it("rethrows a failed run so Lambda retries it and routes it to the failed-runs queue", async () => {
    const { error, logs } = await invoke("stamp", event("exec-fail"));
    expect(error).toBe("stamp failed on purpose");
    expect(logs.at(-1)).toMatchObject({ job: "stamp", executionId: "exec-fail", outcome: "error" });
  });
});
