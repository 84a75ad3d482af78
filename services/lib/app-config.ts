/**
 * The example app's own settings, read from the environment each time they are needed (never at
 * import time), so tests and `nightshift dev` can point them elsewhere. `SMTP_URL` is a declared
 * secret and is read with `secret("SMTP_URL")` where it is used.
 */
export interface AppConfig {
  /**
   * `FEED_URL`: the search feed the cron reads. `{word}` in it is replaced by the word; without it the
   * word is added as `?query=<word>`. Locally `nightshift dev` points it at a fixture feed.
   * @default "https://hn.algolia.com/api/v1/search_by_date?tags=story&query={word}"
   */
  readonly feedUrl: string;
  /** `MAIL_FROM`: the sender of report emails. @default "Word monitor <reports@wordmon.dev>" */
  readonly mailFrom: string;
}

export const DEFAULT_FEED_URL = "https://hn.algolia.com/api/v1/search_by_date?tags=story&query={word}";
export const DEFAULT_MAIL_FROM = "Word monitor <reports@wordmon.dev>";

const nonEmpty = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

export function readAppConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  return {
    feedUrl: nonEmpty(env.FEED_URL) ?? DEFAULT_FEED_URL,
    mailFrom: nonEmpty(env.MAIL_FROM) ?? DEFAULT_MAIL_FROM,
  };
}
