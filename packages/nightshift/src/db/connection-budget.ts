import { NightshiftError, show } from "../errors";

/**
 * How the connections of one database instance are shared out. Kept here, beside the function that
 * uses them, so infra, the provisioner's `CONNECTION LIMIT` and the docs agree.
 */
export const DATABASE_BUDGET_DEFAULTS = {
  /** Pull-request environments expected to be busy at once on the shared preview instance. */
  previewEnvironments: 4,
  /** Connections kept for Next.js (Vercel functions hold one each) per environment. */
  webConnections: { production: 20, preview: 3 },
  /** Per environment: the migrate function and one person with `psql`. */
  maintenanceConnections: 2,
  /** `superuser_reserved_connections` (3) + `rds.rds_superuser_reserved_connections` (2) on RDS. */
  reservedByRds: 5,
} as const;

/** RDS PostgreSQL's default: `LEAST({DBInstanceClassMemory/9531392}, 5000)`. */
const BYTES_PER_CONNECTION = 9_531_392;
/** `DBInstanceClassMemory` is what is left after the OS and RDS processes: about 90% of the class's memory. */
const USABLE_MEMORY = 0.9;

const GIB = 1024 ** 3;
/** Memory of the common sizes, in GiB, for burstable (t), general purpose (m) and memory (r) classes. */
const SIZES_GIB: Record<"t" | "m" | "r", Record<string, number>> = {
  t: { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, "2xlarge": 32 },
  m: { large: 8, xlarge: 16, "2xlarge": 32, "4xlarge": 64, "8xlarge": 128, "12xlarge": 192, "16xlarge": 256 },
  r: { large: 16, xlarge: 32, "2xlarge": 64, "4xlarge": 128, "8xlarge": 256, "12xlarge": 384, "16xlarge": 512 },
};

/**
 * The default `max_connections` of an RDS PostgreSQL instance class, from its memory.
 * @example maxConnectionsFor("db.t4g.micro", "database.production.instanceClass") // 101
 */
export function maxConnectionsFor(instanceClass: string, field: string): number {
  const match = /^db\.([tmr])\d+[a-z]*\.([a-z0-9]+)$/.exec(instanceClass);
  const gib = match ? SIZES_GIB[match[1] as "t" | "m" | "r"][match[2]!] : undefined;
  if (gib === undefined) {
    throw new NightshiftError(
      "E_CONFIG",
      `nightshift.config.ts: ${field} is ${show(instanceClass)}, whose connection limit Nightshift does not know, so it cannot check queue concurrency against it. Use a db.t*, db.m* or db.r* class of a listed size (t: micro–2xlarge, m and r: large–16xlarge), e.g. "db.t4g.micro".`,
    );
  }
  return Math.min(5000, Math.floor((gib * GIB * USABLE_MEMORY) / BYTES_PER_CONNECTION));
}

export interface ConnectionBudgetOptions {
  /** The instance class from `nightshift.config.ts`. */
  readonly instanceClass: string;
  /** `production` has an instance of its own; `preview` environments share one. */
  readonly kind: "production" | "preview";
  /** @default DATABASE_BUDGET_DEFAULTS.previewEnvironments */
  readonly previewEnvironments?: number;
  /** @default DATABASE_BUDGET_DEFAULTS.webConnections[kind] */
  readonly webConnections?: number;
}

/** One environment's share of its instance's connections. */
export interface ConnectionBudget {
  /** Connections the environment's functions may hold together (one per running instance). */
  readonly connections: number;
  /** Each Lambda instance holds one connection (`getSql()` uses `max: 1` in Lambda). */
  readonly perFunction: 1;
  /** The role's `CONNECTION LIMIT`: functions + web + maintenance, so one environment cannot starve another. */
  readonly roleConnectionLimit: number;
  /** The instance's `max_connections`. */
  readonly maxConnections: number;
  /** What the budget is, for error messages. */
  readonly source: string;
}

/**
 * How many connections one environment's functions may use: the instance's `max_connections`,
 * less what RDS reserves, shared between the environments on the instance, less the web allowance
 * and maintenance. Synth checks that the queues' `concurrency` plus one per cron fits in
 * `connections` (infra's `validateConnectionBudget`), so a burst of messages can never exhaust the
 * database.
 * @example connectionBudget({ instanceClass: "db.t4g.micro", kind: "production" }).connections // 74
 */
export function connectionBudget(options: ConnectionBudgetOptions): ConnectionBudget {
  const field = `database.${options.kind}.instanceClass`;
  const maxConnections = maxConnectionsFor(options.instanceClass, field);
  const sharedBy =
    options.kind === "preview" ? (options.previewEnvironments ?? DATABASE_BUDGET_DEFAULTS.previewEnvironments) : 1;
  const web = options.webConnections ?? DATABASE_BUDGET_DEFAULTS.webConnections[options.kind];
  const share = Math.floor((maxConnections - DATABASE_BUDGET_DEFAULTS.reservedByRds) / sharedBy);
  const connections = share - web - DATABASE_BUDGET_DEFAULTS.maintenanceConnections;
  if (connections < 1) {
    throw new NightshiftError(
      "E_LIMIT",
      `nightshift.config.ts: ${field} ${show(options.instanceClass)} allows ${maxConnections} connections; shared by ${sharedBy} environment(s) that leaves ${share} each, less ${web} for the web app and ${DATABASE_BUDGET_DEFAULTS.maintenanceConnections} for maintenance, so none for functions (need at least 1). Use a larger instance class.`,
    );
  }
  const shared = sharedBy > 1 ? `, shared by ${sharedBy} preview environments` : "";
  return {
    connections,
    perFunction: 1,
    roleConnectionLimit: share,
    maxConnections,
    source: `the ${options.kind} database (${options.instanceClass}, max_connections ${maxConnections}${shared}, ${web} kept for the web app)`,
  };
}
