import { NightshiftError, show } from "../errors";
import { MAX_IDENTIFIER_BYTES } from "./sql";

export interface DatabaseNames {
  /** The environment's database, e.g. `wordmon_pr_42`. */
  readonly database: string;
  /** Its login role (same name; Postgres keeps roles and databases apart). */
  readonly role: string;
}

/**
 * The database and role names of one environment: `<app>_<environment>` with `-` turned into `_`,
 * so they never need quoting in a `psql` session. Infra and the provisioner both use this.
 * @example databaseNamesFor("wordmon", "pr-42") // { database: "wordmon_pr_42", role: "wordmon_pr_42" }
 */
export function databaseNamesFor(app: string, environment: string): DatabaseNames {
  const name = `${app}_${environment}`.toLowerCase().replaceAll("-", "_");
  if (!/^[a-z][a-z0-9_]*$/.test(name) || name.length > MAX_IDENTIFIER_BYTES) {
    throw new NightshiftError(
      "E_BAD_NAME",
      `nightshift.config.ts: app ${show(app)} with environment ${show(environment)} gives the database name ${show(name)}, which must be 1–${MAX_IDENTIFIER_BYTES} characters of a–z, 0–9 and _ starting with a letter. Shorten the app name.`,
    );
  }
  return { database: name, role: name };
}
