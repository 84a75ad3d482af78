import { NightshiftError, show } from "../errors";

/**
 * The provisioner's SQL, as pure functions from names to statement text. Role and database names
 * cannot be bind parameters in utility statements, so they are quoted here; everything that can be a
 * parameter (names in `WHERE` clauses) is one in `provision.ts`.
 */

/** Postgres truncates identifiers longer than this many bytes (NAMEDATALEN - 1). */
export const MAX_IDENTIFIER_BYTES = 63;

/**
 * Quotes an identifier: `a"b` → `"a""b"`. Rejects what Postgres would silently change or cannot
 * store (empty, NUL, more than 63 bytes), so the name that is created is the name that is asked for.
 */
export function quoteIdent(name: string): string {
  const bytes = Buffer.byteLength(name, "utf8");
  if (name.length === 0 || name.includes("\0") || bytes > MAX_IDENTIFIER_BYTES) {
    throw new NightshiftError(
      "E_BAD_NAME",
      `Postgres identifier ${show(name)} is not usable: it must be 1–${MAX_IDENTIFIER_BYTES} bytes without NUL characters (got ${bytes} bytes). Use a shorter app or environment name.`,
    );
  }
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Quotes a string literal the way libpq's `PQescapeLiteral` does: quotes doubled, and with an `E`
 * prefix and doubled backslashes when there are backslashes, so the result is the same whatever
 * `standard_conforming_strings` is.
 */
export function quoteLiteral(value: string): string {
  if (value.includes("\0")) {
    throw new NightshiftError("E_BAD_OPTION", "A SQL string literal cannot contain a NUL character.");
  }
  const quoted = `'${value.replaceAll("'", "''").replaceAll("\\", "\\\\")}'`;
  return value.includes("\\") ? `E${quoted}` : quoted;
}

export interface RoleSpec {
  readonly role: string;
  /** A SCRAM-SHA-256 verifier (`scramSha256Verifier()`): the server never sees the password. */
  readonly passwordVerifier: string;
  /** Most connections the role may hold at once; -1 for no limit. */
  readonly connectionLimit: number;
}

const roleOptions = (spec: RoleSpec) =>
  `LOGIN CONNECTION LIMIT ${Math.trunc(spec.connectionLimit)} PASSWORD ${quoteLiteral(spec.passwordVerifier)}`;

/** A login role with no other privileges (NOSUPERUSER, NOCREATEDB, NOCREATEROLE are the defaults). */
export function createRoleSql(spec: RoleSpec): string {
  return `CREATE ROLE ${quoteIdent(spec.role)} WITH ${roleOptions(spec)}`;
}

/** Re-applies login, connection limit and password to an existing role. */
export function alterRoleSql(spec: RoleSpec): string {
  return `ALTER ROLE ${quoteIdent(spec.role)} WITH ${roleOptions(spec)}`;
}

/**
 * Makes the connected (master) user a member of the role. RDS's master user is not a superuser: it
 * may create a database owned by the role, and terminate and drop the role's sessions and objects,
 * only as a member.
 */
export function grantRoleToCurrentUserSql(role: string): string {
  return `GRANT ${quoteIdent(role)} TO CURRENT_USER`;
}

/** Cannot run inside a transaction block. */
export function createDatabaseSql(database: string, owner: string): string {
  return `CREATE DATABASE ${quoteIdent(database)} OWNER ${quoteIdent(owner)}`;
}

export function alterDatabaseOwnerSql(database: string, owner: string): string {
  return `ALTER DATABASE ${quoteIdent(database)} OWNER TO ${quoteIdent(owner)}`;
}

/**
 * Every role may connect to a new database by default (the `PUBLIC` grant), so one preview
 * environment's role could open another's database. Revoke it, then grant it to the owner only.
 */
export function revokePublicSql(database: string): string {
  return `REVOKE ALL ON DATABASE ${quoteIdent(database)} FROM PUBLIC`;
}

export function grantDatabaseSql(database: string, role: string): string {
  return `GRANT CONNECT, TEMPORARY, CREATE ON DATABASE ${quoteIdent(database)} TO ${quoteIdent(role)}`;
}

/** Stops new sessions before the drop; existing ones are ended by `DROP DATABASE … WITH (FORCE)`. */
export function disallowConnectionsSql(database: string): string {
  return `ALTER DATABASE ${quoteIdent(database)} WITH ALLOW_CONNECTIONS false`;
}

/** `WITH (FORCE)` terminates the database's sessions first (PostgreSQL 13+). */
export function dropDatabaseSql(database: string): string {
  return `DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`;
}

export function dropRoleSql(role: string): string {
  return `DROP ROLE IF EXISTS ${quoteIdent(role)}`;
}
