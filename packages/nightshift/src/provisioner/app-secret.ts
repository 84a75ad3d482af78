/**
 * What an environment's database secret holds (the JSON shape RDS uses for its own secrets, plus the
 * ready-made `url`). The provisioner writes it; the migrate function, the Lambdas and the Vercel
 * project read it. The password exists only here, never in Terraform configuration or state.
 */
export interface AppDatabaseSecret {
  readonly engine: "postgres";
  readonly host: string;
  readonly port: number;
  readonly dbname: string;
  readonly username: string;
  readonly password: string;
  /** `postgres://user:password@host:port/dbname?sslmode=require`: the app's `DATABASE_URL`. */
  readonly url: string;
}

export interface DatabaseEndpoint {
  readonly host: string;
  readonly port: number;
  /** `require` in AWS (RDS enforces TLS); `disable` only for local test servers. */
  readonly sslmode: "require" | "disable";
}

/** The connection URL for a user on a database; user and password are percent-encoded. */
export function toDatabaseUrl(
  endpoint: DatabaseEndpoint,
  credentials: { username: string; password: string; dbname: string },
): string {
  const user = encodeURIComponent(credentials.username);
  const password = encodeURIComponent(credentials.password);
  const dbname = encodeURIComponent(credentials.dbname);
  return `postgres://${user}:${password}@${endpoint.host}:${endpoint.port}/${dbname}?sslmode=${endpoint.sslmode}`;
}

export function createAppDatabaseSecret(
  endpoint: DatabaseEndpoint,
  credentials: { username: string; password: string; dbname: string },
): AppDatabaseSecret {
  return {
    engine: "postgres",
    host: endpoint.host,
    port: endpoint.port,
    dbname: credentials.dbname,
    username: credentials.username,
    password: credentials.password,
    url: toDatabaseUrl(endpoint, credentials),
  };
}

/** Reads a secret string written by `createAppDatabaseSecret`; undefined when it is not one. */
export function parseAppDatabaseSecret(text: string | undefined): AppDatabaseSecret | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<AppDatabaseSecret>;
    const complete =
      typeof value.host === "string" &&
      typeof value.port === "number" &&
      typeof value.dbname === "string" &&
      typeof value.username === "string" &&
      typeof value.password === "string" &&
      value.password.length > 0 &&
      typeof value.url === "string";
    return complete ? (value as AppDatabaseSecret) : undefined;
  } catch {
    return undefined;
  }
}
