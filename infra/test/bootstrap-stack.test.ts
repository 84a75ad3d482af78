import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { App } from "cdktf";
import type { NightshiftConfig } from "nightshift/internal/config/define-config";
import { parseConfig } from "nightshift/internal/config/parse-config";
import { describe, expect, it } from "vitest";
import { BootstrapStack } from "../stacks/bootstrap-stack";
import { synthApp } from "./support/app";
import { makeProject } from "./support/fixtures";
import { ACCOUNT, findResource, list, ref, resources, statements, synthJson } from "./support/terraform-json";

const { stacks } = synthApp(makeProject(), ["production"]);
const json = stacks.bootstrap!;
const account = ACCOUNT;

/** The bootstrap stack alone, for a repository configured with `github`. */
function bootstrapWith(github: NightshiftConfig["github"]) {
  const app = new App({ outdir: mkdtempSync(path.join(os.tmpdir(), "nightshift-bootstrap-")) });
  const config = parseConfig({
    app: "wordmon",
    stateBucket: "wordmon-state-test",
    github,
    vercel: { team: "acme", project: "wordmon" },
  });
  return synthJson(new BootstrapStack(app, { config }));
}
const subjectsOf = (stack: ReturnType<typeof bootstrapWith>, role: string) =>
  statements(findResource(stack, "aws_iam_role", "name", role).assume_role_policy)[0]?.Condition?.StringEquals?.[
    "token.actions.githubusercontent.com:sub"
  ];

