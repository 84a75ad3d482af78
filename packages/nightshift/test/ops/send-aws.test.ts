import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runSend } from "../../src/cli/commands/send";
import { cleanup } from "../helpers/temp-project";
import { createOpsProject, PREFIX, stubAwsCredentials } from "./helpers/ops-project";
import { type SqsTestServer, startSqsServer } from "./helpers/sqs-server";
import { testIo } from "./helpers/test-io";

let root: string;
let sqs: SqsTestServer;

beforeAll(async () => {
  root = await createOpsProject();
  sqs = await startSqsServer();
});
afterAll(async () => {
  await sqs.stop();
  await cleanup(root);
});
beforeEach(() => {
  for (const name of [
    `${PREFIX}-emails`,
    `${PREFIX}-emails-dlq`,
    `${PREFIX}-orders.fifo`,
    `${PREFIX}-orders-dlq.fifo`,
  ]) {
    sqs.fauxqs.deleteQueue(name);
  }
  sqs.createQueuePair(`${PREFIX}-emails`);
  sqs.createQueuePair(`${PREFIX}-orders`, { fifo: true, contentBasedDeduplication: true });
  stubAwsCredentials();
  vi.stubEnv("NIGHTSHIFT_SQS_ENDPOINT", sqs.directEndpoint);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const io = () => testIo({ cwd: root, env: { ...process.env } });

describe("nightshift send --env (through the runtime producer and the real SQS client)", () => {
  it("sends a valid payload as the raw JSON body", async () => {
    const { io: ops, out } = io();
    expect(
      await runSend({ queue: "emails", payload: '{"to":"ada@example.com","subject":"Hi"}', env: "pr-7" }, ops),
    ).toBe(0);
    expect(sqs.bodies(`${PREFIX}-emails`)).toEqual(['{"to":"ada@example.com","subject":"Hi"}']);
    expect(out.stdout()).toMatch(/^Sent to emails in pr-7 \(us-east-1\): message [0-9a-f-]{36}\n$/);
    // The producer's settings are put back afterwards.
    expect(process.env.NIGHTSHIFT_RESOURCE_PREFIX).toBeUndefined();
  });

  it("reads @file payloads and applies --delay", async () => {
    await writeFile(path.join(root, "payload.json"), '{\n  "to": "bob@example.com",\n  "subject": "Later"\n}\n');
    const { io: ops, out } = io();
    expect(
      await runSend({ queue: "emails", payload: "@payload.json", env: "pr-7", delay: "2m", json: true }, ops),
    ).toBe(0);
    expect(JSON.parse(out.stdout())).toMatchObject({
      queue: "emails",
      environment: "pr-7",
      messageId: expect.any(String),
    });
    const queued = sqs.fauxqs.inspectQueue(`${PREFIX}-emails`);
    expect(queued?.messages.delayed.map((m) => JSON.parse(m.body).subject)).toEqual(["Later"]);
  });

  it("sends to a FIFO queue with a message group", async () => {
    const { io: ops } = io();
    expect(await runSend({ queue: "orders", payload: '{"id":1}', env: "pr-7", group: "customer-a" }, ops)).toBe(0);
    expect(sqs.fauxqs.inspectQueue(`${PREFIX}-orders.fifo`)?.messages.ready.map((m) => m.messageGroupId)).toEqual([
      "customer-a",
    ]);
  });

  it("lists every schema issue and sends nothing", async () => {
    const { io: ops } = io();
    await expect(
      runSend({ queue: "emails", payload: '{"to":"not-an-email","subject":""}', env: "pr-7" }, ops),
    ).rejects.toThrow(
      /^the payload does not match the schema of emails \(services\/queue\/emails\.ts\), so nothing was sent:\n- to: .+\n- subject: .+\nFix the payload, or the schema if the payload is right\.$/,
    );
    expect(sqs.bodies(`${PREFIX}-emails`)).toEqual([]);
  });

  it("points at the JSON syntax error with line and column", async () => {
    const { io: ops } = io();
    await expect(
      runSend({ queue: "emails", payload: '{"to": "a@b.co", subject: "x"}', env: "pr-7" }, ops),
    ).rejects.toThrow(
      'the payload argument is not valid JSON: line 1, column 18: expected a double-quoted string, found "s".\n{"to": "a@b.co", subject: "x"}\n                 ^\nQuote keys and strings with double quotes, and leave no trailing commas; in a shell, wrap the JSON in single quotes.',
    );
    await writeFile(path.join(root, "broken.json"), '{\n  "to": "a@b.co",\n}\n');
    await expect(runSend({ queue: "emails", payload: "@broken.json", env: "pr-7" }, ops)).rejects.toThrow(
      'broken.json is not valid JSON: line 3, column 1: expected another key (no trailing comma), found "}".',
    );
    await expect(runSend({ queue: "emails", payload: "@missing.json", env: "pr-7" }, ops)).rejects.toThrow(
      `cannot read the payload file "missing.json" (ENOENT); give @<path to a JSON file>, relative to ${root}.`,
    );
  });

  it("names an unknown queue and rejects a bad --delay before sending", async () => {
    const { io: ops } = io();
    await expect(runSend({ queue: "email", payload: "{}", env: "pr-7" }, ops)).rejects.toThrow(
      'no queue named "email" (did you mean "emails"?); services/queue/ has emails, orders. Run `nightshift list` to see every job.',
    );
    await expect(runSend({ queue: "emails", payload: "{}", env: "pr-7", delay: "soon" }, ops)).rejects.toThrow(
      '--delay must be a duration such as 90s, 15m, 2h, 1d or "15 minutes" (got "soon").',
    );
  });

  it("says the queue is not deployed in that environment", async () => {
    const { io: ops } = io();
    await expect(
      runSend({ queue: "emails", payload: '{"to":"a@b.co","subject":"x"}', env: "pr-9" }, ops),
    ).rejects.toMatchObject({
      code: "E_NOT_DEPLOYED",
    });
  });
});
