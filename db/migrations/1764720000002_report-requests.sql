-- Up Migration
-- Reports someone asked for by email; the generate-report queue fills in sent_at or error.
CREATE TABLE report_requests (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  word text NOT NULL,
  email text NOT NULL,
  status text NOT NULL DEFAULT 'pending',
  requested_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  error text
);
CREATE INDEX report_requests_requested_idx ON report_requests (requested_at DESC);
