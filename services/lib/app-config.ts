/**
 * The example app's own settings, read from the environment each time they are needed (never at
 * import time), so tests and `nightshift dev` can point them elsewhere.
 */
export interface AppConfig {
  /**
   * `FEED_URL`: the search feed the cron reads. `{word}` in it is replaced by the word; without it the
   * word is added as `?query=<word>`. Locally `nightshift dev` points it at a fixture feed.
   * @default "https://hn.algolia.com/api/v1/search_by_date?tags=story&query={word}"
   */
  readonly feedUrl: string;
  /** `SMTP_URL` (a declared secret): `smtp://user:pass@host:587` or `smtps://…`. Unset: reports cannot be sent. */
  readonly smtpUrl: string | undefined;
  /** `MAIL_FROM`: the sender of report emails. @default "Word monitor <reports@wordmon.dev>" */
  readonly mailFrom: string;
}

export const DEFAULT_FEED_URL = "https://hn.algolia.com/api/v1/search_by_date?tags=story&query={word}";
export const DEFAULT_MAIL_FROM = "Word monitor <reports@wordmon.dev>";

const nonEmpty = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

export function readAppConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  return {
    feedUrl: nonEmpty(env.FEED_URL) ?? DEFAULT_FEED_URL,
    smtpUrl: nonEmpty(env.SMTP_URL),
    mailFrom: nonEmpty(env.MAIL_FROM) ?? DEFAULT_MAIL_FROM,
  };
}
