import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevEnvironment, startDevEnvironment } from "../../src/local/environment";
import type { InvocationRecord } from "../../src/local/invocations";
import { findRunningEnvironment } from "../../src/local/running";
import type { CaughtEmail } from "../../src/local/smtp/inbox";
import { devStateFile } from "../../src/local/state-file";
import type { DevStatus } from "../../src/local/status";
import { cleanup, createProject } from "../helpers/temp-project";

const HELLO = (version: string) => `import { cron } from "nightshift";
export default cron({ schedule: "cron(0 9 ? * MON-FRI *)", timezone: "Europe/Paris", async run(ctx) { ctx.log.info("hello ${version}"); } });
`;

const files = {
  "services/cron/hello.ts": HELLO("v1"),
  "services/cron/broken.ts": `import { cron } from "nightshift";
export default cron({ schedule: "rate(1 day)", retries: 0, async run() { throw new TypeError("the feed URL is missing"); } });
`,
  "services/queue/hold.ts": `import { queue } from "nightshift";
import { z } from "zod";
export default queue({ schema: z.object({ id: z.string() }), batchSize: 1, concurrency: 2 });
`,
  "services/queue/hold.handler.ts": `import { existsSync } from "node:fs";
import { handle } from "nightshift";
import contract from "./hold";
export default handle(contract, async (payload, ctx) => {
  // Holds until the test creates the release file, so a message is in flight at shutdown.
  while (!existsSync(process.env.RELEASE_FILE ?? "")) await new Promise((r) => setTimeout(r, 20));
  ctx.log.info("released", { id: payload.id });
});
`,
};

let root: string;
let release: string;
beforeAll(async () => {
  root = await createProject(files);
  release = path.join(root, "release");
});
afterAll(() => cleanup(root));

