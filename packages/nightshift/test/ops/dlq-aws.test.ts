import { ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runDlq } from "../../src/cli/commands/dlq";
import { cleanup } from "../helpers/temp-project";
import { createOpsProject, PREFIX, stubAwsCredentials, stubNoAwsCredentials } from "./helpers/ops-project";
import { type SqsTestServer, startSqsServer } from "./helpers/sqs-server";
import { testIo } from "./helpers/test-io";

let root: string;
let sqs: SqsTestServer;
let emails: { url: string; dlqUrl: string };
let orders: { url: string; dlqUrl: string };

beforeAll(async () => {
  root = await createOpsProject();
  sqs = await startSqsServer();
});
afterAll(async () => {
  await sqs.stop();
  await cleanup(root);
});
beforeEach(() => {
  sqs.fauxqs.deleteQueue(`${PREFIX}-emails`);
  sqs.fauxqs.deleteQueue(`${PREFIX}-emails-dlq`);
  sqs.fauxqs.deleteQueue(`${PREFIX}-orders.fifo`);
  sqs.fauxqs.deleteQueue(`${PREFIX}-orders-dlq.fifo`);
  emails = sqs.createQueuePair(`${PREFIX}-emails`);
  orders = sqs.createQueuePair(`${PREFIX}-orders`, { fifo: true, contentBasedDeduplication: true });
  stubAwsCredentials();
  vi.stubEnv("NIGHTSHIFT_SQS_ENDPOINT", sqs.endpoint);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const env = () => ({ ...process.env });

async function deadLetter(url: string, body: object, group?: string) {
  await sqs.client.send(
    new SendMessageCommand({
      QueueUrl: url,
      MessageBody: JSON.stringify(body),
      MessageAttributes: { source: { DataType: "String", StringValue: "test" } },
      ...(group ? { MessageGroupId: group, MessageDeduplicationId: `${group}-${JSON.stringify(body)}` } : {}),
    }),
  );
}

describe("nightshift dlq --env (SQS through the real SDK client)", () => {
  it("summarizes the dead-letter queue found through the queue's redrive policy", async () => {
    await deadLetter(emails.dlqUrl, { to: "a@example.com", subject: "1" });
    await deadLetter(emails.dlqUrl, { to: "b@example.com", subject: "2" });
    const { io, out } = testIo({ cwd: root, env: env() });
    expect(await runDlq({ queue: "emails", env: "pr-7" }, io)).toBe(0);
    expect(out.stdout()).toBe(
      `${PREFIX}-emails-dlq in pr-7 (us-east-1): 2 messages waiting, 0 in flight.\nSee them with --peek 10; move them back with --redrive once the handler is fixed.\n`,
    );
  });

  it("peeks without removing or hiding the messages", async () => {
    for (const n of [1, 2, 3]) await deadLetter(emails.dlqUrl, { to: `${n}@example.com`, subject: String(n) });
    const { io, out } = testIo({ cwd: root, env: env() });
    expect(await runDlq({ queue: "emails", env: "pr-7", peek: "2", json: true }, io)).toBe(0);
    const result = JSON.parse(out.stdout());
    expect(result).toMatchObject({ queue: "emails", dlq: `${PREFIX}-emails-dlq`, environment: "pr-7" });
    expect(result.messages).toHaveLength(2);
    expect(result.messages[0]).toMatchObject({
      body: { to: "1@example.com", subject: "1" },
      receiveCount: 1,
      attributes: { source: "test" },
    });
    expect(result.messages[0].sentAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Still there and visible: a receive right away gets all three.
    const again = await sqs.client.send(
      new ReceiveMessageCommand({ QueueUrl: emails.dlqUrl, MaxNumberOfMessages: 10 }),
    );
    expect(again.Messages).toHaveLength(3);
  });

  it("prints peeked messages as text", async () => {
    await deadLetter(emails.dlqUrl, { to: "a@example.com", subject: "hi" });
    const { io, out } = testIo({ cwd: root, env: env() });
    await runDlq({ queue: "emails", env: "pr-7", peek: "5" }, io);
    const text = out.stdout();
    expect(text).toContain(`${PREFIX}-emails-dlq in pr-7 (us-east-1): showing 1 message (still in the DLQ)`);
    expect(text).toMatch(/- \S+ {2}received 1× {2}sent \d{4}-/);
    expect(text).toContain('{"to":"a@example.com","subject":"hi"}');
  });

  it("redrives a standard queue with a message move task and shows its progress", async () => {
    for (const n of [1, 2, 3]) await deadLetter(emails.dlqUrl, { to: `${n}@example.com`, subject: String(n) });
    const { io, out } = testIo({ cwd: root, env: env(), tickMs: 400 });
    expect(await runDlq({ queue: "emails", env: "pr-7", redrive: true }, io)).toBe(0);
    expect(sqs.moveTasks).toHaveLength(1);
    expect(sqs.moveTasks[0]).toMatchObject({
      sourceArn: expect.stringMatching(new RegExp(`:${PREFIX}-emails-dlq$`)),
      destinationArn: expect.stringMatching(new RegExp(`:${PREFIX}-emails$`)),
      moved: 3,
      status: "COMPLETED",
    });
    expect(out.stderr()).toMatch(
      new RegExp(`Moving messages from ${PREFIX}-emails-dlq to ${PREFIX}-emails: \\d/3 \\(\\d+s\\)`),
    );
    expect(out.stdout()).toBe(
      `Moved 3 messages from ${PREFIX}-emails-dlq back to ${PREFIX}-emails in pr-7 (us-east-1) (SQS message move task).\n`,
    );
    expect(sqs.bodies(`${PREFIX}-emails-dlq`)).toEqual([]);
    expect(
      sqs
        .bodies(`${PREFIX}-emails`)
        .map((b) => JSON.parse(b).subject)
        .sort(),
    ).toEqual(["1", "2", "3"]);
  });

  it("says so when the DLQ is empty", async () => {
    const { io, out } = testIo({ cwd: root, env: env() });
    expect(await runDlq({ queue: "emails", env: "pr-7", redrive: true }, io)).toBe(0);
    expect(out.stdout()).toBe(`${PREFIX}-emails-dlq in pr-7 (us-east-1) is empty: nothing to redrive.\n`);
    expect(sqs.moveTasks.filter((t) => t.sourceArn.endsWith("emails-dlq") && t.toMove === 0)).toHaveLength(0);
  });

  it("redrives a FIFO queue by resending, keeping each group's order and its group id", async () => {
    for (const n of [1, 2, 3]) await deadLetter(orders.dlqUrl, { id: n }, "customer-a");
    for (const n of [10, 11]) await deadLetter(orders.dlqUrl, { id: n }, "customer-b");
    const { io, out } = testIo({ cwd: root, env: env(), tickMs: 300 });
    expect(await runDlq({ queue: "orders", env: "pr-7", redrive: true, json: true }, io)).toBe(0);
    expect(JSON.parse(out.stdout())).toMatchObject({ moved: 5, method: "resend", interrupted: false });
    expect(sqs.bodies(`${PREFIX}-orders-dlq.fifo`)).toEqual([]);
    const moved = sqs.fauxqs.inspectQueue(`${PREFIX}-orders.fifo`)?.messages.ready ?? [];
    const byGroup = (group: string) =>
      moved.filter((m) => m.messageGroupId === group).map((m) => JSON.parse(m.body).id);
    expect(byGroup("customer-a")).toEqual([1, 2, 3]);
    expect(byGroup("customer-b")).toEqual([10, 11]);
    expect(moved.every((m) => m.messageDeduplicationId?.startsWith("redrive-"))).toBe(true);
    expect(moved[0]?.messageAttributes.source?.StringValue).toBe("test");
    expect(out.stderr()).toContain(`Moving messages from ${PREFIX}-orders-dlq.fifo to ${PREFIX}-orders.fifo: `);
  });

  it("stops a FIFO redrive at a failed send and never deletes or reorders what was not sent", async () => {
    sqs.fauxqs.deleteQueue(`${PREFIX}-orders.fifo`);
    sqs.fauxqs.createQueue(`${PREFIX}-orders.fifo`, {
      attributes: {
        FifoQueue: "true",
        MaximumMessageSize: "1024",
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: `arn:aws:sqs:us-east-1:000000000000:${PREFIX}-orders-dlq.fifo`,
          maxReceiveCount: 2,
        }),
      },
    });
    await deadLetter(orders.dlqUrl, { id: 1 }, "customer-a");
    await deadLetter(orders.dlqUrl, { id: 2, note: "x".repeat(2000) }, "customer-a");
    await deadLetter(orders.dlqUrl, { id: 3 }, "customer-a");
    const { io } = testIo({ cwd: root, env: env() });
    const failure = runDlq({ queue: "orders", env: "pr-7", redrive: true }, io);
    await expect(failure).rejects.toThrow(
      /^sending message \S+ to wordmon-pr-7-orders\.fifo in environment "pr-7" \(us-east-1\) failed: [\w.]+: .*Message must be shorter than 1024 bytes\.\nMoved 1 message before this; message \S+ and the rest are still in wordmon-pr-7-orders-dlq\.fifo\. Fix the cause and run the redrive again\.$/,
    );
    expect(sqs.bodies(`${PREFIX}-orders.fifo`).map((b) => JSON.parse(b).id)).toEqual([1]);
    const left = sqs.fauxqs.inspectQueue(`${PREFIX}-orders-dlq.fifo`);
    const leftIds = [...(left?.messages.ready ?? []), ...(left?.messages.inflight.map((m) => m.message) ?? [])].map(
      (m) => JSON.parse(m.body).id,
    );
    expect(leftIds.sort()).toEqual([2, 3]);
  });

  it("Ctrl-C stops watching a move task, which keeps running", async () => {
    for (const n of [1, 2, 3]) await deadLetter(emails.dlqUrl, { to: `${n}@example.com`, subject: String(n) });
    const controller = new AbortController();
    const { io, out } = testIo({ cwd: root, env: env(), signal: controller.signal });
    const interrupted = runDlq(
      { queue: "emails", env: "pr-7", redrive: true },
      {
        ...io,
        // Ctrl-C during the first wait; the last status read before stopping sees 2 moved.
        sleep: async () => controller.abort(),
      },
    );
    expect(await interrupted).toBe(130);
    expect(out.stdout()).toBe(
      "Stopped watching after 2 moved; the move task keeps running in AWS (see the queue in the SQS console).\n",
    );
    expect(sqs.moveTasks.at(-1)?.status).toBe("RUNNING");
  });

  it("Ctrl-C stops a FIFO redrive between messages and leaves the rest visible in the DLQ", async () => {
    for (const n of [1, 2, 3]) await deadLetter(orders.dlqUrl, { id: n }, "customer-a");
    const controller = new AbortController();
    const { io, out } = testIo({ cwd: root, env: env(), signal: controller.signal });
    let sends = 0;
    const run = runDlq(
      { queue: "orders", env: "pr-7", redrive: true },
      {
        ...io,
        // Progress reads the clock after each moved message: interrupt after the first.
        now: () => {
          const moved = sqs.bodies(`${PREFIX}-orders.fifo`).length;
          if (moved >= 1 && sends++ === 0) controller.abort();
          return io.now();
        },
      },
    );
    expect(await run).toBe(130);
    expect(out.stdout()).toBe(
      `Stopped after moving 1; the rest are still in ${PREFIX}-orders-dlq.fifo. Run the redrive again to continue.\n`,
    );
    const left = sqs.fauxqs.inspectQueue(`${PREFIX}-orders-dlq.fifo`);
    expect(left?.messages.ready.map((m) => JSON.parse(m.body).id)).toEqual([2, 3]);
    expect(left?.messages.inflight).toEqual([]);
  });

  it("purges after confirmation, and refuses without it", async () => {
    await deadLetter(emails.dlqUrl, { to: "a@example.com", subject: "1" });
    const refused = testIo({ cwd: root, env: env(), confirm: false });
    await expect(runDlq({ queue: "emails", env: "pr-7", purge: true }, refused.io)).rejects.toThrow(
      `purge of ${PREFIX}-emails-dlq not confirmed, so nothing was deleted; answer "y", or pass --yes when no terminal can answer (CI).`,
    );
    expect(refused.questions).toEqual([
      `Delete all 1 message(s) in ${PREFIX}-emails-dlq in pr-7 (us-east-1)? This cannot be undone.`,
    ]);
    expect(sqs.bodies(`${PREFIX}-emails-dlq`)).toHaveLength(1);
    const { io, out, questions } = testIo({ cwd: root, env: env() });
    expect(await runDlq({ queue: "emails", env: "pr-7", purge: true, yes: true }, io)).toBe(0);
    expect(questions).toEqual([]);
    expect(out.stdout()).toBe(`Purged ${PREFIX}-emails-dlq in pr-7 (us-east-1) (1 message(s)).\n`);
    expect(sqs.bodies(`${PREFIX}-emails-dlq`)).toEqual([]);
  });

  it("names an unknown queue with the closest match, before contacting AWS", async () => {
    const { io } = testIo({ cwd: root, env: env() });
    await expect(runDlq({ queue: "emials", env: "pr-7" }, io)).rejects.toThrow(
      'no queue named "emials" (did you mean "emails"?); services/queue/ has emails, orders. Run `nightshift list` to see every job.',
    );
    await expect(runDlq({ queue: "check-mentions", env: "pr-7" }, io)).rejects.toThrow(
      '"check-mentions" is a cron (services/cron/check-mentions.ts), and `nightshift dlq` takes a queue; use `nightshift run check-mentions`.',
    );
  });

  it("rejects two actions at once and a bad --peek", async () => {
    const { io } = testIo({ cwd: root, env: env() });
    await expect(runDlq({ queue: "emails", env: "pr-7", redrive: true, purge: true }, io)).rejects.toThrow(
      "choose one of --peek, --redrive and --purge (got --redrive and --purge).",
    );
    await expect(runDlq({ queue: "emails", env: "pr-7", peek: "ten" }, io)).rejects.toThrow(
      '--peek must be a whole number 1–100 (got "ten"); e.g. --peek 10.',
    );
  });

  it("says the queue is not deployed when the environment does not have it", async () => {
    const { io } = testIo({ cwd: root, env: env() });
    const error = await runDlq({ queue: "emails", env: "pr-8" }, io).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_NOT_DEPLOYED" });
    expect((error as Error).message).toMatch(
      /^finding the queue wordmon-pr-8-emails failed: it does not exist in environment "pr-8" \(us-east-1\) \(.+\)\. Check the --env name and AWS_REGION, or deploy it first \(merge to main for production, or push the pull request for pr-<N>\)\.$/,
    );
  });

  it("explains missing AWS credentials and how to log in", async () => {
    stubNoAwsCredentials();
    const { io } = testIo({ cwd: root, env: env() });
    const error = await runDlq({ queue: "emails", env: "pr-7" }, io).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_NO_CREDENTIALS" });
    expect((error as Error).message).toMatch(
      /^no AWS credentials found for finding the queue wordmon-pr-7-emails in environment "pr-7" \(us-east-1\) \(.+\)\. Log in with `aws sso login --profile <profile>` and set AWS_PROFILE=<profile>, or export AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY \(and AWS_SESSION_TOKEN\); `aws sts get-caller-identity` shows who you are\.$/,
    );
  });
});
