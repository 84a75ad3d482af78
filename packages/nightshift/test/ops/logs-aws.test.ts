import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runLogs } from "../../src/cli/commands/logs";
import { cleanup } from "../helpers/temp-project";
import { type LogsTestServer, startLogsServer } from "./helpers/logs-server";
import { createOpsProject, PREFIX, stubAwsCredentials, stubNoAwsCredentials } from "./helpers/ops-project";
import { testIo } from "./helpers/test-io";

let root: string;
let logs: LogsTestServer;
const NOW = Date.parse("2027-01-04T00:00:00Z");
const GROUP = `/aws/lambda/${PREFIX}-check-mentions`;

beforeAll(async () => {
  root = await createOpsProject();
  logs = await startLogsServer({ pageSize: 2 });
});
afterAll(async () => {
  await logs.stop();
  await cleanup(root);
});
beforeEach(() => {
  logs.groups.clear();
  logs.requests.length = 0;
  logs.groups.set(GROUP, [
    { timestamp: NOW - 2 * 3600_000, message: "too old" },
    { timestamp: NOW - 50 * 60_000, message: "START RequestId: r1 Version: $LATEST\n" },
    {
      timestamp: NOW - 50 * 60_000 + 5,
      message:
        '{"time":"2027-01-03T23:10:00.005Z","level":"info","message":"checked mentions","job":"check-mentions","executionId":"e1","found":3}',
    },
    {
      timestamp: NOW - 50 * 60_000 + 9,
      message:
        '{"time":"2027-01-03T23:10:00.009Z","type":"platform.report","record":{"requestId":"r1","metrics":{"durationMs":9.5,"billedDurationMs":10,"memorySizeMB":256,"maxMemoryUsedMB":70}}}',
    },
    {
      timestamp: NOW - 10 * 60_000,
      message:
        '{"time":"2027-01-03T23:50:00.000Z","level":"error","message":"cron run finished","job":"check-mentions","error":{"name":"Error","message":"boom","stack":"Error: boom\\n    at run (check-mentions.ts:3:9)"}}',
    },
  ]);
  stubAwsCredentials();
  vi.stubEnv("NIGHTSHIFT_LOGS_ENDPOINT", logs.endpoint);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("nightshift logs --env (CloudWatch Logs through the real SDK client)", () => {
  it("reads every page since --since and prints lines readably", async () => {
    const { io, out } = testIo({ cwd: root, env: { ...process.env }, startMs: NOW });
    expect(await runLogs({ job: "check-mentions", env: "pr-7", since: "1h" }, io)).toBe(0);
    expect(logs.requests).toHaveLength(2);
    expect(logs.requests[0]).toMatchObject({ logGroupName: GROUP, startTime: NOW - 3600_000 });
    expect(logs.requests[1]).toMatchObject({ nextToken: "2" });
    expect(out.stdout()).toBe(
      [
        "START RequestId: r1 Version: $LATEST",
        '2027-01-03T23:10:00.005Z info  checked mentions {"found":3}',
        "2027-01-03T23:10:00.009Z REPORT duration 9.5 ms, billed 10 ms, memory 70/256 MB",
        '2027-01-03T23:50:00.000Z error cron run finished {"error":{"name":"Error","message":"boom"}}',
        "    at run (check-mentions.ts:3:9)",
        "",
      ].join("\n"),
    );
  });

  it("prints one JSON object per line with --json", async () => {
    const { io, out } = testIo({ cwd: root, env: { ...process.env }, startMs: NOW });
    await runLogs({ job: "check-mentions", env: "pr-7", since: "15m", json: true }, io);
    const lines = out
      .stdout()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      timestamp: NOW - 10 * 60_000,
      stream: "2027/01/04/[$LATEST]abc",
      eventId: "event-4",
    });
  });

  it("--follow prints new lines once each until interrupted", async () => {
    const controller = new AbortController();
    const { io, out, clock } = testIo({ cwd: root, env: { ...process.env }, startMs: NOW, signal: controller.signal });
    let polls = 0;
    const sleep = io.sleep;
    const following = runLogs(
      { job: "check-mentions", env: "pr-7", since: "15m", follow: true },
      {
        ...io,
        sleep: async (ms, signal) => {
          polls += 1;
          if (polls === 1) logs.groups.get(GROUP)?.push({ timestamp: clock.now, message: "new line" });
          if (polls === 3) controller.abort();
          await sleep(ms, signal);
        },
      },
    );
    expect(await following).toBe(0);
    expect(out.stdout().match(/new line/g)).toHaveLength(1);
    expect(out.stdout().match(/cron run finished/g)).toHaveLength(1);
  });

  it("explains a missing log group", async () => {
    const { io } = testIo({ cwd: root, env: { ...process.env }, startMs: NOW });
    const error = await runLogs({ job: "flaky", env: "pr-7" }, io).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_NOT_DEPLOYED" });
    expect((error as Error).message).toBe(
      `reading the log group /aws/lambda/${PREFIX}-flaky failed: it does not exist in environment "pr-7" (us-east-1) (The specified log group does not exist.). Check the --env name and AWS_REGION, or run the job once (the function writes its first lines then), or deploy it first.`,
    );
  });

  it("names an unknown job and rejects a bad --since", async () => {
    const { io } = testIo({ cwd: root, env: { ...process.env }, startMs: NOW });
    await expect(runLogs({ job: "check-mentons", env: "pr-7" }, io)).rejects.toThrow(
      'no cron or queue named "check-mentons" (did you mean "check-mentions"?); jobs: check-mentions, emails, flaky, orders. Run `nightshift list` to see every job.',
    );
    await expect(runLogs({ job: "check-mentions", env: "pr-7", since: "yesterday" }, io)).rejects.toThrow(
      '--since must be a duration such as 90s, 15m, 2h, 1d or "15 minutes" (got "yesterday").',
    );
  });

  it("explains missing credentials", async () => {
    stubNoAwsCredentials();
    const { io } = testIo({ cwd: root, env: { ...process.env }, startMs: NOW });
    await expect(runLogs({ job: "check-mentions", env: "pr-7" }, io)).rejects.toMatchObject({
      code: "E_NO_CREDENTIALS",
    });
  });
});
