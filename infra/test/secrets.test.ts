import { parseConfig } from "nightshift/internal/config/parse-config";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createNightshiftApp } from "../app";
import { secretsExtension } from "../constructs/secrets-extension";
import { vercelExtension } from "../constructs/vercel-extension";
import { fakeArtifacts, richProject } from "./support/fixtures";
import { list, resources, type StackJson, statements, synthJson } from "./support/terraform-json";
import { secretsConfig, synthAll } from "./vercel-secrets-app";

const CANARY = "canary-7f3a9c1e-never-in-terraform";

const secretNames = (json: StackJson) =>
  resources(json, "aws_secretsmanager_secret")
    .map(([, body]) => String(body.name))
    .sort();
const functions = (json: StackJson) => resources(json, "aws_lambda_function").map(([, body]) => body);
const functionSecrets = (body: Record<string, unknown>) =>
  JSON.parse((body.environment as { variables: Record<string, string> }).variables.NIGHTSHIFT_SECRETS ?? "null");

describe("secrets in Terraform", () => {
  beforeEach(() => {
    vi.stubEnv("NIGHTSHIFT_GIT_BRANCH", "feature/x");
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("creates empty secret containers per scope: preview's in the preview stack, production's in production, none in pr-42", () => {
    const stacks = synthAll();
    expect(secretNames(stacks.preview)).toEqual([
      "wordmon/preview/ANALYTICS_KEY",
      "wordmon/preview/SMTP_URL",
      "wordmon/preview/STRIPE_KEY",
    ]);
    expect(secretNames(stacks.production)).toEqual(
      expect.arrayContaining(["wordmon/production/SMTP_URL", "wordmon/production/ANALYTICS_KEY"]),
    );
    const smtp = resources(stacks.production, "aws_secretsmanager_secret").find(
      ([, body]) => body.name === "wordmon/production/SMTP_URL",
    )?.[1];
    expect(smtp).toMatchObject({
      recovery_window_in_days: 30,
      description: "SMTP connection URL (targets: lambda; set with: nightshift secrets set SMTP_URL --env production)",
    });
    // pr-42 only looks up the shared preview secrets (its only own secret is the database login).
    expect(secretNames(stacks.pr)).toEqual(["wordmon-pr-42-database"]);
    expect(
      Object.values(stacks.pr.data?.aws_secretsmanager_secret ?? {})
        .map((body) => body.name)
        .sort(),
    ).toEqual(["wordmon/preview/ANALYTICS_KEY", "wordmon/preview/SMTP_URL", "wordmon/preview/STRIPE_KEY"]);
    for (const json of Object.values(stacks)) expect(resources(json, "aws_secretsmanager_secret_version")).toEqual([]);
  });

  it("hands every function NIGHTSHIFT_SECRETS (names → ARNs of the Lambda-targeted secrets) and read access to exactly those", () => {
    const { production, pr } = synthAll();
    const arnOf = (json: StackJson, name: string, kind: "resource" | "data") => {
      const group =
        kind === "resource" ? json.resource.aws_secretsmanager_secret : json.data?.aws_secretsmanager_secret;
      const id = Object.entries(group ?? {}).find(([, body]) => body.name === name)?.[0];
      return `\${${kind === "data" ? "data." : ""}aws_secretsmanager_secret.${id}.arn}`;
    };
    const cases = [
      [production, "wordmon/production", "resource"],
      [pr, "wordmon/preview", "data"],
    ] as const;
    for (const [json, prefix, kind] of cases) {
      const expected = {
        SMTP_URL: arnOf(json, `${prefix}/SMTP_URL`, kind),
        ANALYTICS_KEY: arnOf(json, `${prefix}/ANALYTICS_KEY`, kind),
      };
      expect(functions(json).length).toBeGreaterThan(0);
      for (const body of functions(json)) expect(functionSecrets(body)).toEqual(expected);
      const grants = resources(json, "aws_iam_role_policy").filter(([, body]) => body.name === "secrets");
      expect(grants).toHaveLength(functions(json).length);
      for (const [, grant] of grants) {
        expect(statements(grant.policy)).toEqual([
          {
            Sid: "ReadDeclaredSecrets",
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: [expected.SMTP_URL, expected.ANALYTICS_KEY],
          },
        ]);
      }
    }
  });

  it("lets PR functions read preview secrets through the boundary, and gives the deploy roles only what they need", () => {
    const { bootstrap } = synthAll();
    const account = `\${data.aws_caller_identity.account.account_id}`;
    const previewSecrets = `arn:aws:secretsmanager:us-east-1:${account}:secret:wordmon/preview/*`;
    const boundary = resources(bootstrap, "aws_iam_policy").find(
      ([, body]) => body.name === "wordmon-boundary-pull-requests",
    )?.[1];
    expect(statements(boundary?.policy)).toContainEqual({
      Sid: "ReadPreviewSecrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: previewSecrets,
    });
    const policies = resources(bootstrap, "aws_iam_role_policy").map(([, body]) => body);
    const pr = policies.find((body) => body.name === "secrets" && String(body.role).includes("pr-deploy-role"));
    expect(statements(pr?.policy)).toEqual([
      {
        Sid: "ReadSharedPreviewSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy", "secretsmanager:GetSecretValue"],
        Resource: previewSecrets,
      },
    ]);
    const production = policies.find(
      (body) => body.name === "secrets" && String(body.role).includes("production-deploy-role"),
    );
    const [manage] = statements(production?.policy);
    expect(list(manage?.Resource)).toEqual([`arn:aws:secretsmanager:us-east-1:${account}:secret:wordmon/*`]);
    expect(list(manage?.Action)).not.toContain("secretsmanager:PutSecretValue");
  });

  it("never writes a secret value into the synthesized JSON, even when the synthesizing shell has them", () => {
    vi.stubEnv("SMTP_URL", CANARY);
    vi.stubEnv("ANALYTICS_KEY", CANARY);
    vi.stubEnv("STRIPE_KEY", CANARY);
    vi.stubEnv("DATABASE_URL", `postgres://u:${CANARY}@db/x`);
    const stacks = synthAll();
    for (const json of Object.values(stacks)) expect(JSON.stringify(json)).not.toContain(CANARY);
  });

  it("adds nothing when no secrets are declared", () => {
    const config = parseConfig({ ...secretsConfig, secrets: [] });
    const project = richProject();
    const built = createNightshiftApp({
      config,
      project,
      artifacts: fakeArtifacts(project),
      environments: ["production", "pr-42"],
      outdir: "/tmp/unused",
      extensions: [secretsExtension, vercelExtension],
    });
    for (const stack of [built.bootstrap, built.preview, ...built.environments]) {
      const json = synthJson(stack);
      expect(resources(json, "aws_secretsmanager_secret")).toEqual([]);
      for (const body of functions(json)) expect(functionSecrets(body)).toBeNull();
    }
  });
});
