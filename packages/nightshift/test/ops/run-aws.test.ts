import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runRun } from "../../src/cli/commands/run";
import { cleanup } from "../helpers/temp-project";
import { type LambdaTestServer, startLambdaServer } from "./helpers/lambda-server";
import { createOpsProject, PREFIX, stubAwsCredentials, stubNoAwsCredentials } from "./helpers/ops-project";
import { testIo } from "./helpers/test-io";

let root: string;
let lambda: LambdaTestServer;

beforeAll(async () => {
  root = await createOpsProject();
  lambda = await startLambdaServer({ root, prefix: PREFIX });
});
afterAll(async () => {
  await lambda.stop();
  await cleanup(root);
});
beforeEach(() => {
  lambda.invokes.length = 0;
  stubAwsCredentials();
  vi.stubEnv("NIGHTSHIFT_LAMBDA_ENDPOINT", lambda.endpoint);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const io = () => testIo({ cwd: root, env: { ...process.env } });

describe("nightshift run --env (Lambda Invoke through the real SDK client)", () => {
  it("invokes the deployed function asynchronously with the exact Scheduler payload", async () => {
    const { io: ops, out } = io();
    expect(await runRun({ cron: "check-mentions", env: "pr-7" }, ops)).toBe(0);
    expect(lambda.invokes).toHaveLength(1);
    const [invoke] = lambda.invokes;
    expect(invoke).toMatchObject({
      functionName: `${PREFIX}-check-mentions`,
      invocationType: "Event",
      logType: undefined,
    });
    expect(invoke?.payload).toEqual({
      job: "check-mentions",
      schedule: `${PREFIX}-check-mentions`,
      scheduledTime: "2027-01-04T00:00:00Z",
      executionId: expect.stringMatching(/^manual-[0-9a-f-]{36}$/),
      attempt: "1",
    });
    expect(Object.keys(invoke?.payload as object)).toEqual([
      "job",
      "schedule",
      "scheduledTime",
      "executionId",
      "attempt",
    ]);
    expect(out.stdout()).toMatch(
      new RegExp(
        `^Started check-mentions in pr-7 \\(us-east-1\\): asynchronous invoke of ${PREFIX}-check-mentions, execution manual-\\S+\\. A failed run is retried up to 2 times, as a scheduled one would be\\.\\nFollow it with: nightshift logs check-mentions --env pr-7 --follow\\n$`,
      ),
    );
  });

  it("--wait runs synchronously, prints the decoded log tail and the outcome", async () => {
    const { io: ops, out } = io();
    expect(await runRun({ cron: "check-mentions", env: "pr-7", wait: true }, ops)).toBe(0);
    expect(lambda.invokes[0]).toMatchObject({ invocationType: "RequestResponse", logType: "Tail" });
    const text = out.stdout();
    expect(text).toContain("START RequestId:");
    expect(text).toMatch(/\d{4}-\d\d-\d\dT\S+ info {2}checked mentions \{"found":3\}/);
    expect(text).toMatch(/check-mentions in pr-7 \(us-east-1\): ok after \d+ ms \(execution manual-\S+\)\n$/);
  });

  it("--wait exits 1 and shows the error when the function fails", async () => {
    const { io: ops, out } = io();
    expect(await runRun({ cron: "flaky", env: "pr-7", wait: true }, ops)).toBe(1);
    const text = out.stdout();
    expect(text).toMatch(
      /error cron run finished \{"outcome":"error".*"error":\{"name":"Error","message":"feed unavailable"\}\}\n {4}at /,
    );
    expect(text).toMatch(
      /flaky in pr-7 \(us-east-1\) failed \(execution manual-\S+\): Error: feed unavailable\nA run started with --wait is not retried; fix the cause, then run it again\.\n$/,
    );
  });

  it("prints JSON with --json", async () => {
    const { io: ops, out } = io();
    expect(await runRun({ cron: "flaky", env: "pr-7", wait: true, json: true }, ops)).toBe(1);
    expect(JSON.parse(out.stdout())).toMatchObject({
      job: "flaky",
      environment: "pr-7",
      functionName: `${PREFIX}-flaky`,
      outcome: "error",
      result: { errorType: "Error", errorMessage: "feed unavailable" },
    });
  });

  it("says the function is not deployed in that environment", async () => {
    const { io: ops } = io();
    const error = await runRun({ cron: "check-mentions", env: "pr-9" }, ops).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_NOT_DEPLOYED" });
    expect((error as Error).message).toBe(
      'invoking wordmon-pr-9-check-mentions failed: it does not exist in environment "pr-9" (us-east-1) (Function not found: arn:aws:lambda:us-east-1:123456789012:function:wordmon-pr-9-check-mentions). Check the --env name and AWS_REGION, or deploy it first (merge to main for production, or push the pull request for pr-<N>).',
    );
  });

  it("names an unknown cron with the closest match", async () => {
    const { io: ops } = io();
    await expect(runRun({ cron: "check-mention", env: "pr-7" }, ops)).rejects.toThrow(
      'no cron named "check-mention" (did you mean "check-mentions"?); services/cron/ has check-mentions, flaky. Run `nightshift list` to see every job.',
    );
    await expect(runRun({ cron: "emails", env: "pr-7" }, ops)).rejects.toThrow(
      "\"emails\" is a queue (services/queue/emails.ts), and `nightshift run` takes a cron; use `nightshift send emails '<json>'`.",
    );
    expect(lambda.invokes).toHaveLength(0);
  });

  it("explains missing credentials", async () => {
    stubNoAwsCredentials();
    const { io: ops } = io();
    const error = await runRun({ cron: "check-mentions", env: "pr-7" }, ops).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_NO_CREDENTIALS" });
    expect((error as Error).message).toMatch(
      /^no AWS credentials found for invoking wordmon-pr-7-check-mentions in environment "pr-7" \(us-east-1\) /,
    );
    expect(lambda.invokes).toHaveLength(0);
  });
});
