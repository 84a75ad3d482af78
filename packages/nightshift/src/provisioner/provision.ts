import type postgres from "postgres";
import { scramSha256Verifier } from "./scram";
import {
  alterDatabaseOwnerSql,
  alterRoleSql,
  createDatabaseSql,
  createRoleSql,
  disallowConnectionsSql,
  dropDatabaseSql,
  dropRoleSql,
  grantDatabaseSql,
  grantRoleToCurrentUserSql,
  revokePublicSql,
} from "./sql";

export interface ProvisionSpec {
  readonly database: string;
  readonly role: string;
  /** The role's password; only its SCRAM verifier is sent to the server. */
  readonly password: string;
  /** @default -1 (no limit) */
  readonly connectionLimit?: number;
}

export interface ProvisionOutcome {
  readonly createdRole: boolean;
  readonly createdDatabase: boolean;
}

/**
 * Makes one environment's role and database exist as specified, whatever state they are in:
 * creates what is missing and re-applies everything else (password, connection limit, owner,
 * grants). Running it twice changes nothing the second time. `admin` is connected as the
 * instance's master user (a superuser or, on RDS, a CREATEROLE + CREATEDB user).
 */
export async function provisionDatabase(admin: postgres.Sql, spec: ProvisionSpec): Promise<ProvisionOutcome> {
  const role = {
    role: spec.role,
    passwordVerifier: scramSha256Verifier(spec.password),
    connectionLimit: spec.connectionLimit ?? -1,
  };
  const roleExists = await exists(admin`select 1 from pg_roles where rolname = ${spec.role}`);
  await admin.unsafe(roleExists ? alterRoleSql(role) : createRoleSql(role));
  if (!(await isSuperuser(admin))) await admin.unsafe(grantRoleToCurrentUserSql(spec.role));

  const databaseExists = await exists(admin`select 1 from pg_database where datname = ${spec.database}`);
  await admin.unsafe(
    databaseExists ? alterDatabaseOwnerSql(spec.database, spec.role) : createDatabaseSql(spec.database, spec.role),
  );
  await admin.unsafe(revokePublicSql(spec.database));
  await admin.unsafe(grantDatabaseSql(spec.database, spec.role));
  return { createdRole: !roleExists, createdDatabase: !databaseExists };
}

export interface TeardownOutcome {
  readonly droppedDatabase: boolean;
  readonly droppedRole: boolean;
}

/**
 * Drops one environment's database and role, ending their sessions first. Missing pieces are
 * skipped, so it can run again after a partial failure.
 */
export async function teardownDatabase(
  admin: postgres.Sql,
  names: { readonly database: string; readonly role: string },
): Promise<TeardownOutcome> {
  const roleExists = await exists(admin`select 1 from pg_roles where rolname = ${names.role}`);
  const superuser = await isSuperuser(admin);
  // Membership lets a non-superuser master end the role's sessions and drop what it owns.
  if (roleExists && !superuser) await admin.unsafe(grantRoleToCurrentUserSql(names.role));

  const databaseExists = await exists(admin`select 1 from pg_database where datname = ${names.database}`);
  if (databaseExists) {
    await admin.unsafe(disallowConnectionsSql(names.database));
    await admin.unsafe(dropDatabaseSql(names.database));
  }
  if (roleExists) {
    await admin`
      select pg_terminate_backend(pid) from pg_stat_activity
      where usename = ${names.role} and pid <> pg_backend_pid()`;
    await admin.unsafe(dropRoleSql(names.role));
  }
  return { droppedDatabase: databaseExists, droppedRole: roleExists };
}

async function exists(query: postgres.PendingQuery<postgres.Row[]>): Promise<boolean> {
  return (await query).length > 0;
}

async function isSuperuser(admin: postgres.Sql): Promise<boolean> {
  const [row] = await admin<{ on: boolean }[]>`select rolsuper as on from pg_roles where rolname = current_user`;
  return row?.on === true;
}
