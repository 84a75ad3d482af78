import { createQueueHandler } from "nightshift/lambda";
import { PDFParse } from "pdf-parse";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addWord, recordMentions } from "../lib/mention-store";
import generateReportHandler from "../queue/generate-report.handler";
import { startTestDatabase, type TestDatabase } from "./support/database";
import { lambdaContext, memoryLog, sqsEvent } from "./support/lambda";
import { startTestSmtpServer, type TestSmtpServer } from "./support/smtp";

/** The message of the error a log line carries. */
const errorText = (line: Record<string, unknown> | undefined) => (line?.error as Error | undefined)?.message;
const pdfText = async (data: Buffer) => (await new PDFParse({ data: new Uint8Array(data) }).getText()).text;

describe("generate-report handler", () => {
  let db: TestDatabase;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    db = await startTestDatabase();
    smtp = await startTestSmtpServer();
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    await smtp?.stop();
    await db?.stop();
  });
  beforeEach(async () => {
    await db.reset();
    smtp.received.length = 0;
    smtp.refuse.clear();
    smtp.defer.clear();
    process.env.SMTP_URL = smtp.url;
    const word = await addWord(db.sql, "nightshift");
    await recordMentions(db.sql, word!.id, [
      {
        externalId: "101",
        title: "Nightshift ships queues with dead-letter queues",
        url: "https://example.com/queues",
        snippet: "Crons and queues for Next.js apps",
        publishedAt: new Date("2026-12-01T10:00:00Z"),
      },
    ]);
  });

  const deliver = (messageId: string, payload: unknown, receiveCount = 1, log = memoryLog()) =>
    createQueueHandler(generateReportHandler, { name: "generate-report", fifo: false, logSink: log.sink })(
      sqsEvent(messageId, payload, receiveCount),
      lambdaContext(),
    );
  const requests = () => db.sql`SELECT word, email, status, error, sent_at IS NOT NULL AS sent FROM report_requests`;

  it("emails a PDF named after the word that lists the word's mentions", async () => {
    const result = await deliver("m-1", { word: "nightshift", email: "reader@example.com" });

    expect(result.batchItemFailures).toEqual([]);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.subject).toBe('Your report for "nightshift"');
    expect(mail.to).toMatchObject({ text: "reader@example.com" });
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ["report-nightshift.pdf", "application/pdf"],
    ]);
    const text = await pdfText(mail.attachments[0]!.content);
    expect(text).toContain("Word monitor report");
    expect(text).toContain("Word: nightshift");
    expect(text).toContain("Nightshift ships queues with dead-letter queues");
    expect(text).toContain("1 recent mention");
    expect(await requests()).toEqual([
      { word: "nightshift", email: "reader@example.com", status: "sent", error: null, sent: true },
    ]);
  });

  it("sends one email and records one request when the same message is delivered twice", async () => {
    await deliver("m-2", { word: "nightshift", email: "reader@example.com" });
    const again = await deliver("m-2", { word: "nightshift", email: "reader@example.com" }, 2);

    expect(again.batchItemFailures).toEqual([]);
    expect(smtp.received).toHaveLength(1);
    expect(await requests()).toHaveLength(1);
  });

  it("fails the message for a retry when the mail server is down, then sends on the retry", async () => {
    process.env.SMTP_URL = "smtp://127.0.0.1:1";
    const log = memoryLog();
    const first = await deliver("m-3", { word: "nightshift", email: "reader@example.com" }, 1, log);

    expect(first.batchItemFailures).toEqual([{ itemIdentifier: "m-3" }]);
    const failure = log.lines.find((line) => line.message === "handler failed; the message will be retried");
    expect(errorText(failure)).toBe(
      "Could not send the report through smtp://127.0.0.1:1: ESOCKET: connect ECONNREFUSED 127.0.0.1:1. The message will be retried.",
    );
    expect(await requests()).toMatchObject([{ status: "retrying", sent: false }]);

    process.env.SMTP_URL = smtp.url;
    const retry = await deliver("m-3", { word: "nightshift", email: "reader@example.com" }, 2);
    expect(retry.batchItemFailures).toEqual([]);
    expect(smtp.received).toHaveLength(1);
    expect(await requests()).toMatchObject([{ status: "sent", error: null, sent: true }]);
  });

  it("fails for a retry, naming the fix, when SMTP_URL has no value", async () => {
    delete process.env.SMTP_URL;
    const log = memoryLog();
    const result = await deliver("m-7", { word: "nightshift", email: "reader@example.com" }, 1, log);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "m-7" }]);
    const failure = log.lines.find((line) => line.message === "handler failed; the message will be retried");
    expect(errorText(failure)).toBe(
      'secret SMTP_URL is not set. Locally, add SMTP_URL=… to .env.local; deployed, declare it in nightshift.config.ts secrets (targets "lambda" and/or "vercel"), deploy, and run `nightshift secrets set SMTP_URL --env <env>`.',
    );
  });

  it("retries a 4xx 'try later' reply", async () => {
    smtp.defer.add("reader@example.com");
    const log = memoryLog();
    const result = await deliver("m-4", { word: "nightshift", email: "reader@example.com" }, 1, log);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "m-4" }]);
    const failure = log.lines.find((line) => line.message === "handler failed; the message will be retried");
    expect(errorText(failure)).toBe(
      `Could not send the report through ${smtp.url}: EENVELOPE: 451 4.3.0 try again later. The message will be retried.`,
    );
  });

  it("logs a refused address and keeps failing it, without mailing again, until it reaches the DLQ", async () => {
    smtp.refuse.add("nobody@example.com");
    const log = memoryLog();
    const results = [];
    for (const attempt of [1, 2, 3, 4]) {
      results.push(await deliver("m-5", { word: "nightshift", email: "nobody@example.com" }, attempt, log));
    }

    expect(results.map((r) => r.batchItemFailures)).toEqual(Array(4).fill([{ itemIdentifier: "m-5" }]));
    const refusal = log.lines.find((line) => line.message === "report not sent: the recipient was refused");
    expect(refusal).toMatchObject({
      level: "error",
      email: "nobody@example.com",
      reason: "550 5.1.1 <nobody@example.com>: mailbox unavailable",
    });
    const failures = log.lines.filter((line) => line.message === "handler failed; the message will be retried");
    expect(failures).toHaveLength(4);
    expect(errorText(failures[3])).toBe(
      "The mail server refused nobody@example.com: 550 5.1.1 <nobody@example.com>: mailbox unavailable. The address cannot receive the report, so retrying will not help; the message goes to the dead-letter queue after its retries. Ask again with a working address.",
    );
    expect(smtp.received).toHaveLength(0);
    expect(await requests()).toMatchObject([{ status: "rejected", sent: false }]);
    const [once] = await db.sql`SELECT count(*)::int AS n FROM nightshift_once WHERE key = 'generate-report:m-5:email'`;
    expect(once?.n).toBe(1);
  });

  it("treats a payload that breaks the contract as poison, before any work", async () => {
    const log = memoryLog();
    const result = await deliver("m-6", { word: "nightshift", email: "not-an-address" }, 1, log);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "m-6" }]);
    expect(log.lines.find((line) => String(line.message).startsWith("poison message"))).toMatchObject({
      reason: "email: Enter a valid email address",
    });
    expect(await requests()).toEqual([]);
  });
});
