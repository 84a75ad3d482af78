import { cron } from "nightshift";
import { getSql } from "nightshift/internal/runtime/db";
import { readAppConfig } from "../lib/app-config";
import { fetchMentions } from "../lib/feed-client";
import { listWords, recordMentions } from "../lib/mention-store";

/**
 * Every minute, searches the feed (`FEED_URL`) for each tracked word and records the articles that
 * mention it. Recording is idempotent (one row per word and article), so a retried or repeated run never
 * duplicates a mention. Off in pull-request environments (the default); `nightshift run check-mentions`
 * runs it anywhere.
 */
export default cron({
  schedule: "rate(1 minute)",
  timeout: "50 seconds",
  overlap: "skip",
  expectedDuration: "2 seconds",
  async run(ctx) {
    const sql = getSql();
    const { feedUrl } = readAppConfig();
    const words = await listWords(sql);
    const failures: string[] = [];
    let found = 0;
    for (const { id, word } of words) {
      ctx.signal.throwIfAborted();
      try {
        const items = await fetchMentions(word, { feedUrl, signal: ctx.signal });
        const added = await recordMentions(sql, id, items);
        found += added;
        ctx.log.info("checked word", { word, matched: items.length, added });
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        failures.push(`${word}: ${(error as Error).message}`);
        ctx.log.warn("could not check word", { word, error });
      }
    }
    ctx.log.info("checked mentions", { words: words.length, added: found, failed: failures.length });
    if (failures.length > 0) {
      throw new Error(
        `check-mentions could not check ${failures.length} of ${words.length} words (the others were recorded): ${failures.join("; ")}`,
      );
    }
  },
});
