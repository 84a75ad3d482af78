-- Up Migration
-- Articles found for a tracked word; a source's article is stored once per word.
CREATE TABLE mentions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  word_id bigint NOT NULL REFERENCES tracked_words (id) ON DELETE CASCADE,
  external_id text NOT NULL,
  title text NOT NULL,
  url text NOT NULL,
  snippet text,
  published_at timestamptz,
  found_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (word_id, external_id)
);
CREATE INDEX mentions_word_found_idx ON mentions (word_id, found_at DESC);
