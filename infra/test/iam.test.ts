import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { App } from "cdktf";
import { parseConfig } from "nightshift/internal/config/parse-config";
import { describe, expect, it } from "vitest";
import { EXTENSIONS } from "../extensions";
import { BootstrapStack } from "../stacks/bootstrap-stack";
import { synthApp } from "./support/app";
import { richProject } from "./support/fixtures";
import { IAM_EXCEPTIONS } from "./support/iam-exceptions";
import { list, resources, type StackJson, type Statement, statements, synthJson } from "./support/terraform-json";

/**
 * The IAM rule, over every policy of every stack: no Allow statement has the action "*" or a
 * service-wide action on "*", and every resource names something: a Terraform reference, or an ARN
 * (pattern) that contains the app's name or the state bucket. The exceptions (support/iam-exceptions.ts) are the
 * only places AWS gives no name to scope by; each must keep a condition where AWS offers one.
 */
const EXCEPTIONS = IAM_EXCEPTIONS;

const POLICY_ATTRIBUTES: Record<string, string[]> = {
  aws_iam_role: ["assume_role_policy"],
  aws_iam_role_policy: ["policy"],
  aws_iam_policy: ["policy"],
  aws_sqs_queue_policy: ["policy"],
  aws_s3_bucket_policy: ["policy"],
  aws_sns_topic_policy: ["policy"],
};

function everyStatement(stack: StackJson): { where: string; statement: Statement }[] {
  const found: { where: string; statement: Statement }[] = [];
  for (const [type, attributes] of Object.entries(POLICY_ATTRIBUTES)) {
    for (const [id, body] of resources(stack, type)) {
      for (const attribute of attributes) {
        if (body[attribute] === undefined) continue;
        for (const statement of statements(body[attribute]))
          found.push({ where: `${type}.${id}.${attribute}`, statement });
      }
    }
  }
  return found;
}

function namesSomething(resource: string): boolean {
  return (
    /^\$\{(data\.)?[a-z0-9_]+\.[\w-]+\.[\w.[\]]+\}/.test(resource) ||
    resource.includes("wordmon-") ||
    resource.includes(":secret:wordmon/") || // declared secrets: `<app>/<scope>/<NAME>`
    resource.includes("wordmon-state-test")
  );
}

describe("IAM over every stack", () => {
  // With every registered extension (database, secrets, Vercel), so their policies obey the rule too.
  process.env.NIGHTSHIFT_GIT_BRANCH ??= "feature/iam-check";
  const { stacks: synthesized } = synthApp(richProject(), ["production", "pr-42", "staging"], EXTENSIONS);
  // The optional read-only plan role (github.planRole) obeys the rule too.
  const withPlanRole = new App({ outdir: mkdtempSync(path.join(os.tmpdir(), "nightshift-iam-")) });
  const planConfig = parseConfig({
    app: "wordmon",
    stateBucket: "wordmon-state-test",
    github: { owner: "acme", repo: "wordmon", planRole: true },
    vercel: { team: "acme", project: "wordmon" },
    secrets: [{ name: "STRIPE_KEY", description: "Stripe", targets: ["vercel"] }],
  });
  const stacks: Record<string, StackJson> = {
    ...synthesized,
    "bootstrap (plan role)": synthJson(new BootstrapStack(withPlanRole, { config: planConfig })),
  };

  for (const [name, stack] of Object.entries(stacks)) {
    it(`${name}: no "*" action, no unnamed resource outside the listed exceptions`, () => {
      const all = everyStatement(stack);
      if (name !== "preview") expect(all.length).toBeGreaterThan(0);
      for (const { where, statement } of all) {
        const label = `${where} ${statement.Sid ?? ""}`;
        const actions = list(statement.Action);
        expect(actions, label).not.toContain("*");
        if (statement.Effect !== "Allow") continue;
        if (statement.Principal !== undefined) {
          // Trust and resource policies: only services or the GitHub OIDC provider, never everyone.
          expect(statement.Principal, label).not.toBe("*");
          expect(JSON.stringify(statement.Principal), label).not.toContain('"AWS":"*"');
          if (statement.Resource === undefined) continue;
        }
        for (const resource of list(statement.Resource)) {
          if (namesSomething(resource)) continue;
          const exception = EXCEPTIONS.find((e) => e.sid === statement.Sid && e.resource.test(resource));
          expect(exception, `${label}: resource ${resource} names nothing and is not a listed exception`).toBeDefined();
          if (exception?.needsCondition) expect(statement.Condition, `${label}: ${exception.why}`).toBeDefined();
        }
      }
    });
  }

  it("uses each exception at least once, so the list stays exact", () => {
    const sids = new Set(Object.values(stacks).flatMap((s) => everyStatement(s).map(({ statement }) => statement.Sid)));
    for (const exception of EXCEPTIONS) expect(sids.has(exception.sid), exception.sid).toBe(true);
  });

  it("scopes every function's own rights to its own resources (references, not patterns)", () => {
    for (const env of ["production", "pr-42"]) {
      for (const { statement } of everyStatement(stacks[env]!)) {
        if (
          ["WriteOwnLogs", "SendFailedRuns", "ConsumeOwnQueue", "InvokeJob", "SendUndelivered"].includes(
            statement.Sid ?? "",
          )
        ) {
          for (const resource of list(statement.Resource))
            expect(resource).toMatch(/^\$\{aws_[a-z_]+\.[\w-]+\.arn\}(:\*)?$/);
        }
      }
    }
  });
});
