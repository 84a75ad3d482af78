/**
 * App-wide settings, written once in `nightshift.config.ts` at the repository root. Infra, the CLI
 * and CI read them through `loadConfig()`, which checks every field.
 */
export interface NightshiftConfig {
  /**
   * Short app name, the first part of every physical name (`<app>-<env>-<job>`): lowercase letters,
   * digits and dashes, 2–20 characters, starting with a letter.
   * @example "wordmon"
   */
  app: string;
  /** AWS region every environment is deployed to. @default "us-east-1" */
  region?: string;
  /**
   * S3 bucket that holds the Terraform state of every environment (created by the `bootstrap` stack).
   * Bucket names are global, so include something unique such as the account id.
   * @example "wordmon-tfstate-123456789012"
   */
  stateBucket: string;
  /** The GitHub repository that deploys: its workflows get the deploy roles through OIDC. */
  github: GithubConfig;
  /** The Vercel team (slug) and project the Next.js app is deployed to. */
  vercel: { team: string; project: string };
  /** Database instance sizes; `preview` is the one shared instance every `pr-<N>` database lives on. */
  database?: { production?: DatabaseSize; preview?: DatabaseSize };
  /**
   * CIDR blocks allowed to reach the databases on 5432. Vercel functions have no fixed egress
   * addresses, so the default is every address, with TLS enforced and per-environment credentials.
   * @default ["0.0.0.0/0"]
   */
  allowedDatabaseCidrs?: string[];
  /** Secrets kept in AWS Secrets Manager and handed to the Lambdas and/or the Vercel project. */
  secrets?: SecretConfig[];
  /** Address subscribed to the alerts topic (it must confirm the subscription email). */
  alertEmail?: string;
  /** Days CloudWatch keeps function logs (one of CloudWatch's allowed values). @default 30 */
  logRetentionDays?: number;
}

export interface GithubConfig {
  owner: string;
  repo: string;
  /**
   * How the `sub` claim of the repository's workflow tokens starts, before `:pull_request`,
   * `:ref:…` or `:environment:…`; the deploy roles trust exactly these subjects. Repositories
   * created or renamed since July 2026 get GitHub's immutable subjects, with numeric ids after the
   * names: copy the prefix from a workflow token (docs/operations.md, CI/CD).
   * @default "repo:<owner>/<repo>"
   * @example "repo:acme@1234567/wordmon@987654321"
   */
  subjectPrefix?: string;
  /**
   * Create `<app>-plan-pull-requests` in `bootstrap`: a read-only role pull requests use to plan
   * `preview` and `production`. Set `AWS_PLAN_ROLE_ARN` to its ARN to turn those plans on; without
   * it, PR comments plan only `pr-<N>`. It can read production's state, which holds sensitive values
   * (see docs/decisions.md).
   * @default false
   */
  planRole?: boolean;
}

export interface DatabaseSize {
  /** RDS instance class. @default "db.t4g.micro" */
  instanceClass?: string;
  /** Storage in GiB, 20–65536. @default 20 */
  allocatedStorageGb?: number;
}

export interface SecretConfig {
  /** Env var name the secret is exposed as: `SCREAMING_SNAKE_CASE`. @example "SMTP_URL" */
  name: string;
  /** What it is and where to get it; shown by the CLI when it is missing. */
  description: string;
  /** Where the value is delivered. */
  targets: ("lambda" | "vercel")[];
  /**
   * A required secret with no value stops `npm run dev` and the deploy, listing the command that
   * sets it. An optional one is simply absent at run time. A secret that targets Vercel needs a
   * value to deploy either way, because the deploy copies it into the Vercel project.
   * @default true
   */
  required?: boolean;
}

/** Declares the app-wide settings; it exists for type inference and returns its argument. */
export function defineConfig(config: NightshiftConfig): NightshiftConfig {
  return config;
}
