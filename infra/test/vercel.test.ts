import { parseConfig } from "nightshift/internal/config/parse-config";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createNightshiftApp } from "../app";
import { secretsExtension } from "../constructs/secrets-extension";
import { createVercelExtension, vercelExtension } from "../constructs/vercel-extension";
import { fakeArtifacts, richProject } from "./support/fixtures";
import { list, resources, type StackJson, statements, synthJson } from "./support/terraform-json";
import { secretsConfig, synthAll } from "./vercel-secrets-app";

type VariableBody = {
  key: string;
  target: string[];
  git_branch?: string;
  sensitive: boolean;
  value: string;
  project_id: string;
};
const variables = (json: StackJson): Record<string, VariableBody> =>
  Object.fromEntries(
    resources(json, "vercel_project_environment_variable").map(([, body]) => [
      body.key,
      body as unknown as VariableBody,
    ]),
  );

describe("Vercel wiring (NIGHTSHIFT_GIT_BRANCH=feature/x)", () => {
  beforeEach(() => {
    vi.stubEnv("NIGHTSHIFT_GIT_BRANCH", "feature/x");
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("defines the Vercel project once, in production: Next.js in apps/web, team OIDC issuer, no Git deployments", () => {
    const stacks = synthAll();
    expect(resources(stacks.production, "vercel_project")).toHaveLength(1);
    for (const other of [stacks.bootstrap, stacks.preview, stacks.pr]) {
      expect(resources(other, "vercel_project")).toHaveLength(0);
    }
    const [, project] = resources(stacks.production, "vercel_project")[0]!;
    expect(project).toMatchObject({
      name: "wordmon-web",
      framework: "nextjs",
      root_directory: "apps/web",
      oidc_token_config: { issuer_mode: "team" },
      git_repository: { type: "github", repo: "acme/wordmon", production_branch: "main" },
      git_provider_options: { create_deployments: false },
      lifecycle: { prevent_destroy: true },
    });
    // pr-42 refers to the same project by name, through a data source.
    expect(Object.values(stacks.pr.data?.vercel_project ?? {})).toEqual([{ name: "wordmon-web" }]);
    // The provider's token comes from VERCEL_API_TOKEN at plan/apply time, never from the configuration.
    expect(stacks.production.provider.vercel).toEqual([{ team: "acme" }]);
    expect(stacks.production.terraform).toMatchObject({
      required_providers: { vercel: { source: "vercel/vercel", version: "4.2.0" } },
    });
  });

  it("sets production-target variables in production with the runtime's settings", () => {
    const stacks = synthAll();
    const vars = variables(stacks.production);
    expect(Object.keys(vars).sort()).toEqual([
      "ANALYTICS_KEY",
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
      "STRIPE_KEY",
    ]);
    for (const body of Object.values(vars)) {
      expect(body.target).toEqual(["production"]);
      expect(body.git_branch).toBeUndefined();
      expect(body.project_id).toMatch(/^\$\{vercel_project\.[\w-]+\.id\}$/);
    }
    expect(vars.AWS_REGION?.value).toBe("us-east-1");
    expect(vars.NIGHTSHIFT_ENV?.value).toBe("production");
    expect(vars.NIGHTSHIFT_RESOURCE_PREFIX?.value).toBe("wordmon-production");
    expect(vars.NIGHTSHIFT_SCHEDULER_GROUP?.value).toBe("wordmon-production");
    expect(vars.NIGHTSHIFT_ROLE_ARN?.value).toMatch(
      /^arn:aws:iam::\$\{data\.aws_caller_identity\.account\.account_id\}:role\/wordmon-vercel-production$/,
    );
    // SMTP_URL targets only the Lambdas.
    expect(vars.SMTP_URL).toBeUndefined();
  });

  it("sets preview-target variables scoped to the branch in pr-42", () => {
    const stacks = synthAll();
    const vars = variables(stacks.pr);
    expect(Object.keys(vars)).toHaveLength(12);
    for (const body of Object.values(vars)) {
      expect(body.target).toEqual(["preview"]);
      expect(body.git_branch).toBe("feature/x");
      expect(body.project_id).toMatch(/^\$\{data\.vercel_project\.[\w-]+\.id\}$/);
    }
    expect(vars.NIGHTSHIFT_ENV?.value).toBe("pr-42");
    expect(vars.NIGHTSHIFT_RESOURCE_PREFIX?.value).toBe("wordmon-pr-42");
    expect(vars.NIGHTSHIFT_ROLE_ARN?.value).toMatch(/role\/wordmon-vercel-preview$/);
  });

  it("gives Vercel a password-less DATABASE_URL (still sensitive) and the login secret's ARN, and the secrets from data sources", () => {
    const stacks = synthAll();
    for (const json of [stacks.production, stacks.pr]) {
      const vars = variables(json);
      const login = resources(json, "aws_secretsmanager_secret").find(([, body]) =>
        String(body.name).endsWith("-database"),
      )?.[0];
      const lambda = resources(json, "aws_lambda_function")[0]?.[1] as {
        environment: { variables: Record<string, string> };
      };
      // The same URL and secret the environment's Lambdas get.
      expect(vars.DATABASE_URL).toMatchObject({
        sensitive: true,
        value: lambda.environment.variables.DATABASE_URL,
      });
      expect(vars.DATABASE_URL?.value).toMatch(
        /^postgres:\/\/wordmon_[\w]+@\$\{[^}]+\.address\}:\$\{[^}]+\.port\}\/wordmon_[\w]+\?sslmode=require$/,
      );
      expect(vars.NIGHTSHIFT_DATABASE_SECRET_ARN).toMatchObject({
        sensitive: false,
        value: `\${aws_secretsmanager_secret.${login}.arn}`,
      });
      expect(lambda.environment.variables.NIGHTSHIFT_DATABASE_SECRET_ARN).toBe(
        vars.NIGHTSHIFT_DATABASE_SECRET_ARN?.value,
      );
      expect(vars.ANALYTICS_KEY).toMatchObject({
        sensitive: true,
        value: `\${data.aws_secretsmanager_secret_version.vercel-secret-ANALYTICS_KEY.secret_string}`,
      });
      expect(vars.STRIPE_KEY?.sensitive).toBe(true);
      expect(vars.NIGHTSHIFT_APP?.sensitive).toBe(false);
      expect(resources(json, "aws_secretsmanager_secret_version")).toHaveLength(0);
      // The database login's value is never read into the state: only the declared Vercel secrets are.
      expect(Object.keys(json.data?.aws_secretsmanager_secret_version ?? {}).sort()).toEqual([
        "vercel-secret-ANALYTICS_KEY",
        "vercel-secret-STRIPE_KEY",
      ]);
    }
    // In pr-42 the Vercel secrets are the shared preview ones, looked up by name.
    const lookups = Object.entries(stacks.pr.data?.aws_secretsmanager_secret ?? {});
    const analytics = lookups.find(([, body]) => body.name === "wordmon/preview/ANALYTICS_KEY");
    expect(stacks.pr.data?.aws_secretsmanager_secret_version?.["vercel-secret-ANALYTICS_KEY"]).toEqual({
      secret_id: `\${data.aws_secretsmanager_secret.${analytics?.[0]}.arn}`,
    });
  });

  it("trusts Vercel's team issuer from bootstrap, with one role per Vercel environment scoped by subject", () => {
    const { bootstrap } = synthAll();
    const providers = resources(bootstrap, "aws_iam_openid_connect_provider").map(([, body]) => body);
    expect(providers).toContainEqual(
      expect.objectContaining({ url: "https://oidc.vercel.com/acme", client_id_list: ["https://vercel.com/acme"] }),
    );
    const roles = Object.fromEntries(resources(bootstrap, "aws_iam_role").map(([, body]) => [body.name, body]));
    for (const target of ["production", "preview"]) {
      const [trust] = statements(roles[`wordmon-vercel-${target}`]?.assume_role_policy);
      expect(trust).toEqual({
        Effect: "Allow",
        Principal: { Federated: expect.stringMatching(/^\$\{aws_iam_openid_connect_provider\.vercel-oidc_provider_/) },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "oidc.vercel.com/acme:aud": "https://vercel.com/acme",
            "oidc.vercel.com/acme:sub": `owner:acme:project:wordmon-web:environment:${target}`,
          },
        },
      });
    }
  });

  it("lets the preview role send and publish only to pr-* resources, and the production role only to production's", () => {
    const { bootstrap } = synthAll();
    const policies = resources(bootstrap, "aws_iam_role_policy").map(([, body]) => body);
    const policyOf = (target: string) =>
      statements(policies.find((body) => String(body.role).includes(`vercel-oidc_${target}-role`))?.policy);
    const account = `\${data.aws_caller_identity.account.account_id}`;
    expect(policyOf("preview")).toEqual([
      {
        Sid: "SendToQueues",
        Effect: "Allow",
        Action: "sqs:SendMessage",
        Resource: `arn:aws:sqs:us-east-1:${account}:wordmon-pr-*-*`,
      },
      {
        Sid: "PublishToTopics",
        Effect: "Allow",
        Action: "sns:Publish",
        Resource: `arn:aws:sns:us-east-1:${account}:wordmon-pr-*-*`,
      },
      {
        Sid: "CreateDelayedSends",
        Effect: "Allow",
        Action: "scheduler:CreateSchedule",
        Resource: `arn:aws:scheduler:us-east-1:${account}:schedule/wordmon-pr-*/*`,
      },
      {
        Sid: "PassSchedulerRole",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: `arn:aws:iam::${account}:role/wordmon-pr-*-scheduler`,
        Condition: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
      },
    ]);
    const production = JSON.stringify(policyOf("production"));
    expect(production).toContain("wordmon-production-*");
    expect(production).not.toContain("pr-");
    expect(JSON.stringify(policyOf("preview"))).not.toContain("production");
  });

  it("lets each Vercel role read only its environments' database logins, and the deploy roles none", () => {
    const { bootstrap } = synthAll();
    const policies = resources(bootstrap, "aws_iam_role_policy").map(([, body]) => body);
    const loginPolicy = (target: string) =>
      policies.filter(
        (body) => body.name === "database-login" && String(body.role).includes(`vercel-oidc_${target}-role`),
      );
    const secrets = `arn:aws:secretsmanager:us-east-1:\${data.aws_caller_identity.account.account_id}:secret`;
    expect(loginPolicy("production")).toHaveLength(1);
    expect(statements(loginPolicy("production")[0]?.policy)).toEqual([
      {
        Sid: "ReadDatabaseLogin",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: `${secrets}:wordmon-production-database-*`,
      },
    ]);
    expect(statements(loginPolicy("preview")[0]?.policy)).toEqual([
      {
        Sid: "ReadDatabaseLogin",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: `${secrets}:wordmon-pr-*-database-*`,
      },
    ]);
    // Deploy roles no longer copy the login into Vercel, so none of their policies names it for reading.
    for (const body of policies.filter((p) => String(p.role).includes("deploy-role"))) {
      for (const statement of statements(body.policy)) {
        if (list(statement.Action).includes("secretsmanager:GetSecretValue"))
          expect(list(statement.Resource).join(), `${body.name} ${statement.Sid}`).not.toContain("-database-");
      }
    }
  });

  it("creates no IAM users and no access keys in any stack", () => {
    const stacks = synthAll();
    for (const json of Object.values(stacks)) {
      expect(resources(json, "aws_iam_user")).toHaveLength(0);
      expect(resources(json, "aws_iam_access_key")).toHaveLength(0);
      expect(JSON.stringify(json)).not.toMatch(/aws_iam_user|aws_iam_access_key|api_token/);
    }
  });

  it("gives other long-lived environments no Vercel variables", () => {
    const project = richProject();
    const built = createNightshiftApp({
      config: secretsConfig,
      project,
      artifacts: fakeArtifacts(project),
      environments: ["production", "staging"],
      outdir: "/tmp/unused",
      extensions: [secretsExtension, vercelExtension],
    });
    const staging = synthJson(built.environments[1]!);
    expect(resources(staging, "vercel_project_environment_variable")).toHaveLength(0);
    expect(staging.provider.vercel).toBeUndefined();
  });
});

