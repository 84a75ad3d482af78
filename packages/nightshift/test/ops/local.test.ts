import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeCost } from "../../src/cli/commands/cost";
import { runDlq } from "../../src/cli/commands/dlq";
import { runLogs } from "../../src/cli/commands/logs";
import { runRun } from "../../src/cli/commands/run";
import { runSend } from "../../src/cli/commands/send";
import { type DevEnvironment, startDevEnvironment } from "../../src/local/environment";
import type { InvocationRecord } from "../../src/local/invocations";
import { cleanup, createProject } from "../helpers/temp-project";
import { createOpsProject } from "./helpers/ops-project";
import { testIo } from "./helpers/test-io";

let root: string;
let env: DevEnvironment;
let sqs: SQSClient;

beforeAll(async () => {
  root = await createOpsProject();
  env = await startDevEnvironment({
    root,
    env: { ...process.env, DATABASE_URL: "" },
    dashboardPort: 0,
    webPort: false,
    database: false,
    watch: false,
    cronRetryDelaysMs: [3_600_000, 3_600_000],
    print: () => {},
  });
  sqs = new SQSClient({
    region: env.state.region,
    endpoint: env.state.urls.sqs,
    credentials: { accessKeyId: "nightshift-local", secretAccessKey: "nightshift-local" },
  });
});
afterAll(async () => {
  sqs?.destroy();
  await env?.stop();
  await cleanup(root);
});

/** Resolves with the next finished invocation of `job`. */
function nextRun(job: string): Promise<InvocationRecord> {
  return new Promise((resolve) => {
    const listener = (record: InvocationRecord) => {
      if (record.job !== job) return;
      env.invocations.off("invocation:end", listener);
      resolve(record);
    };
    env.invocations.on("invocation:end", listener);
  });
}

const io = (extra: Parameters<typeof testIo>[0] extends infer O ? Partial<O> : never = {}) =>
  testIo({ cwd: root, startMs: Date.now(), ...extra });

