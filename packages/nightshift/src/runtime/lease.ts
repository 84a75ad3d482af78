import type postgres from "postgres";

/**
 * A named lease in `nightshift_leases`, used by crons with `overlap: "skip"`. Taking it succeeds when
 * nobody holds it or the holder's lease has expired (its run crashed or timed out); the expiry is set
 * past the function's deadline, so a live run is never overtaken.
 */
export async function acquireLease(sql: postgres.Sql, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const rows = await sql<{ holder: string }[]>`
    INSERT INTO nightshift_leases (name, holder, expires_at)
    VALUES (${name}, ${holder}, now() + ${Math.ceil(ttlMs)}::int * interval '1 millisecond')
    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
      WHERE nightshift_leases.expires_at < now()
    RETURNING holder`;
  return rows[0]?.holder === holder;
}

/** Gives the lease back, but only if `holder` still holds it. */
export async function releaseLease(sql: postgres.Sql, name: string, holder: string): Promise<void> {
  await sql`DELETE FROM nightshift_leases WHERE name = ${name} AND holder = ${holder}`;
}
