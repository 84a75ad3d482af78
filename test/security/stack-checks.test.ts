/** Each security check reports a stack that breaks its rule (so a passing check means something). */
import { describe, expect, it } from "vitest";
import { type StackJson, tf } from "../../infra/test/support/terraform-json";
import {
  type CheckOptions,
  databaseTls,
  encryptionAtRest,
  logRetention,
  noIamUsers,
  noPlaintextSecret,
  noWildcardIam,
  oidcTrustScoped,
} from "./stack-checks";

const options: CheckOptions = {
  app: "wordmon",
  stateBucket: "wordmon-state",
  github: { owner: "acme", repo: "wordmon" },
  vercel: { team: "acme", project: "wordmon" },
};

function stack(resource: Record<string, Record<string, Record<string, unknown>>>): StackJson {
  return { terraform: {}, provider: {}, resource };
}

const policy = (statement: Record<string, unknown>) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
const trust = (condition: Record<string, unknown>, provider = "token.actions.githubusercontent.com") =>
  policy({
    Effect: "Allow",
    Principal: { Federated: tf("aws_iam_openid_connect_provider.p.arn") },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: {
      StringEquals: Object.fromEntries(
        Object.entries(condition).map(([claim, value]) => [`${provider}:${claim}`, value]),
      ),
    },
  });