describe("the operations commands against a running local environment", () => {
  it("run: runs a cron now in the environment and prints its log and outcome", async () => {
    const { io: ops, out } = io();
    expect(await runRun({ cron: "check-mentions" }, ops)).toBe(0);
    const text = out.stdout();
    expect(text).toMatch(/info {2}checked mentions \{"found":3\}/);
    expect(text).toMatch(/check-mentions in the local environment: ok after \d+ ms \(manual run, execution \S+\)\n$/);
  });

  it("run: exits 1 and shows the error when the cron fails", async () => {
    const { io: ops, out } = io();
    expect(await runRun({ cron: "flaky" }, ops)).toBe(1);
    expect(out.stdout()).toMatch(/flaky in the local environment: error after \d+ ms/);
    expect(out.stdout()).toContain("feed unavailable");
  });

  it("send: validates, sends, and the local consumer handles the message", async () => {
    const handled = nextRun("emails");
    const { io: ops, out } = io();
    expect(await runSend({ queue: "emails", payload: '{"to":"ada@example.com","subject":"Hi"}' }, ops)).toBe(0);
    expect(out.stdout()).toMatch(/^Sent to emails in the local environment: message \S+\n$/);
    const record = await handled;
    expect(record.status).toBe("ok");
    expect(record.logs.map((l) => l.json?.message)).toContain("sent");
  });

  it("send: rejects a payload the schema refuses, sending nothing", async () => {
    const { io: ops } = io();
    await expect(runSend({ queue: "emails", payload: '{"to":"nobody"}' }, ops)).rejects.toMatchObject({
      code: "E_INVALID_PAYLOAD",
      message: expect.stringMatching(
        /^the payload does not match the schema of emails \(services\/queue\/emails\.ts\), so nothing was sent:\n- to: .+\n- subject: .+\n/,
      ),
    });
  });

  it("logs: prints the job's recent local runs with their lines", async () => {
    const { io: ops, out } = io();
    expect(await runLogs({ job: "check-mentions", since: "10m" }, ops)).toBe(0);
    expect(out.stdout()).toMatch(
      /^\S+ cron check-mentions ok \d+ ms \(manual\)\n {2}\S+ info {2}checked mentions \{"found":3\}\n/,
    );
  });

  it("logs --follow: prints each run once as it finishes, until interrupted", async () => {
    const controller = new AbortController();
    const { io: ops, out } = io({ signal: controller.signal });
    let polls = 0;
    const following = runLogs(
      { job: "check-mentions", since: "0s", follow: true },
      {
        ...ops,
        sleep: async () => {
          polls += 1;
          if (polls === 1) await env.runCron("check-mentions");
          if (polls === 3) controller.abort();
        },
      },
    );
    expect(await following).toBe(0);
    expect(out.stdout().match(/cron check-mentions ok/g)).toHaveLength(1);
  });

  it("dlq: peeks, redrives into the running consumer, and purges the local dead-letter queue", async () => {
    const address = env.queueAddress("emails");
    if (!address) throw new Error("no emails queue");
    for (const subject of ["a", "b"]) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: address.dlqUrl,
          MessageBody: JSON.stringify({ to: "x@example.com", subject }),
        }),
      );
    }
    const summary = io();
    expect(await runDlq({ queue: "emails" }, summary.io)).toBe(0);
    expect(summary.out.stdout()).toContain(
      `${address.dlqPhysicalName} in the local environment: 2 messages waiting, 0 in flight.`,
    );

    const peek = io();
    expect(await runDlq({ queue: "emails", peek: "10", json: true }, peek.io)).toBe(0);
    expect(
      JSON.parse(peek.out.stdout())
        .messages.map((m: { body: { subject: string } }) => m.body.subject)
        .sort(),
    ).toEqual(["a", "b"]);

    const handled = [nextRun("emails"), nextRun("emails")];
    const redrive = io();
    expect(await runDlq({ queue: "emails", redrive: true }, redrive.io)).toBe(0);
    expect(redrive.out.stdout()).toBe(
      `Moved 2 messages from ${address.dlqPhysicalName} back to ${address.physicalName} in the local environment (receive, send, delete).\n`,
    );
    await Promise.race(handled);

    await sqs.send(
      new SendMessageCommand({ QueueUrl: address.dlqUrl, MessageBody: '{"to":"x@example.com","subject":"c"}' }),
    );
    const purge = io();
    expect(await runDlq({ queue: "emails", purge: true, yes: true }, purge.io)).toBe(0);
    expect(purge.out.stdout()).toBe(`Purged ${address.dlqPhysicalName} in the local environment (1 message(s)).\n`);
    expect(env.status.read().queues.find((q) => q.name === "emails")?.deadLetter).toBe(0);
  });

  it("cost --measured: uses the run times the local environment recorded", async () => {
    const runs = env.invocations.list({ job: "check-mentions" }).filter((r) => r.status === "ok");
    expect(runs.length).toBeGreaterThan(0);
    const average = Math.max(1, Math.round(runs.reduce((sum, r) => sum + (r.durationMs ?? 0), 0) / runs.length)) / 1000;
    const report = await computeCost({ measured: true, from: "2027-01-04T00:00:00Z" }, io().io);
    const item = report.items.find((i) => i.name === "check-mentions");
    expect(item?.durationSeconds).toBe(average);
    expect(item?.notes).toEqual([`duration ${average} s measured in local runs`]);
    // flaky only failed: its estimate keeps expectedDuration (the timeout).
    expect(report.items.find((i) => i.name === "flaky")?.durationSeconds).toBe(60);
  });

  it("says how to start the local environment when none is running", async () => {
    const other = await createOpsProject();
    try {
      const { io: ops } = testIo({ cwd: other });
      for (const run of [
        () => runRun({ cron: "check-mentions" }, ops),
        () => runSend({ queue: "emails", payload: "{}" }, ops),
        () => runDlq({ queue: "emails" }, ops),
        () => runLogs({ job: "emails" }, ops),
        () => computeCost({ measured: true }, ops),
      ]) {
        await expect(run()).rejects.toMatchObject({
          code: "E_NO_LOCAL_ENV",
          message: expect.stringContaining("Start it with `npm run dev` in another terminal"),
        });
      }
    } finally {
      await cleanup(other);
    }
  });
});

describe("a project without jobs", () => {
  it("names the empty folder when a job is unknown", async () => {
    const empty = await createProject({ "services/cron/.keep": "" });
    try {
      const { io: ops } = testIo({ cwd: empty });
      await expect(runRun({ cron: "anything" }, ops)).rejects.toThrow(
        'no cron named "anything"; there are none in services/cron/. Run `nightshift list` to see every job.',
      );
    } finally {
      await cleanup(empty);
    }
  });
});
