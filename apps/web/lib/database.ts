import { getSql } from "nightshift/internal/runtime/db";

/** The app's Postgres client: `DATABASE_URL`, shared across requests of this server process. */
export const db = () => getSql();