describe("security checks report violations", () => {
  it("noWildcardIam: *, a service-wide action on *, an unnamed resource, an exception without its condition", () => {
    const json = stack({
      aws_iam_role_policy: {
        a: { policy: policy({ Sid: "All", Effect: "Allow", Action: "*", Resource: tf("aws_sqs_queue.q.arn") }) },
        b: { policy: policy({ Sid: "Sqs", Effect: "Allow", Action: "sqs:*", Resource: "*" }) },
        c: {
          policy: policy({ Sid: "Other", Effect: "Allow", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:*:*:*" }),
        },
        d: {
          policy: policy({
            Sid: "CreateEventSourceMappings",
            Effect: "Allow",
            Action: "lambda:CreateEventSourceMapping",
            Resource: "*",
          }),
        },
        ok: {
          policy: policy({
            Sid: "Named",
            Effect: "Allow",
            Action: "sqs:*",
            Resource: "arn:aws:sqs:us-east-1:1:wordmon-pr-*",
          }),
        },
      },
    });
    expect(noWildcardIam(json, options)).toEqual([
      "aws_iam_role_policy.a.policy (All): allows action *",
      "aws_iam_role_policy.b.policy (Sqs): allows sqs:* on *",
      "aws_iam_role_policy.b.policy (Sqs): resource * names nothing",
      "aws_iam_role_policy.c.policy (Other): resource arn:aws:sqs:*:*:* names nothing",
      "aws_iam_role_policy.d.policy (CreateEventSourceMappings): resource * needs a condition",
    ]);
  });

  it("encryptionAtRest: a plain queue, topic, database and bucket", () => {
    const json = stack({
      aws_sqs_queue: { q: { name: "wordmon-production-work" }, ok: { name: "x", sqs_managed_sse_enabled: true } },
      aws_sns_topic: { t: { name: "wordmon-production-events" }, alerts: { name: "wordmon-production-alerts" } },
      aws_db_instance: { db: { storage_encrypted: false } },
      aws_s3_bucket: { state: {} },
    });
    expect(encryptionAtRest(json, options)).toEqual([
      "aws_sqs_queue.q (wordmon-production-work): not encrypted",
      "aws_sns_topic.t (wordmon-production-events): no kms_master_key_id",
      "aws_db_instance.db: storage_encrypted is not true",
      "aws_s3_bucket.state: no server-side encryption configuration",
    ]);
  });

  it("logRetention: a group that never expires and a function without a group", () => {
    const json = stack({
      aws_cloudwatch_log_group: { g: { name: "/aws/lambda/a" } },
      aws_lambda_function: { a: { function_name: "a" }, b: { function_name: "b" } },
    });
    expect(logRetention(json, options)).toEqual([
      "aws_cloudwatch_log_group.g (/aws/lambda/a): no retention_in_days",
      "aws_lambda_function.b (b): no log group of its own",
    ]);
  });

  it("noPlaintextSecret: a secret version with a value, a literal password, a URL with a password", () => {
    const json = stack({
      aws_secretsmanager_secret_version: { v: { secret_id: tf("aws_secretsmanager_secret.s.id"), secret_string: "x" } },
      aws_db_instance: { db: { password: "hunter2" }, ok: { password: tf("random_password.p.result") } },
      aws_lambda_function: { f: { environment: { variables: { DATABASE_URL: "postgres://u:hunter2@h/db" } } } },
    });
    expect(noPlaintextSecret(json, options)).toEqual([
      "aws_secretsmanager_secret_version.v: writes a secret value into the state",
      "aws_secretsmanager_secret_version.v.secret_string: literal value",
      "aws_db_instance.db.password: literal value",
      "aws_lambda_function.f.environment.variables.DATABASE_URL: a URL with a password",
    ]);
  });

  it("databaseTls: an instance whose parameter group does not force SSL", () => {
    const json = stack({
      aws_db_parameter_group: { p: { parameter: [{ name: "rds.force_ssl", value: "0" }] } },
      aws_db_instance: { db: { parameter_group_name: tf("aws_db_parameter_group.p.name") } },
    });
    expect(databaseTls(json, options)).toEqual([
      "aws_db_instance.db: its parameter group does not set rds.force_ssl = 1",
    ]);
  });

  it("oidcTrustScoped: GitHub's immutable subjects when github.subjectPrefix names them, and only those", () => {
    const json = stack({
      aws_iam_role: {
        pinned: {
          assume_role_policy: trust({ aud: "sts.amazonaws.com", sub: "repo:acme@12/wordmon@34:pull_request" }),
        },
        classic: { assume_role_policy: trust({ aud: "sts.amazonaws.com", sub: "repo:acme/wordmon:pull_request" }) },
      },
    });
    const immutable = { ...options, github: { ...options.github, subjectPrefix: "repo:acme@12/wordmon@34" } };
    expect(oidcTrustScoped(json, immutable)).toEqual([
      "aws_iam_role.classic: sub repo:acme/wordmon:pull_request is not this repository",
    ]);
  });

  it("oidcTrustScoped: another repository, a wildcard sub, no aud, a Vercel role for every environment", () => {
    const json = stack({
      aws_iam_role: {
        other: {
          assume_role_policy: trust({ aud: "sts.amazonaws.com", sub: "repo:evil/wordmon:ref:refs/heads/main" }),
        },
        wild: { assume_role_policy: trust({ aud: "sts.amazonaws.com", sub: "repo:acme/wordmon:*" }) },
        noaud: { assume_role_policy: trust({ sub: "repo:acme/wordmon:pull_request" }) },
        vercel: {
          assume_role_policy: trust(
            {
              aud: "https://vercel.com/acme",
              sub: [
                "owner:acme:project:wordmon:environment:preview",
                "owner:acme:project:wordmon:environment:production",
              ],
            },
            "oidc.vercel.com/acme",
          ),
        },
      },
    });
    expect(oidcTrustScoped(json, options)).toEqual([
      "aws_iam_role.other: sub repo:evil/wordmon:ref:refs/heads/main is not this repository",
      "aws_iam_role.wild: wildcard claim repo:acme/wordmon:*",
      "aws_iam_role.noaud: no aud condition",
      "aws_iam_role.noaud: aud is , not sts.amazonaws.com",
      "aws_iam_role.vercel: sub owner:acme:project:wordmon:environment:preview,owner:acme:project:wordmon:environment:production is not one environment of acme/wordmon",
    ]);
  });

  it("noIamUsers: a user and an access key", () => {
    const json = stack({ aws_iam_user: { u: {} }, aws_iam_access_key: { k: {} } });
    expect(noIamUsers(json, options)).toEqual([
      "aws_iam_user.u: long-lived IAM identity",
      "aws_iam_access_key.k: long-lived IAM identity",
    ]);
  });
});
