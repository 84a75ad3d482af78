import { DataAwsSecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version/index.js";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy/index.js";
import { NightshiftError, show } from "nightshift/internal/errors";
import { isPullRequestEnvironment } from "../environment-name";
import type { NightshiftExtension } from "../extension";
import { type PolicyStatement, policyJson } from "../policy";
import type { EnvironmentStack } from "../stacks/environment-stack";
import { EnvironmentDatabase } from "./database-environment";
import { type SecretsAccessScope, secretArnPattern } from "./secrets-deploy-access";
import { EnvironmentSecrets } from "./secrets-environment";
import { VercelEnvironment, type VercelVariable } from "./vercel-environment";
import { VercelOidc, type VercelTarget, vercelEnvironmentPattern, vercelRoleName } from "./vercel-oidc";
import { VercelProjectRef } from "./vercel-project";

/** The env var CI sets to the pull request's head branch before synthesizing a `pr-<N>` stack. */
export const GIT_BRANCH_ENV = "NIGHTSHIFT_GIT_BRANCH";

/** An environment's database as Vercel gets it: a URL without its password, and the login secret. */
export interface VercelDatabase {
  /** `DATABASE_URL` without a password (a Terraform expression is fine). */
  readonly url: string;
  /** ARN of the secret whose JSON `password` the runtime reads (`NIGHTSHIFT_DATABASE_SECRET_ARN`). */
  readonly secretArn: string;
}

export interface VercelExtensionOptions {
  /** Env vars read at synth (`NIGHTSHIFT_GIT_BRANCH`). @default () => process.env */
  readonly env?: () => Readonly<Record<string, string | undefined>>;
  /** Finds the environment's database. @default findDatabase */
  readonly database?: (stack: EnvironmentStack) => VercelDatabase | undefined;
}

/**
 * The environment's database, from the database extension (`EnvironmentDatabase`): the same
 * password-less `DATABASE_URL` and secret ARN its Lambdas get. Register the database extension
 * before this one.
 */
export function findDatabase(stack: EnvironmentStack): VercelDatabase | undefined {
  const database = stack.node.findAll().find((construct) => construct instanceof EnvironmentDatabase);
  if (!(database instanceof EnvironmentDatabase)) return undefined;
  return { url: database.databaseUrl, secretArn: database.secret.arn };
}

/**
 * The Vercel role of `target` reads the database logins of its environments at runtime
 * (`<app>-production-database-*`, or every `<app>-pr-*-database-*`), so the password never passes
 * through Terraform or Vercel. Like its queues and topics, the preview role reaches every PR's.
 */
export function vercelDatabaseLoginStatements(scope: SecretsAccessScope, target: VercelTarget): PolicyStatement[] {
  return [
    {
      Sid: "ReadDatabaseLogin",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: secretArnPattern(scope, `${scope.app}-${vercelEnvironmentPattern(target)}-database-*`),
    },
  ];
}

/** The Vercel environment an environment stack feeds, or undefined when it has none (`staging`…). */
export function vercelTargetOf(environment: string): VercelTarget | undefined {
  if (environment === "production") return "production";
  return isPullRequestEnvironment(environment) ? "preview" : undefined;
}

/**
 * Reads and checks `NIGHTSHIFT_GIT_BRANCH` for a `pr-<N>` stack. In CI (`CI=true`) it is required,
 * because a deployable PR stack must scope its Vercel variables to the PR's branch. On a laptop,
 * where synth is for looking at the Terraform, it may be missing: the stack is then synthesized
 * without its Vercel preview variables (undefined is returned) and a warning says so.
 */
export function readGitBranch(
  env: Readonly<Record<string, string | undefined>>,
  environment: string,
): string | undefined {
  const branch = env[GIT_BRANCH_ENV]?.trim();
  const how = `CI sets it from the pull request (\`${GIT_BRANCH_ENV}: \${{ github.head_ref }}\`); by hand, run \`${GIT_BRANCH_ENV}=$(git branch --show-current) NIGHTSHIFT_ENV=${environment} npm run synth\`.`;
  if (!branch && env.CI !== "true") {
    process.stderr.write(
      `warning: ${environment} synthesized without its Vercel preview variables: ${GIT_BRANCH_ENV} is not set. Fine for reading the Terraform; set it to deploy. ${how}\n`,
    );
    return undefined;
  }
  if (!branch) {
    throw new NightshiftError(
      "E_CONFIG",
      `${GIT_BRANCH_ENV} is not set, and synthesizing "${environment}" needs it: its Vercel preview variables are scoped to the pull request's Git branch. ${how}`,
    );
  }
  if (/\s|\.\.|^[-/]|\/$|[~^:?*[\\]/.test(branch) || branch === "main") {
    throw new NightshiftError(
      "E_CONFIG",
      `${GIT_BRANCH_ENV} must be the pull request's head branch, a Git branch name other than the production branch "main" (got ${show(branch)}). ${how}`,
    );
  }
  return branch;
}

/** Names the Vercel variables use besides the declared secrets; a secret must not reuse one. */
export const VERCEL_FIXED_VARIABLES = [
  "AWS_REGION",
  "DATABASE_URL",
  "NIGHTSHIFT_ACCOUNT_ID",
  "NIGHTSHIFT_APP",
  "NIGHTSHIFT_DATABASE_SECRET_ARN",
  "NIGHTSHIFT_ENV",
  "NIGHTSHIFT_RESOURCE_PREFIX",
  "NIGHTSHIFT_ROLE_ARN",
  "NIGHTSHIFT_SCHEDULER_GROUP",
  "NIGHTSHIFT_SCHEDULER_ROLE_ARN",
] as const;

/**
 * Wires the Vercel project to AWS:
 * - `bootstrap`: the team's OIDC provider and the production and preview roles (`VercelOidc`);
 * - `production`: the project itself, and its production variables;
 * - `pr-<N>`: preview variables scoped to the pull request's branch (`NIGHTSHIFT_GIT_BRANCH`).
 * The variables are what the runtime reads (`src/runtime/config.ts`): region, role to assume,
 * app, environment, resource prefix, account id, scheduler role and group; `DATABASE_URL` without
 * its password (still marked sensitive) plus `NIGHTSHIFT_DATABASE_SECRET_ARN`, whose password the
 * runtime reads with the Vercel role; and the secrets that target Vercel, sensitive and read from
 * Secrets Manager by data sources, so no value is ever in the synthesized JSON. Other environments
 * (`staging`) get no Vercel variables.
 */
export function createVercelExtension(options: VercelExtensionOptions = {}): NightshiftExtension {
  const readEnv = options.env ?? (() => process.env);
  const findEnvironmentDatabase = options.database ?? findDatabase;
  return {
    name: "vercel",

    bootstrap(stack) {
      const oidc = new VercelOidc(stack, "vercel-oidc", { config: stack.config, arns: stack.arns });
      const scope = { app: stack.config.app, region: stack.config.region, account: stack.accountId };
      for (const [target, role] of [
        ["production", oidc.productionRole],
        ["preview", oidc.previewRole],
      ] as const) {
        new IamRolePolicy(stack, `vercel-${target}-database-policy`, {
          name: "database-login",
          role: role.name,
          policy: policyJson(vercelDatabaseLoginStatements(scope, target)),
        });
      }
    },

    environment(stack) {
      const target = vercelTargetOf(stack.environment);
      if (!target) return;
      const { config } = stack;
      const gitBranch = target === "preview" ? readGitBranch(readEnv(), stack.environment) : undefined;
      // A preview stack without its branch gets no Vercel variables rather than unscoped ones.
      if (target === "preview" && gitBranch === undefined) return;
      const secrets = EnvironmentSecrets.of(stack).targeting("vercel");
      for (const secret of secrets) {
        if ((VERCEL_FIXED_VARIABLES as readonly string[]).includes(secret.config.name)) {
          const index = config.secrets.indexOf(secret.config);
          throw new NightshiftError(
            "E_CONFIG",
            `nightshift.config.ts: secrets[${index}].name ${show(secret.config.name)} targets Vercel, where Nightshift already sets that variable (${VERCEL_FIXED_VARIABLES.join(", ")}); rename the secret.`,
          );
        }
      }
      const ref = new VercelProjectRef(stack, "vercel", { config, owner: target === "production" });

      const plain = (value: string, comment?: string): VercelVariable => ({
        value,
        sensitive: false,
        ...(comment ? { comment } : {}),
      });
      const variables: Record<string, VercelVariable> = {
        AWS_REGION: plain(config.region, "Region of the environment's queues and topics"),
        NIGHTSHIFT_ROLE_ARN: plain(
          stack.arns.role(vercelRoleName(config.app, target)),
          "Role Vercel functions assume through OIDC",
        ),
        NIGHTSHIFT_APP: plain(config.app),
        NIGHTSHIFT_ENV: plain(stack.environment),
        NIGHTSHIFT_RESOURCE_PREFIX: plain(stack.naming.prefix),
        NIGHTSHIFT_ACCOUNT_ID: plain(stack.accountId),
        NIGHTSHIFT_SCHEDULER_ROLE_ARN: plain(stack.scheduling.sendRole.arn),
        NIGHTSHIFT_SCHEDULER_GROUP: plain(stack.scheduling.groupName),
      };
      const database = findEnvironmentDatabase(stack);
      if (database) {
        // No password in it, but a host and a role name are still nobody's business on the dashboard.
        variables.DATABASE_URL = {
          value: database.url,
          sensitive: true,
          comment: "The environment's database as its own login role, without the password",
        };
        variables.NIGHTSHIFT_DATABASE_SECRET_ARN = plain(
          database.secretArn,
          "The runtime reads the database password from this secret with NIGHTSHIFT_ROLE_ARN",
        );
      }
      for (const secret of secrets) {
        const version = new DataAwsSecretsmanagerSecretVersion(stack, `vercel-secret-${secret.config.name}`, {
          secretId: secret.secretId,
        });
        variables[secret.config.name] = {
          value: version.secretString,
          sensitive: true,
          comment: `From Secrets Manager: nightshift secrets set ${secret.config.name} --env ${EnvironmentSecrets.of(stack).scope}`,
        };
      }
      new VercelEnvironment(stack, "vercel-environment", {
        projectId: ref.projectId,
        target,
        ...(gitBranch ? { gitBranch } : {}),
        variables,
      });
    },
  };
}

/** The extension as `infra/extensions.ts` registers it. */
export const vercelExtension: NightshiftExtension = createVercelExtension();
