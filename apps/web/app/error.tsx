"use client";

/** Shown when the page cannot load (most often: the database is unreachable or not migrated). */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="card" role="alert">
      <h1>Something went wrong</h1>
      <p>
        The word monitor could not load its data. If you are running it locally, check that <code>npm run dev</code> is
        running and that migrations have been applied.
      </p>
      {error.digest ? <p className="hint">Reference: {error.digest}</p> : null}
      <button type="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
