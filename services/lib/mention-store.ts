import type { FeedItem } from "./feed-items";
import type { Sql } from "./sql";

export interface TrackedWord {
  readonly id: string;
  readonly word: string;
  readonly createdAt: Date;
}

export interface Mention {
  readonly id: string;
  readonly wordId: string;
  readonly externalId: string;
  readonly title: string;
  readonly url: string;
  readonly snippet: string | null;
  readonly publishedAt: Date | null;
  readonly foundAt: Date;
}

/** Mentions shown per word on the page and listed in a report. */
export const RECENT_MENTIONS = 5;
export const REPORT_MENTIONS = 50;

/** Every tracked word, alphabetically. */
export async function listWords(sql: Sql): Promise<TrackedWord[]> {
  return sql<TrackedWord[]>`
    SELECT id::text AS id, word, created_at AS "createdAt" FROM tracked_words ORDER BY lower(word)`;
}

/** The tracked word equal to `word` ignoring case, if any. */
export async function findWord(sql: Sql, word: string): Promise<TrackedWord | undefined> {
  const [row] = await sql<TrackedWord[]>`
    SELECT id::text AS id, word, created_at AS "createdAt" FROM tracked_words WHERE lower(word) = lower(${word})`;
  return row;
}

/** Starts tracking `word`. Returns `undefined` when it is already tracked (in any case). */
export async function addWord(sql: Sql, word: string): Promise<TrackedWord | undefined> {
  const [row] = await sql<TrackedWord[]>`
    INSERT INTO tracked_words (word) VALUES (${word})
    ON CONFLICT ((lower(word))) DO NOTHING
    RETURNING id::text AS id, word, created_at AS "createdAt"`;
  return row;
}

/** Stops tracking a word; its mentions go with it. Returns whether a word was removed. */
export async function removeWord(sql: Sql, id: string): Promise<boolean> {
  const result = await sql`DELETE FROM tracked_words WHERE id = ${id}`;
  return result.count > 0;
}

/**
 * Records the items as mentions of a word, each once: an item already recorded for the word (same
 * external id) is left alone, so a re-run, a retry or two overlapping runs never duplicate one.
 * Returns how many mentions are new.
 */
export async function recordMentions(sql: Sql, wordId: string, items: readonly FeedItem[]): Promise<number> {
  if (items.length === 0) return 0;
  const rows = items.map((item) => ({
    word_id: wordId,
    external_id: item.externalId,
    title: item.title,
    url: item.url,
    snippet: item.snippet,
    published_at: item.publishedAt,
  }));
  const result = await sql`
    INSERT INTO mentions ${sql(rows, "word_id", "external_id", "title", "url", "snippet", "published_at")}
    ON CONFLICT (word_id, external_id) DO NOTHING`;
  return result.count;
}

const mentionColumns = (sql: Sql) => sql`
  m.id::text AS id, m.word_id::text AS "wordId", m.external_id AS "externalId", m.title, m.url, m.snippet,
  m.published_at AS "publishedAt", m.found_at AS "foundAt"`;

/** The newest mentions of a word (matched ignoring case), newest first. */
export async function recentMentions(sql: Sql, word: string, limit = REPORT_MENTIONS): Promise<Mention[]> {
  return sql<Mention[]>`
    SELECT ${mentionColumns(sql)}
    FROM mentions m JOIN tracked_words w ON w.id = m.word_id
    WHERE lower(w.word) = lower(${word})
    ORDER BY coalesce(m.published_at, m.found_at) DESC, m.id DESC
    LIMIT ${limit}`;
}

/** The newest `perWord` mentions of every word, keyed by word id, for the overview page. */
export async function recentMentionsByWord(sql: Sql, perWord = RECENT_MENTIONS): Promise<Map<string, Mention[]>> {
  const rows = await sql<Mention[]>`
    SELECT ${mentionColumns(sql)} FROM (
      SELECT *, row_number() OVER (
        PARTITION BY word_id ORDER BY coalesce(published_at, found_at) DESC, id DESC) AS rank
      FROM mentions
    ) m
    WHERE m.rank <= ${perWord}
    ORDER BY m.word_id, m.rank`;
  const byWord = new Map<string, Mention[]>();
  for (const row of rows) byWord.set(row.wordId, [...(byWord.get(row.wordId) ?? []), row]);
  return byWord;
}
