import { DEFAULTS } from "../definition/defaults";
import { NightshiftError, show } from "../errors";
import type { NightshiftConfig, SecretConfig } from "./define-config";

/** `nightshift.config.ts` after validation, with every default applied. */
export interface ParsedNightshiftConfig {
  readonly app: string;
  readonly region: string;
  readonly stateBucket: string;
  readonly github: ParsedGithubConfig;
  readonly vercel: { readonly team: string; readonly project: string };
  readonly database: {
    readonly production: ParsedDatabaseSize;
    readonly preview: ParsedDatabaseSize;
  };
  readonly allowedDatabaseCidrs: readonly string[];
  readonly secrets: readonly ParsedSecretConfig[];
  readonly alertEmail?: string;
  readonly logRetentionDays: number;
}

export interface ParsedGithubConfig {
  readonly owner: string;
  readonly repo: string;
  /** What every OIDC `sub` of the repository's workflows starts with, before `:<context>`. */
  readonly subjectPrefix: string;
  /** Whether `bootstrap` creates the read-only plan role for pull requests. */
  readonly planRole: boolean;
}

/** A declared secret with its defaults applied. */
export type ParsedSecretConfig = Readonly<Required<SecretConfig>>;

export interface ParsedDatabaseSize {
  readonly instanceClass: string;
  readonly allocatedStorageGb: number;
}

export const CONFIG_DEFAULTS = {
  region: "us-east-1",
  database: { instanceClass: "db.t4g.micro", allocatedStorageGb: 20 },
  allowedDatabaseCidrs: ["0.0.0.0/0"],
} as const;

/** Retention values CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const KEYS = [
  "app",
  "region",
  "stateBucket",
  "github",
  "vercel",
  "database",
  "allowedDatabaseCidrs",
  "secrets",
  "alertEmail",
  "logRetentionDays",
] as const;

const GITHUB_KEYS = ["owner", "repo", "subjectPrefix", "planRole"] as const;

/** The subject prefix of repositories whose OIDC subjects name them: `repo:<owner>/<repo>`. */
export function defaultSubjectPrefix(owner: string, repo: string): string {
  return `repo:${owner}/${repo}`;
}

/** `repo:<owner>/<repo>`, each name optionally followed by `@<immutable id>` (names compare case-insensitively). */
function subjectPrefixPattern(owner: string, repo: string): RegExp {
  const literal = (name: string) => name.replace(/[.]/g, "\\.");
  return new RegExp(`^repo:${literal(owner)}(@\\d+)?/${literal(repo)}(@\\d+)?$`, "i");
}

const APP_PATTERN = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;
const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const GITHUB_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,100}$/;
const SECRET_NAME_PATTERN = /^[A-Z][A-Z0-9_]{0,127}$/;
const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks a loaded `nightshift.config.ts` (`file` names it in errors) and applies the defaults.
 * Errors are `E_CONFIG` and name the file, the field, the value, the rule and the fix.
 */