const quiet = () => {};
const start = (extra: Partial<Parameters<typeof startDevEnvironment>[0]> = {}) =>
  startDevEnvironment({
    root,
    env: { ...process.env, RELEASE_FILE: release, DATABASE_URL: "" },
    dashboardPort: 0,
    webPort: false,
    print: quiet,
    ...extra,
  });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("nightshift dev environment", () => {
  let env: DevEnvironment;

  it("serves /api/status with crons (schedule, next run, last run) and queues (visible, in flight, DLQ)", async () => {
    env = await start({ database: true, shutdownGraceMs: 300 });
    const url = env.state.urls.dashboard;
    const run = await fetch(`${url}/api/crons/hello/run?wait=1`, { method: "POST" }).then((r) => r.json());
    expect(run).toMatchObject({ job: "hello", status: "ok", trigger: "manual" });
    const status = (await fetch(`${url}/api/status`).then((r) => r.json())) as DevStatus;
    expect(status.crons).toEqual([
      expect.objectContaining({ name: "broken", deadLetter: 0 }),
      expect.objectContaining({
        name: "hello",
        schedule: "cron(0 9 ? * MON-FRI *)",
        timezone: "Europe/Paris",
        enabled: true,
        nextRun: expect.stringMatching(/^\d{4}-\d\d-\d\dT0[78]:00:00\.000Z$/),
        lastRun: expect.objectContaining({ status: "ok", trigger: "manual", durationMs: expect.any(Number) }),
      }),
    ]);
    expect(status.queues).toEqual([
      expect.objectContaining({
        name: "hold",
        visible: 0,
        inFlight: 0,
        deadLetter: 0,
        maxReceiveCount: 4,
        concurrency: 2,
      }),
    ]);
    const logs = (await fetch(`${url}/api/logs?job=hello`).then((r) => r.json())) as {
      invocations: InvocationRecord[];
    };
    expect(logs.invocations[0]?.logs.map((l) => l.json?.message)).toContain("hello v1");
  }, 180_000); // the first start creates the embedded database (initdb), slow on a busy machine

  it("writes .nightshift/dev.json so other commands find the running environment", async () => {
    const found = await findRunningEnvironment(root);
    expect(found).toMatchObject({
      pid: process.pid,
      root,
      resourcePrefix: "local-development",
      urls: { dashboard: env.state.urls.dashboard },
    });
    expect(found?.env).toMatchObject({
      NIGHTSHIFT_ENV: "development",
      AWS_REGION: "us-east-1",
      NIGHTSHIFT_ACCOUNT_ID: "000000000000",
    });
    expect(found?.env.DATABASE_URL).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
  });

  it("refuses to start a second environment for the same checkout", async () => {
    await expect(start()).rejects.toThrow(
      `another \`nightshift dev\` is already running for ${root} (pid ${process.pid}, dashboard ${env.state.urls.dashboard}). Use that one, or stop it (Ctrl-C in its terminal) before starting another.`,
    );
  });

  it("serves the offline fixture feed at FEED_URL", async () => {
    const feed = (await fetch(env.state.env.FEED_URL as string).then((r) => r.json())) as { items: { text: string }[] };
    expect(feed.items.length).toBeGreaterThan(0);
    expect(feed.items.some((item) => item.text.toLowerCase().includes("nightshift"))).toBe(true);
  });

  it("catches email on SMTP_URL and lists it at /api/inbox with its attachments", async () => {
    const transport = nodemailer.createTransport(env.state.env.SMTP_URL as string);
    await transport.sendMail({
      from: "reports@example.com",
      to: "ana@example.com",
      subject: "Your weekly report",
      text: "Attached.",
      attachments: [{ filename: "report.pdf", content: Buffer.from("%PDF-1.4 test"), contentType: "application/pdf" }],
    });
    const url = env.state.urls.dashboard;
    const inbox = (await fetch(`${url}/api/inbox`).then((r) => r.json())) as CaughtEmail[];
    expect(inbox).toEqual([
      expect.objectContaining({
        id: expect.any(String),
        to: ["ana@example.com"],
        subject: "Your weekly report",
        attachments: [{ filename: "report.pdf", contentType: "application/pdf", size: 13 }],
      }),
    ]);
    const download = await fetch(`${url}/api/inbox/${inbox[0]?.id}/attachments/0`);
    expect(await download.text()).toBe("%PDF-1.4 test");
  });

  it("reloads an edited job without a restart", async () => {
    const reloaded = new Promise<void>((resolve) => env.onReload(() => resolve()));
    await writeFile(path.join(root, "services/cron/hello.ts"), HELLO("v2"));
    await reloaded;
    const record = await env.runCron("hello");
    expect(record.logs.map((l) => l.json?.message)).toContain("hello v2");
  });

  it("picks up a queue added while running: new file, new queue and poller, no restart", async () => {
    const reloaded = new Promise<void>((resolve) => {
      const off = env.onReload(() => {
        if (env.project.queues.some((q) => q.name === "added")) {
          off();
          resolve();
        }
      });
    });
    await writeFile(
      path.join(root, "services/queue/added.ts"),
      `import { queue } from "nightshift";\nimport { z } from "zod";\nexport default queue({ schema: z.object({ id: z.string() }) });\n`,
    );
    await writeFile(
      path.join(root, "services/queue/added.handler.ts"),
      `import { handle } from "nightshift";\nimport contract from "./added";\nexport default handle(contract, async (p, ctx) => { ctx.log.info("new queue works", { id: p.id }); });\n`,
    );
    await reloaded;
    await env.send("added", { body: { id: "n1" } });
    const record = await env.invocations.waitFor((r) => r.job === "added");
    expect(record.status).toBe("ok");
    expect(record.logs.some((l) => l.json?.message === "new queue works")).toBe(true);
  });

  it("pauses consumers while a saved file does not load, so messages wait instead of failing into the DLQ", async () => {
    const handler = path.join(root, "services/queue/added.handler.ts");
    const failed = new Promise<Error | undefined>((resolve) => {
      const off = env.onReload((error) => {
        off();
        resolve(error);
      });
    });
    await writeFile(
      handler,
      `import { handle } from "nightshift";\nexport default handle(contract, async (p, ctx) => { ctx.log.info( });\n`,
    );
    expect(await failed).toBeInstanceOf(Error);
    await env.send("added", { body: { id: "while-broken" } });
    const queued = (
      (await fetch(`${env.state.urls.dashboard}/api/status`).then((r) => r.json())) as DevStatus
    ).queues.find((q) => q.name === "added");
    expect(queued).toMatchObject({ visible: 1, inFlight: 0, deadLetter: 0 });

    await writeFile(
      handler,
      `import { handle } from "nightshift";\nimport contract from "./added";\nexport default handle(contract, async (p, ctx) => { ctx.log.info("fixed", { id: p.id }); });\n`,
    );
    const record = await env.invocations.waitFor(
      (r) => r.job === "added" && r.logs.some((l) => l.json?.id === "while-broken"),
    );
    expect(record).toMatchObject({ status: "ok", attempt: 1 });
  });

  it("sends a cron run that failed every attempt to the cron's DLQ, as Lambda's on-failure destination does", async () => {
    const record = await env.runCron("broken");
    expect(record).toMatchObject({ status: "error", attempt: 1 });
    const url = env.state.urls.dashboard;
    const status = async () => ((await fetch(`${url}/api/status`).then((r) => r.json())) as DevStatus).crons[0];
    for (let i = 0; i < 200 && (await status())?.deadLetter !== 1; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await status()).toMatchObject({
      name: "broken",
      deadLetter: 1,
      lastRun: { status: "error", error: "TypeError: the feed URL is missing" },
    });
    const [letter] = (await fetch(`${url}/api/crons/broken/dead-letters`).then((r) => r.json())) as { body: string }[];
    expect(JSON.parse(letter?.body ?? "{}")).toMatchObject({
      requestContext: { condition: "RetriesExhausted", approximateInvokeCount: 1 },
      requestPayload: { job: "broken", attempt: "1" },
      responsePayload: { errorType: "TypeError", errorMessage: "the feed URL is missing" },
    });
  });

  it("answers unknown jobs with E_UNKNOWN_JOB", async () => {
    const response = await fetch(`${env.state.urls.dashboard}/api/crons/nope/run`, { method: "POST" });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        code: "E_UNKNOWN_JOB",
        message: 'There is no cron named "nope" in services/cron/; known crons: broken, hello.',
      },
    });
  });

  it("stops cleanly with messages in flight: nothing deleted, no worker left, state file removed", async () => {
    // Two batches (the concurrency cap) start and hold; the third message waits in the queue.
    const twoStarted = new Promise<void>((resolve) => {
      let started = 0;
      env.invocations.on("invocation:start", (record) => {
        if (record.job === "hold" && ++started === 2) resolve();
      });
    });
    await env.send("hold", { body: { id: "first" } });
    await env.send("hold", { body: { id: "second" } });
    await env.send("hold", { body: { id: "third" } });
    await twoStarted;
    const workers = env.workerPids();
    expect(workers.length).toBeGreaterThan(0);
    await env.stop();
    expect(workers.filter(alive)).toEqual([]);
    expect(existsSync(devStateFile(root))).toBe(false);
    expect(await findRunningEnvironment(root)).toBeUndefined();
    const saved = JSON.parse(await readFile(path.join(root, ".nightshift/queues.json"), "utf8"));
    const messages = saved.queues["local-development-hold"] as { body: string; approximateReceiveCount: number }[];
    expect(messages.map((m) => JSON.parse(m.body).id).sort()).toEqual(["first", "second", "third"]);
    expect(messages.map((m) => m.approximateReceiveCount).sort()).toEqual([0, 1, 1]);
  });

  it("restores saved messages on the next start (receive counts kept) and processes them", async () => {
    await writeFile(release, "");
    env = await start({ shutdownGraceMs: 5000 });
    const done = await Promise.all(
      ["first", "second", "third"].map((id) =>
        env.invocations.waitFor((r) => r.status === "ok" && r.logs.some((l) => l.json?.id === id)),
      ),
    );
    // The two that were in flight come back as their second delivery; the waiting one as its first.
    expect(done.map((r) => r.attempt).sort()).toEqual([1, 2, 2]);
    await env.stop();
  });

  it("refuses a web port in use with E_PORT_IN_USE naming PORT", async () => {
    const webRoot = await createProject({ ...files, "apps/web/package.json": '{ "name": "web", "private": true }\n' });
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(
        startDevEnvironment({ root: webRoot, dashboardPort: 0, webPort: port, database: false, print: quiet }),
      ).rejects.toThrow(
        `Port ${port} for the Next.js app (apps/web) is already in use (another \`nightshift dev\` or another program holds it). Stop that program, or choose another port: PORT=<port> npm run dev.`,
      );
    } finally {
      blocker.close();
      await cleanup(webRoot);
    }
  });

  it("refuses a dashboard port in use with E_PORT_IN_USE naming the port and the env var", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(start({ dashboardPort: port })).rejects.toThrow(
        `Port ${port} for the nightshift dashboard is already in use (another \`nightshift dev\` or another program holds it). Stop that program, or choose another port: NIGHTSHIFT_DASHBOARD_PORT=<port> npm run dev.`,
      );
    } finally {
      blocker.close();
    }
  });
});
