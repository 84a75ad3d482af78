import type { Mention, TrackedWord } from "@services/lib/mention-store";
import { removeWordAction } from "../app/actions";

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** One tracked word: its newest mentions and a button to stop tracking it. */
export function WordCard({ word, mentions }: { word: TrackedWord; mentions: readonly Mention[] }) {
  const headingId = `word-${word.id}`;
  return (
    <article className="card word" aria-labelledby={headingId}>
      <header className="word-header">
        <h3 id={headingId}>{word.word}</h3>
        <form action={removeWordAction}>
          <input type="hidden" name="id" value={word.id} />
          <button type="submit" className="secondary" aria-label={`Remove ${word.word}`}>
            Remove
          </button>
        </form>
      </header>
      {mentions.length === 0 ? (
        <p className="empty">No mentions yet. The monitor checks the feed every minute.</p>
      ) : (
        <ol className="mentions" aria-label={`Recent mentions of ${word.word}`}>
          {mentions.map((mention) => {
            const date = mention.publishedAt ?? mention.foundAt;
            return (
              <li key={mention.id}>
                <a href={mention.url} rel="noopener noreferrer" target="_blank">
                  {mention.title}
                  <span className="visually-hidden"> (opens in a new tab)</span>
                </a>
                <time dateTime={date.toISOString()}>{dateFormat.format(date)}</time>
                {mention.snippet ? <p>{mention.snippet}</p> : null}
              </li>
            );
          })}
        </ol>
      )}
    </article>
  );
}
