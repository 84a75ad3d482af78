import { type FeedItem, mentionsWord, parseFeed } from "./feed-items";

export interface FetchFeedOptions {
  /** The feed URL template (`FEED_URL`); see `AppConfig.feedUrl`. */
  readonly feedUrl: string;
  /** Aborts the request: the cron's `ctx.signal`, which fires shortly before its deadline. */
  readonly signal?: AbortSignal;
  /** The HTTP client. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/** The feed URL for one word: `{word}` replaced, or `query=<word>` added. */
export function feedUrlFor(template: string, word: string): string {
  if (template.includes("{word}")) return template.replaceAll("{word}", encodeURIComponent(word));
  const url = new URL(template);
  url.searchParams.set("query", word);
  return url.toString();
}

/**
 * Fetches the search feed for `word` and returns the items that mention it. A non-2xx answer or a body
 * that is not a feed throws (the cron run fails and is retried); an aborted signal rejects with its reason.
 */
export async function fetchMentions(word: string, options: FetchFeedOptions): Promise<FeedItem[]> {
  const url = feedUrlFor(options.feedUrl, word);
  const doFetch = options.fetch ?? fetch;
  const response = await doFetch(url, {
    headers: { accept: "application/json, application/feed+json" },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const source = `The feed at ${url}`;
  if (!response.ok) {
    throw new Error(`${source} answered HTTP ${response.status} ${response.statusText}; the run will be retried.`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw new Error(`${source} returned a body that is not JSON (${(error as Error).message}).`, { cause: error });
  }
  return parseFeed(body, source).filter((item) => mentionsWord(item, word));
}
