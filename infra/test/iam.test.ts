import { describe, expect, it } from "vitest";
import { EXTENSIONS } from "../extensions";
import { synthApp } from "./support/app";
import { richProject } from "./support/fixtures";
import { list, resources, type StackJson, type Statement, statements } from "./support/terraform-json";

/**
 * The IAM rule, over every policy of every stack: no Allow statement has the action "*" or a
 * service-wide action on "*", and every resource names something: a Terraform reference, or an ARN
 * (pattern) that contains the app's name or the state bucket. The exceptions below are the only
 * places AWS gives no name to scope by; each must keep a condition where AWS offers one.
 */
const EXCEPTIONS: { sid: string; resource: RegExp; why: string; needsCondition: boolean }[] = [
  {
    sid: "CreateEventSourceMappings",
    resource: /^\*$/,
    why: "lambda:CreateEventSourceMapping has no resource type; lambda:FunctionArn names the function",
    needsCondition: true,
  },
  {
    sid: "ManageEventSourceMappings",
    resource: /:event-source-mapping:\*$/,
    why: "mapping ARNs end in a UUID; lambda:FunctionArn names the function",
    needsCondition: true,
  },
  {
    sid: "TagEventSourceMappings",
    resource: /:event-source-mapping:\*$/,
    why: "mapping ARNs end in a UUID and tagging takes no function condition; tags grant nothing",
    needsCondition: false,
  },
  {
    sid: "PreviewMasterUser",
    resource: /:secret:rds!db-\*$/,
    why: "RDS names its managed master secrets rds!db-<uuid>, so only a condition can name the instance: secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn = the preview instance's ARN (without it, a PR role could read production's master secret)",
    needsCondition: true,
  },
  {
    sid: "CreateManagedMasterUserSecrets",
    resource: /:secret:rds!db-\*$/,
    why: "RDS creates its master secret rds!db-<uuid> in the production deployer's name while creating the instance; the name has nothing of ours and the new secret has no tag yet to condition on",
    needsCondition: false,
  },
  {
    sid: "ManageManagedMasterUserSecrets",
    resource: /:secret:rds!db-\*$/,
    why: "rds!db-<uuid> names no instance; secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn limits it to the app's instances",
    needsCondition: true,
  },
  {
    sid: "DatabaseInstances",
    resource: /:rds:[\w-]+:[^:]+:subgrp:default$/,
    why: "without a db_subnet_group_name, CreateDBInstance is authorized on the account's subnet group named `default`",
    needsCondition: false,
  },
  {
    sid: "CreateDatabaseSecurityGroups",
    resource: /:security-group\/\*$/,
    why: "security group ARNs end in an id; aws:RequestTag/app (default_tags, sent on create) names the app's",
    needsCondition: true,
  },
  {
    sid: "CreateSecurityGroupsInDefaultVpc",
    resource: /:vpc\/\*$/,
    why: "CreateSecurityGroup is also authorized on the target VPC (the default one, named by id only); it changes nothing in the VPC",
    needsCondition: false,
  },
  {
    sid: "TagNewSecurityGroups",
    resource: /:security-group\/\*$/,
    why: "tagging on create only: ec2:CreateAction = CreateSecurityGroup",
    needsCondition: true,
  },
  {
    sid: "ChangeDatabaseSecurityGroups",
    resource: /:security-group\/\*$/,
    why: "security group ARNs end in an id; aws:ResourceTag/app names the app's",
    needsCondition: true,
  },
  {
    sid: "RdsServiceLinkedRole",
    resource: /:role\/aws-service-role\/rds\.amazonaws\.com\/AWSServiceRoleForRDS$/,
    why: "RDS's service-linked role has a fixed AWS name; iam:AWSServiceName = rds.amazonaws.com",
    needsCondition: true,
  },
  {
    sid: "DescribeManagedKeys",
    resource: /:kms:[\w-]+:[^:]+:key\/\*$/,
    why: "key ARNs end in an id; kms:ResourceAliases names the AWS managed keys of RDS and Secrets Manager",
    needsCondition: true,
  },
  {
    sid: "DescribeNetwork",
    resource: /^\*$/,
    why: "ec2 Describe* calls have no resource type; aws:RequestedRegion keeps them to the app's region",
    needsCondition: true,
  },
  {
    sid: "DescribeLogGroups",
    resource: /:log-group:\*$/,
    why: "Terraform reads log groups by listing; DescribeLogGroups takes no narrower resource",
    needsCondition: false,
  },
];

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
    resource.includes("wordmon-state-test")
  );
}

describe("IAM over every stack", () => {
  // With every registered extension (database, secrets, Vercel), so their policies obey the rule too.
  process.env.NIGHTSHIFT_GIT_BRANCH ??= "feature/iam-check";
  const { stacks } = synthApp(richProject(), ["production", "pr-42", "staging"], EXTENSIONS);

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