describe("BootstrapStack", () => {
  it("keeps its own state locally", () => {
    expect(json.terraform.backend).toEqual({ local: { path: "terraform.bootstrap.tfstate" } });
    expect((json.terraform.required_providers as { aws: { source: string } }).aws.source).toBe("hashicorp/aws");
  });

  it("creates the state bucket versioned, encrypted, private, TLS-only and protected from destroy", () => {
    const bucket = findResource(json, "aws_s3_bucket", "bucket", "wordmon-state-test");
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    const id = ref(json, "aws_s3_bucket", "bucket", "wordmon-state-test", "id");
    expect(findResource(json, "aws_s3_bucket_versioning", "bucket", id).versioning_configuration).toEqual({
      status: "Enabled",
    });
    expect(findResource(json, "aws_s3_bucket_server_side_encryption_configuration", "bucket", id).rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" }, bucket_key_enabled: true },
    ]);
    expect(findResource(json, "aws_s3_bucket_public_access_block", "bucket", id)).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const [deny] = statements(findResource(json, "aws_s3_bucket_policy", "bucket", id).policy);
    expect(deny).toMatchObject({
      Effect: "Deny",
      Action: "s3:*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  it("trusts GitHub's OIDC issuer for STS", () => {
    expect(
      findResource(json, "aws_iam_openid_connect_provider", "url", "https://token.actions.githubusercontent.com")
        .client_id_list,
    ).toEqual(["sts.amazonaws.com"]);
  });

  it("lets only the repository's pull requests (and main's sweeper) assume the PR role, and only main or the production environment assume production's", () => {
    const trust = (name: string) => statements(findResource(json, "aws_iam_role", "name", name).assume_role_policy);
    const oidc = ref(
      json,
      "aws_iam_openid_connect_provider",
      "url",
      "https://token.actions.githubusercontent.com",
      "arn",
    );
    expect(trust("wordmon-deploy-pull-requests")).toEqual([
      {
        Effect: "Allow",
        Principal: { Federated: oidc },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": [
              "repo:acme/wordmon:pull_request",
              "repo:acme/wordmon:ref:refs/heads/main",
            ],
          },
        },
      },
    ]);
    expect(trust("wordmon-deploy-production")[0]?.Condition?.StringEquals).toEqual({
      "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
      "token.actions.githubusercontent.com:sub": [
        "repo:acme/wordmon:ref:refs/heads/main",
        "repo:acme/wordmon:environment:production",
      ],
    });
  });

  it("trusts GitHub's immutable subjects when github.subjectPrefix says the repository has them", () => {
    const stack = bootstrapWith({
      owner: "acme",
      repo: "wordmon",
      subjectPrefix: "repo:acme@1234567/wordmon@987654321",
    });
    expect(subjectsOf(stack, "wordmon-deploy-pull-requests")).toEqual([
      "repo:acme@1234567/wordmon@987654321:pull_request",
      "repo:acme@1234567/wordmon@987654321:ref:refs/heads/main",
    ]);
    expect(subjectsOf(stack, "wordmon-deploy-production")).toEqual([
      "repo:acme@1234567/wordmon@987654321:ref:refs/heads/main",
      "repo:acme@1234567/wordmon@987654321:environment:production",
    ]);
  });

  it("creates no plan role unless github.planRole is set", () => {
    expect(resources(json, "aws_iam_role").map(([, body]) => body.name)).not.toContain(
      "wordmon-deploy-plan-pull-requests",
    );
  });

  it("creates a read-only plan role for pull requests with github.planRole: state of preview and production, no writes", () => {
    const stack = bootstrapWith({ owner: "acme", repo: "wordmon", planRole: true });
    expect(subjectsOf(stack, "wordmon-deploy-plan-pull-requests")).toEqual(["repo:acme/wordmon:pull_request"]);
    const policy = resources(stack, "aws_iam_role_policy").find(([, p]) => p.name === "plan-shared-stacks")?.[1];
    expect(policy?.role).toBe(ref(stack, "aws_iam_role", "name", "wordmon-deploy-plan-pull-requests", "name"));
    expect(statements(policy?.policy)).toEqual([
      {
        Sid: "ReadSharedState",
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: ["arn:aws:s3:::wordmon-state-test/env/preview/*", "arn:aws:s3:::wordmon-state-test/env/production/*"],
      },
      {
        Sid: "ListSharedState",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: "arn:aws:s3:::wordmon-state-test",
        // `env:/*`: terraform init lists the (unused) workspaces there.
        Condition: { StringLike: { "s3:prefix": ["env/preview/*", "env/production/*", "env:/*"] } },
      },
      {
        Sid: "DescribeNetwork",
        Effect: "Allow",
        Action: "ec2:DescribeVpcs",
        Resource: "*",
        Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } },
      },
    ]);
    // The deployers' deny on `<app>-deploy-*` covers it, so no deploy can widen it.
    const deploy = resources(stack, "aws_iam_role_policy").find(([, p]) => p.name === "deploy-production")?.[1];
    expect(statements(deploy?.policy)[0]?.Resource).toContain(`arn:aws:iam::${account}:role/wordmon-deploy-*`);
  });

  it("lets the plan role read production's Vercel-targeted secrets only when there are some", () => {
    const app = new App({ outdir: mkdtempSync(path.join(os.tmpdir(), "nightshift-bootstrap-")) });
    const config = parseConfig({
      app: "wordmon",
      stateBucket: "wordmon-state-test",
      github: { owner: "acme", repo: "wordmon", planRole: true },
      vercel: { team: "acme", project: "wordmon" },
      secrets: [{ name: "STRIPE_KEY", description: "Stripe", targets: ["vercel"] }],
    });
    const stack = synthJson(new BootstrapStack(app, { config }));
    const policy = resources(stack, "aws_iam_role_policy").find(([, p]) => p.name === "plan-shared-stacks")?.[1];
    expect(statements(policy?.policy).at(-1)).toEqual({
      Sid: "ReadProductionVercelSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
      Resource: `arn:aws:secretsmanager:us-east-1:${account}:secret:wordmon/production/*`,
    });
  });

  it("limits the PR role to pr-* names and env/pr-* state, and makes it create roles only with the boundary", () => {
    const policy = resources(json, "aws_iam_role_policy").find(([, p]) => p.name === "deploy-pull-requests")?.[1];
    const all = statements(policy?.policy);
    for (const statement of all.filter((s) => s.Effect === "Allow")) {
      for (const resource of list(statement.Resource)) {
        const scoped =
          resource.includes("wordmon-pr-*") ||
          resource === "arn:aws:s3:::wordmon-state-test/env/pr-*" ||
          resource === "arn:aws:s3:::wordmon-state-test/env/preview/*" ||
          resource === "arn:aws:s3:::wordmon-state-test" ||
          statement.Condition !== undefined ||
          statement.Sid === "DescribeLogGroups" ||
          statement.Sid === "TagEventSourceMappings";
        expect(scoped, `${statement.Sid}: ${resource}`).toBe(true);
      }
    }
    expect(all.find((s) => s.Sid === "StateList")?.Condition).toEqual({
      StringLike: { "s3:prefix": ["env/pr-*", "env:/*"] },
    });
    expect(all.find((s) => s.Sid === "RolePolicies")).toEqual({
      Sid: "RolePolicies",
      Effect: "Allow",
      Action: ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy"],
      Resource: `arn:aws:iam::${account}:role/wordmon-pr-*`,
      Condition: {
        StringEquals: {
          "iam:PermissionsBoundary": ref(json, "aws_iam_policy", "name", "wordmon-boundary-pull-requests", "arn"),
        },
      },
    });
    expect(all[0]).toEqual({
      Sid: "NeverTouchAccountRoles",
      Effect: "Deny",
      Action: "iam:*",
      Resource: [`arn:aws:iam::${account}:role/wordmon-deploy-*`, `arn:aws:iam::${account}:policy/wordmon-boundary-*`],
    });
  });

  it("bounds pull-request roles to their own environment's resources", () => {
    const boundary = statements(findResource(json, "aws_iam_policy", "name", "wordmon-boundary-pull-requests").policy);
    for (const statement of boundary) {
      for (const resource of list(statement.Resource)) expect(resource).toContain("wordmon-pr-*");
    }
  });

  it("lets the production role deploy every environment's names and state, but never the account roles", () => {
    const policy = resources(json, "aws_iam_role_policy").find(([, p]) => p.name === "deploy-production")?.[1];
    const all = statements(policy?.policy);
    expect(all.find((s) => s.Sid === "StateObjects")?.Resource).toBe("arn:aws:s3:::wordmon-state-test/env/*");
    expect(all.find((s) => s.Sid === "Queues")?.Resource).toBe(`arn:aws:sqs:us-east-1:${account}:wordmon-*`);
    expect(all.find((s) => s.Sid === "RolePolicies")?.Condition).toBeUndefined();
    expect(all[0]?.Effect).toBe("Deny");
  });
});

describe("PreviewStack", () => {
  it("is the shared base with its own state key", () => {
    expect(stacks.preview!.terraform.backend).toMatchObject({
      s3: { key: "env/preview/terraform.tfstate", use_lockfile: true },
    });
  });
});
