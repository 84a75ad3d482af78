-- Up Migration
-- Words the monitor searches for. A word is unique regardless of case ("Rust" = "rust").
CREATE TABLE tracked_words (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  word text NOT NULL CHECK (length(btrim(word)) > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX tracked_words_word_lower_key ON tracked_words (lower(word));
