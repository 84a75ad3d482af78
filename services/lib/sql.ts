import type { getSql } from "nightshift/internal/runtime/db";

/** The Postgres client the app's stores take as their first argument (`getSql()` in production). */
export type Sql = ReturnType<typeof getSql>;
