-- Up Migration
-- Tables the Nightshift runtime needs in every environment.

-- ctx.once(key, fn): one row per key; a key that is `done` never runs again.
CREATE TABLE IF NOT EXISTS nightshift_once (
  key text PRIMARY KEY,
  job text NOT NULL,
  status text NOT NULL,
  result jsonb,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);

-- Cron overlap: "skip" holds a lease named after the job until the run ends or the lease expires.
CREATE TABLE IF NOT EXISTS nightshift_leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  expires_at timestamptz NOT NULL
);
