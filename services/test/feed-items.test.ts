import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { feedUrlFor } from "../lib/feed-client";
import { mentionsWord, parseFeed, plainText } from "../lib/feed-items";
import { wordSchema, wordSlug } from "../lib/tracked-word";

describe("parseFeed", () => {
  it("reads Hacker News Algolia stories and comments", () => {
    const items = parseFeed(
      {
        hits: [
          { objectID: "1", title: "Story", url: "https://a.example/1", created_at: "2026-12-01T10:00:00Z" },
          {
            objectID: "2",
            story_title: "Parent story",
            story_url: "https://a.example/2",
            comment_text: "A <b>bold</b> &amp; long comment",
          },
          { objectID: "3", title: null },
          "not an object",
        ],
      },
      "test feed",
    );
    expect(items).toEqual([
      {
        externalId: "1",
        title: "Story",
        url: "https://a.example/1",
        snippet: null,
        publishedAt: new Date("2026-12-01T10:00:00Z"),
      },
      {
        externalId: "2",
        title: "Parent story",
        url: "https://a.example/2",
        snippet: "A bold & long comment",
        publishedAt: null,
      },
    ]);
  });

  it("reads JSON Feed items and shortens long snippets", () => {
    const [item] = parseFeed(
      {
        version: "https://jsonfeed.org/version/1.1",
        items: [
          {
            id: "a",
            url: "https://b.example/a",
            title: "T",
            content_text: "x".repeat(400),
            date_published: "2026-12-02T00:00:00Z",
          },
        ],
      },
      "test feed",
    );
    expect(item?.snippet).toHaveLength(280);
    expect(item?.snippet?.endsWith("…")).toBe(true);
    expect(item?.publishedAt).toEqual(new Date("2026-12-02T00:00:00Z"));
  });

  it("rejects a body that is not a feed, naming the source", () => {
    expect(() => parseFeed([1, 2], "The feed at http://x")).toThrow(
      'The feed at http://x did not return a search feed: expected a JSON object with a "hits" array (Hacker News Algolia) or an "items" array (JSON Feed), got an array of 2. Point FEED_URL at a JSON search API.',
    );
  });

  it("reads the local environment's fixture feed and finds the word in its text", async () => {
    const fixture = JSON.parse(
      await readFile(new URL("../../packages/nightshift/src/local/fixtures/feed.json", import.meta.url), "utf8"),
    );
    const items = parseFeed(fixture, "fixture").filter((item) => mentionsWord(item, "nightshift"));
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(item).toMatchObject({ externalId: expect.any(String), url: expect.stringMatching(/^https:/) });
      expect(item.publishedAt).toBeInstanceOf(Date);
    }
  });
});

describe("mentionsWord", () => {
  const item = {
    externalId: "1",
    title: "Rust in production",
    url: "https://x.example/post",
    snippet: "We moved to Node.js",
    publishedAt: null,
  };
  it("matches the title, snippet or link ignoring case", () => {
    expect(mentionsWord(item, "rust")).toBe(true);
    expect(mentionsWord(item, "NODE.JS")).toBe(true);
    expect(mentionsWord(item, "x.example")).toBe(true);
    expect(mentionsWord(item, "python")).toBe(false);
  });
});

describe("feedUrlFor", () => {
  it("fills {word} or adds query=", () => {
    expect(feedUrlFor("https://hn.algolia.com/api/v1/search_by_date?tags=story&query={word}", "c++ & rust")).toBe(
      "https://hn.algolia.com/api/v1/search_by_date?tags=story&query=c%2B%2B%20%26%20rust",
    );
    expect(feedUrlFor("http://127.0.0.1:4000/fixtures/feed.json", "node.js")).toBe(
      "http://127.0.0.1:4000/fixtures/feed.json?query=node.js",
    );
  });
});

describe("wordSchema", () => {
  const issues = (value: unknown) => wordSchema.safeParse(value).error?.issues.map((issue) => issue.message);
  it("accepts words and short phrases, trimmed", () => {
    expect(wordSchema.parse("  Node.js  ")).toBe("Node.js");
    expect(wordSchema.parse("c++")).toBe("c++");
    expect(wordSchema.parse("día de rust")).toBe("día de rust");
  });
  it("explains what is wrong", () => {
    expect(issues("   ")).toEqual(["Enter a word"]);
    expect(issues("x".repeat(65))).toEqual(["Words are at most 64 characters"]);
    expect(issues("<script>")).toEqual(["Use letters, digits, spaces and - . + # & ' _"]);
    expect(issues(undefined)).toEqual(["Enter a word"]);
  });
  it("slugs words for file names", () => {
    expect(wordSlug("Node.js Rocks")).toBe("node-js-rocks");
    expect(wordSlug("c++")).toBe("c");
    expect(wordSlug("+++")).toBe("word");
  });
});

describe("plainText", () => {
  it("strips tags and decodes entities", () => {
    expect(plainText("<p>Tom &amp; Jerry&#39;s &#x41; &lt;tag&gt;</p>\n  next")).toBe("Tom & Jerry's A <tag> next");
  });
});