describe("NIGHTSHIFT_GIT_BRANCH", () => {
  const synthPr = (env: Record<string, string | undefined>) => () =>
    synthAll([secretsExtension, createVercelExtension({ env: () => env })]);

  it("is required to synthesize a pull-request environment in CI", () => {
    expect(synthPr({ CI: "true" })).toThrow(
      `NIGHTSHIFT_GIT_BRANCH is not set, and synthesizing "pr-42" needs it: its Vercel preview variables are scoped to the pull request's Git branch. CI sets it from the pull request (\`NIGHTSHIFT_GIT_BRANCH: \${{ github.head_ref }}\`); by hand, run \`NIGHTSHIFT_GIT_BRANCH=$(git branch --show-current) NIGHTSHIFT_ENV=pr-42 npm run synth\`.`,
    );
  });

  it("may be missing on a laptop: the PR stack is synthesized without Vercel variables, with a warning", () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const built = synthPr({})();
      expect(JSON.stringify(built.production)).toContain("vercel_project_environment_variable");
      expect(JSON.stringify(built.pr)).not.toContain("vercel_project_environment_variable");
      expect(String(stderr.mock.calls[0]?.[0])).toMatch(
        /^warning: pr-42 synthesized without its Vercel preview variables: NIGHTSHIFT_GIT_BRANCH is not set\. Fine for reading the Terraform; set it to deploy\. CI sets it/,
      );
    } finally {
      stderr.mockRestore();
    }
  });

  it("must be a branch name other than the production branch", () => {
    expect(synthPr({ NIGHTSHIFT_GIT_BRANCH: "main" })).toThrow(
      'NIGHTSHIFT_GIT_BRANCH must be the pull request\'s head branch, a Git branch name other than the production branch "main" (got "main").',
    );
    expect(synthPr({ NIGHTSHIFT_GIT_BRANCH: "a b" })).toThrow(/got "a b"/);
  });

  it("rejects a Vercel secret named like a variable Nightshift sets", () => {
    const config = parseConfig({
      ...secretsConfig,
      secrets: [{ name: "DATABASE_URL", description: "x", targets: ["vercel"] }],
    });
    const project = richProject();
    expect(() =>
      createNightshiftApp({
        config,
        project,
        artifacts: fakeArtifacts(project),
        environments: ["production"],
        outdir: "/tmp/unused",
        extensions: [secretsExtension, vercelExtension],
      }),
    ).toThrow(
      'nightshift.config.ts: secrets[0].name "DATABASE_URL" targets Vercel, where Nightshift already sets that variable (AWS_REGION, DATABASE_URL, NIGHTSHIFT_ACCOUNT_ID, NIGHTSHIFT_APP, NIGHTSHIFT_DATABASE_SECRET_ARN, NIGHTSHIFT_ENV, NIGHTSHIFT_RESOURCE_PREFIX, NIGHTSHIFT_ROLE_ARN, NIGHTSHIFT_SCHEDULER_GROUP, NIGHTSHIFT_SCHEDULER_ROLE_ARN); rename the secret.',
    );
  });
});
