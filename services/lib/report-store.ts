import type { Sql } from "./sql";

/** Where a report request stands: `pending` until sent, `retrying` after a temporary failure. */
export type ReportStatus = "pending" | "retrying" | "sent" | "rejected";

/** Records that a report was asked for; returns the request's id. */
export async function createReportRequest(sql: Sql, request: { word: string; email: string }): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO report_requests (word, email, status) VALUES (${request.word}, ${request.email}, 'pending')
    RETURNING id::text AS id`;
  if (!row) throw new Error("INSERT INTO report_requests returned no row");
  return row.id;
}

/** Moves a request to `status`; `sent` stamps `sent_at`, and `error` keeps the last failure's reason. */
export async function markReportRequest(
  sql: Sql,
  id: string,
  update: { status: ReportStatus; error?: string | null },
): Promise<void> {
  await sql`
    UPDATE report_requests
    SET status = ${update.status},
        error = ${update.error ?? null},
        sent_at = CASE WHEN ${update.status} = 'sent' THEN now() ELSE sent_at END
    WHERE id = ${id}`;
}
