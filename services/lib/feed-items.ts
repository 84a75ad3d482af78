/** One article from a search feed, in the shape the mention store records. */
export interface FeedItem {
  /** The source's own id for the article: what makes a re-run record it only once. */
  readonly externalId: string;
  readonly title: string;
  readonly url: string;
  readonly snippet: string | null;
  readonly publishedAt: Date | null;
}

/** Longest snippet stored with a mention, in characters. */
export const SNIPPET_LENGTH = 280;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null;
const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() ? value.trim() : typeof value === "number" ? String(value) : undefined;

/** Turns HTML (Hacker News story text, JSON Feed `content_html`) into one line of plain text. */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_, entity: string) => {
      const lower = entity.toLowerCase();
      if (lower.startsWith("#x")) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16));
      if (lower.startsWith("#")) return String.fromCodePoint(Number(lower.slice(1)));
      return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " }[lower] ?? "";
    })
    .replace(/\s+/g, " ")
    .trim();
}

function snippetOf(...candidates: unknown[]): string | null {
  for (const candidate of candidates) {
    const value = text(candidate);
    if (!value) continue;
    const plain = plainText(value);
    if (!plain) continue;
    return plain.length > SNIPPET_LENGTH ? `${plain.slice(0, SNIPPET_LENGTH - 1).trimEnd()}…` : plain;
  }
  return null;
}

function dateOf(value: unknown): Date | null {
  if (typeof value !== "string" && typeof value !== "number") return null;
  const date = new Date(typeof value === "number" ? value * 1000 : value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A Hacker News Algolia hit (`/api/v1/search_by_date`): stories carry `title`, comments `story_title`. */
function fromAlgoliaHit(hit: Json): FeedItem | undefined {
  const id = text(hit.objectID);
  const title = text(hit.title) ?? text(hit.story_title);
  if (!id || !title) return undefined;
  return {
    externalId: id,
    title: plainText(title),
    url: text(hit.url) ?? text(hit.story_url) ?? `https://news.ycombinator.com/item?id=${encodeURIComponent(id)}`,
    snippet: snippetOf(hit.story_text, hit.comment_text),
    publishedAt: dateOf(hit.created_at) ?? dateOf(hit.created_at_i),
  };
}

/**
 * A JSON Feed 1.1 item (https://jsonfeed.org/version/1.1). Also takes the plainer `text` and
 * `publishedAt` fields that `nightshift dev`'s fixture feed uses.
 */
function fromJsonFeedItem(item: Json): FeedItem | undefined {
  const id = text(item.id) ?? text(item.url);
  const url = text(item.url) ?? text(item.external_url);
  const title = text(item.title) ?? snippetOf(item.content_text, item.summary);
  if (!id || !url || !title) return undefined;
  return {
    externalId: id,
    title: plainText(title),
    url,
    snippet: snippetOf(item.summary, item.content_text, item.text, item.content_html),
    publishedAt: dateOf(item.date_published) ?? dateOf(item.publishedAt),
  };
}

/**
 * Reads a search feed's JSON body: a Hacker News Algolia response (`{ hits: [...] }`) or a JSON Feed
 * (`{ items: [...] }`). Items without an id, title or link are dropped rather than failing the run.
 * Anything else is not a feed, and throws so the cron run fails (and is retried) visibly.
 */
export function parseFeed(body: unknown, source: string): FeedItem[] {
  if (isObject(body) && Array.isArray(body.hits)) {
    return body.hits.filter(isObject).flatMap((hit) => fromAlgoliaHit(hit) ?? []);
  }
  if (isObject(body) && Array.isArray(body.items)) {
    return body.items.filter(isObject).flatMap((item) => fromJsonFeedItem(item) ?? []);
  }
  throw new Error(
    `${source} did not return a search feed: expected a JSON object with a "hits" array (Hacker News Algolia) or an "items" array (JSON Feed), got ${describeBody(body)}. Point FEED_URL at a JSON search API.`,
  );
}

/**
 * Whether an item really mentions the word: its title, snippet or link contains it, ignoring case.
 * Search APIs match loosely (stemming, author names), and a fixture feed may ignore the query.
 */
export function mentionsWord(item: FeedItem, word: string): boolean {
  const needle = word.toLocaleLowerCase();
  return [item.title, item.snippet ?? "", item.url].some((field) => field.toLocaleLowerCase().includes(needle));
}

function describeBody(body: unknown): string {
  if (Array.isArray(body)) return `an array of ${body.length}`;
  if (isObject(body)) {
    const keys = Object.keys(body);
    return keys.length === 0 ? "an empty object" : `an object with keys ${keys.slice(0, 5).join(", ")}`;
  }
  return body === null ? "null" : `a ${typeof body}`;
}