export function parseConfig(value: unknown, file = "nightshift.config.ts"): ParsedNightshiftConfig {
  const fail = (field: string, message: string): never => {
    throw new NightshiftError("E_CONFIG", `${file}: ${field} ${message}`);
  };
  const object = (field: string, v: unknown): Record<string, unknown> => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) fail(field, `must be an object (got ${show(v)}).`);
    return v as Record<string, unknown>;
  };
  const string = (field: string, v: unknown, pattern: RegExp, rule: string): string => {
    if (typeof v !== "string" || !pattern.test(v)) fail(field, `must be ${rule} (got ${show(v)}).`);
    return v as string;
  };

  const config = object("the default export", value) as Partial<NightshiftConfig> & Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!(KEYS as readonly string[]).includes(key)) fail(key, `is not a setting. Allowed: ${KEYS.join(", ")}.`);
  }
  const app = string(
    "app",
    config.app,
    APP_PATTERN,
    '2–20 lowercase letters, digits or dashes, starting with a letter and not ending with a dash, e.g. "wordmon"',
  );
  const region = string(
    "region",
    config.region ?? CONFIG_DEFAULTS.region,
    REGION_PATTERN,
    'an AWS region such as "us-east-1"',
  );
  const stateBucket = string(
    "stateBucket",
    config.stateBucket,
    BUCKET_PATTERN,
    `an S3 bucket name: 3–63 lowercase letters, digits, dots or dashes, e.g. "${app}-tfstate-123456789012"`,
  );
  const githubObject = object("github", config.github);
  for (const key of Object.keys(githubObject)) {
    if (!(GITHUB_KEYS as readonly string[]).includes(key))
      fail(`github.${key}`, `is not a setting. Allowed: ${GITHUB_KEYS.join(", ")}.`);
  }
  const owner = string("github.owner", githubObject.owner, GITHUB_NAME_PATTERN, "a GitHub user or organization name");
  const repo = string("github.repo", githubObject.repo, GITHUB_NAME_PATTERN, "a GitHub repository name");
  const subjectPrefix = githubObject.subjectPrefix ?? defaultSubjectPrefix(owner, repo);
  if (typeof subjectPrefix !== "string" || !subjectPrefixPattern(owner, repo).test(subjectPrefix)) {
    fail(
      "github.subjectPrefix",
      `must be how this repository's OIDC subjects start: ${show(defaultSubjectPrefix(owner, repo))}, or with GitHub's immutable ids ${show(`repo:${owner}@<owner id>/${repo}@<repository id>`)} (got ${show(subjectPrefix)}). Copy it from the sub claim of a workflow's token, up to the ":" before pull_request or ref (docs/operations.md, CI/CD).`,
    );
  }
  const planRole = githubObject.planRole ?? false;
  if (typeof planRole !== "boolean") fail("github.planRole", `must be true or false (got ${show(planRole)}).`);
  const github: ParsedGithubConfig = {
    owner,
    repo,
    subjectPrefix: subjectPrefix as string,
    planRole: planRole as boolean,
  };
  const vercelObject = object("vercel", config.vercel);
  const vercel = {
    team: string("vercel.team", vercelObject.team, /^[a-z0-9][a-z0-9_-]{0,99}$/, "the Vercel team slug"),
    project: string("vercel.project", vercelObject.project, /^[a-z0-9._-]{1,100}$/, "the Vercel project name"),
  };

  const databaseObject = config.database === undefined ? {} : object("database", config.database);
  for (const key of Object.keys(databaseObject)) {
    if (key !== "production" && key !== "preview")
      fail(`database.${key}`, "is not a setting. Allowed: production, preview.");
  }
  const size = (kind: "production" | "preview") => {
    const raw = databaseObject[kind] === undefined ? {} : object(`database.${kind}`, databaseObject[kind]);
    const instanceClass = string(
      `database.${kind}.instanceClass`,
      raw.instanceClass ?? CONFIG_DEFAULTS.database.instanceClass,
      /^db\.[a-z0-9]+\.[a-z0-9]+$/,
      'an RDS instance class such as "db.t4g.micro"',
    );
    const storage = raw.allocatedStorageGb ?? CONFIG_DEFAULTS.database.allocatedStorageGb;
    if (typeof storage !== "number" || !Number.isInteger(storage) || storage < 20 || storage > 65536) {
      fail(`database.${kind}.allocatedStorageGb`, `must be a whole number of GiB, 20–65536 (got ${show(storage)}).`);
    }
    return { instanceClass, allocatedStorageGb: storage as number };
  };

  const cidrs = config.allowedDatabaseCidrs ?? CONFIG_DEFAULTS.allowedDatabaseCidrs;
  if (!Array.isArray(cidrs) || cidrs.length === 0) {
    fail("allowedDatabaseCidrs", `must be a non-empty list of CIDR blocks such as ["0.0.0.0/0"] (got ${show(cidrs)}).`);
  }
  cidrs.forEach((cidr, index) => {
    const match = typeof cidr === "string" ? CIDR_PATTERN.exec(cidr) : null;
    const valid = match?.slice(1, 5).every((part) => Number(part) <= 255) && Number(match?.[5]) <= 32;
    if (!valid)
      fail(
        `allowedDatabaseCidrs[${index}]`,
        `must be an IPv4 CIDR block such as "203.0.113.0/24" (got ${show(cidr)}).`,
      );
  });

  const secretsValue = config.secrets ?? [];
  if (!Array.isArray(secretsValue))
    fail("secrets", `must be a list of { name, description, targets } (got ${show(secretsValue)}).`);
  const seen = new Set<string>();
  const secrets = secretsValue.map((entry, index) => {
    const field = `secrets[${index}]`;
    const secret = object(field, entry);
    const name = string(
      `${field}.name`,
      secret.name,
      SECRET_NAME_PATTERN,
      'an env var name in SCREAMING_SNAKE_CASE, e.g. "RESEND_API_KEY"',
    );
    if (seen.has(name)) fail(`${field}.name`, `repeats ${show(name)}; give each secret once.`);
    seen.add(name);
    if (typeof secret.description !== "string" || secret.description.trim() === "") {
      fail(
        `${field}.description`,
        `must say what the secret is and where to get it (got ${show(secret.description)}).`,
      );
    }
    const targets = secret.targets;
    if (
      !Array.isArray(targets) ||
      targets.length === 0 ||
      targets.some((t) => t !== "lambda" && t !== "vercel") ||
      new Set(targets).size !== targets.length
    ) {
      fail(`${field}.targets`, `must list where the secret goes, "lambda" and/or "vercel" (got ${show(targets)}).`);
    }
    const required = secret.required ?? true;
    if (typeof required !== "boolean") fail(`${field}.required`, `must be true or false (got ${show(required)}).`);
    return {
      name,
      description: secret.description as string,
      targets: [...(targets as SecretConfig["targets"])],
      required: required as boolean,
    };
  });

  if (config.alertEmail !== undefined) {
    string("alertEmail", config.alertEmail, EMAIL_PATTERN, 'an email address such as "ops@example.com"');
  }
  const retention = config.logRetentionDays ?? DEFAULTS.logRetentionDays;
  if (!(LOG_RETENTION_DAYS as readonly unknown[]).includes(retention)) {
    fail(
      "logRetentionDays",
      `must be one of CloudWatch's values ${LOG_RETENTION_DAYS.join(", ")} (got ${show(retention)}).`,
    );
  }

  return {
    app,
    region,
    stateBucket,
    github,
    vercel,
    database: { production: size("production"), preview: size("preview") },
    allowedDatabaseCidrs: [...(cidrs as string[])],
    secrets,
    ...(config.alertEmail === undefined ? {} : { alertEmail: config.alertEmail }),
    logRetentionDays: retention as number,
  };
}
