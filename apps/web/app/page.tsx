import { listWords, recentMentionsByWord } from "@services/lib/mention-store";
import { AddWordForm } from "../components/add-word-form";
import { ReportForm } from "../components/report-form";
import { WordCard } from "../components/word-card";
import { db } from "../lib/database";

// Reads the database on every request; nothing here can be prerendered at build time.
export const dynamic = "force-dynamic";

export default async function HomePage() {
  const sql = db();
  const [words, mentions] = await Promise.all([listWords(sql), recentMentionsByWord(sql)]);
  return (
    <>
      <h1>Watch the web for your words</h1>
      <p className="lead">
        Add a word. Every minute the monitor searches for new mentions, and you can get a PDF report of them by email.
      </p>
      <div className="layout">
        <div className="stack">
          <AddWordForm />
          <ReportForm words={words.map((word) => word.word)} />
        </div>
        <section className="stack" aria-labelledby="words-heading">
          <h2 id="words-heading">
            Tracked words <span className="count">({words.length})</span>
          </h2>
          {words.length === 0 ? (
            <p className="card empty">No words yet. Add one to start monitoring.</p>
          ) : (
            words.map((word) => <WordCard key={word.id} word={word} mentions={mentions.get(word.id) ?? []} />)
          )}
        </section>
      </div>
    </>
  );
}
