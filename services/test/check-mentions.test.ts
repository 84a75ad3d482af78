import { createCronHandler } from "nightshift/lambda";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import checkMentions from "../cron/check-mentions";
import { addWord, recentMentions } from "../lib/mention-store";
import { startTestDatabase, type TestDatabase } from "./support/database";
import { startTestFeedServer, type TestFeedServer } from "./support/feed-server";
import { lambdaContext, memoryLog } from "./support/lambda";

const hits = [
  {
    objectID: "101",
    title: "Nightshift ships queues",
    url: "https://example.com/queues",
    created_at: "2026-12-01T10:00:00Z",
  },
  {
    objectID: "102",
    title: "Ask HN: who runs crons at night?",
    url: null,
    story_text: "We use <i>nightshift</i> for it",
    created_at: "2026-12-02T10:00:00Z",
  },
  { objectID: "103", title: "Unrelated article", url: "https://example.com/other", created_at: "2026-12-02T11:00:00Z" },
];

describe("check-mentions cron", () => {
  let db: TestDatabase;
  let feed: TestFeedServer;

  beforeAll(async () => {
    db = await startTestDatabase();
    feed = await startTestFeedServer();
    process.env.FEED_URL = feed.url;
  });
  afterAll(async () => {
    delete process.env.FEED_URL;
    await feed?.stop();
    await db?.stop();
  });
  beforeEach(async () => {
    await db.reset();
    feed.requests.length = 0;
    feed.respond = () => ({ status: 200, body: { hits } });
  });

  const run = (log = memoryLog(), executionId = "run-1", remainingMs = 60_000) =>
    createCronHandler(checkMentions, { name: "check-mentions", logSink: log.sink })(
      { executionId, scheduledTime: "2026-12-03T09:00:00Z", attempt: "1" },
      lambdaContext(executionId, remainingMs),
    );

  const countMentions = async () => Number((await db.sql`SELECT count(*)::int AS n FROM mentions`)[0]?.n);

  it("runs every minute, skips overlapping runs and keeps the default environment policy", () => {
    expect(checkMentions.options.schedule).toBe("rate(1 minute)");
    expect(checkMentions.options.overlap).toBe("skip");
    expect(checkMentions.options.environments).toBeUndefined();
  });

  it("records the articles that mention each tracked word, once, however often it runs", async () => {
    await addWord(db.sql, "Nightshift");
    await expect(run()).resolves.toMatchObject({ outcome: "ok" });
    expect(feed.requests.map((url) => url.searchParams.get("query"))).toEqual(["Nightshift"]);

    const mentions = await recentMentions(db.sql, "nightshift");
    expect(mentions.map((m) => [m.externalId, m.title, m.url, m.snippet])).toEqual([
      [
        "102",
        "Ask HN: who runs crons at night?",
        "https://news.ycombinator.com/item?id=102",
        "We use nightshift for it",
      ],
      ["101", "Nightshift ships queues", "https://example.com/queues", null],
    ]);

    await run(memoryLog(), "run-2");
    await run(memoryLog(), "run-2");
    expect(await countMentions()).toBe(2);
  });

  it("adds only what is new when the feed grows", async () => {
    await addWord(db.sql, "nightshift");
    await run();
    feed.respond = () => ({
      status: 200,
      body: { hits: [...hits, { objectID: "104", title: "Nightshift 2.0", url: "https://example.com/2" }] },
    });
    const log = memoryLog();
    await run(log, "run-2");
    expect(await countMentions()).toBe(3);
    expect(log.lines.find((line) => line.message === "checked word")).toMatchObject({ matched: 3, added: 1 });
  });

  it("checks every word even when one fails, then fails the run so it is retried", async () => {
    await addWord(db.sql, "nightshift");
    await addWord(db.sql, "broken");
    feed.respond = (url) =>
      url.searchParams.get("query") === "broken"
        ? { status: 503, body: { error: "down" } }
        : { status: 200, body: { hits } };

    await expect(run()).rejects.toThrow(
      `check-mentions could not check 1 of 2 words (the others were recorded): broken: The feed at ${feed.url}?query=broken answered HTTP 503 Service Unavailable; the run will be retried.`,
    );
    expect(await countMentions()).toBe(2);
  });

  it("fails the run with the feed's address when the answer is not a feed", async () => {
    await addWord(db.sql, "nightshift");
    feed.respond = () => ({ status: 200, body: { results: [] } });
    await expect(run()).rejects.toThrow(
      `nightshift: The feed at ${feed.url}?query=nightshift did not return a search feed: expected a JSON object with a "hits" array (Hacker News Algolia) or an "items" array (JSON Feed), got an object with keys results. Point FEED_URL at a JSON search API.`,
    );
  });

  it("stops a feed request that does not answer when the deadline nears (ctx.signal)", async () => {
    await addWord(db.sql, "nightshift");
    await addWord(db.sql, "rust");
    feed.respond = () => "hang";
    // 1.2 s left: ctx.signal fires 1 s before the deadline, so after 0.2 s.
    await expect(run(memoryLog(), "run-slow", 1200)).rejects.toThrow(
      "The function's deadline is 1000 ms away; stop and let the run be retried.",
    );
    expect(feed.requests).toHaveLength(1);
    expect(await countMentions()).toBe(0);
  });
});
