import type { ChangeKind } from "./change-kind";
import type { PlanResourceChange } from "./plan-json";

/** A change a reviewer must look at before merging. */
export interface PlanRisk {
  stack: string;
  address: string;
  action: ChangeKind;
  reason: string;
}

/**
 * Resource types that hold data or identity, with what is lost when one is deleted or replaced.
 * Keep the text short: it is printed after "deletes"/"replaces" in the PR comment.
 */
export const STATEFUL_RESOURCES: Readonly<Record<string, string>> = {
  aws_db_instance: "a database instance: its data is lost unless restored from a snapshot",
  aws_rds_cluster: "a database cluster: its data is lost unless restored from a snapshot",
  aws_sqs_queue: "a queue: messages still in it are lost",
  aws_sns_topic: "a topic: publishes fail and subscriptions are dropped until it exists again",
  aws_secretsmanager_secret: "a secret: its value is scheduled for deletion",
  aws_secretsmanager_secret_version: "a secret value: the stored value is removed",
  aws_s3_bucket: "a bucket: its objects are lost (for the state bucket, every environment's Terraform state)",
  aws_dynamodb_table: "a table: its items are lost",
  aws_kms_key: "an encryption key: data encrypted with it becomes unreadable once deletion completes",
  aws_cloudwatch_log_group: "a log group: its logs are deleted",
  aws_lambda_invocation:
    "an invocation with a delete step: deleting or replacing it runs that step (the database provisioner drops the environment's database)",
  vercel_project: "the Vercel project: its deployments, domains and variables are deleted",
  aws_iam_openid_connect_provider: "an OIDC provider: every role that trusts it stops working",
};

/** Attributes of a database instance whose change restarts or rebuilds it. */
const DB_DISRUPTIVE = ["instance_class", "engine_version", "allocated_storage", "storage_type", "parameter_group_name"];

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function trustsFederatedPrincipal(policy: unknown): boolean {
  return typeof policy === "string" && policy.includes('"Federated"');
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The risks of one resource change: deleting or replacing a stateful resource, any change to an IAM
 * role's trust policy or to an OIDC provider, and database updates that restart the instance. Reasons
 * name attributes, never values.
 */
export function findRisks(stack: string, rc: PlanResourceChange, action: ChangeKind): PlanRisk[] {
  if (action === "none" || rc.mode === "data") return [];
  const risks: PlanRisk[] = [];
  const add = (reason: string) => risks.push({ stack, address: rc.address, action, reason });
  const before = record(rc.change.before);
  const after = record(rc.change.after);
  const unknown = record(rc.change.after_unknown);

  const stateful = STATEFUL_RESOURCES[rc.type];
  if (stateful && (action === "delete" || action === "replace")) {
    add(`${action === "delete" ? "deletes" : "replaces"} ${stateful}`);
  } else if (rc.type === "aws_iam_openid_connect_provider" && action !== "forget") {
    add(`${verb(action)} an OIDC provider: deploy and runtime roles depend on it`);
  }

  if (rc.type === "aws_iam_role") {
    const policyChanged =
      unknown.assume_role_policy === true || !sameJson(before.assume_role_policy, after.assume_role_policy);
    if ((action === "update" || action === "replace") && policyChanged) {
      add(`${verb(action)} an IAM role's trust policy (assume_role_policy): check who can assume it`);
    } else if (
      (action === "create" || action === "delete") &&
      (trustsFederatedPrincipal(before.assume_role_policy) || trustsFederatedPrincipal(after.assume_role_policy))
    ) {
      add(`${verb(action)} an IAM role trusted by an OIDC identity provider: check who can assume it`);
    }
  }

  if (rc.type === "aws_db_instance" && action === "update") {
    const changed = DB_DISRUPTIVE.filter((name) => unknown[name] === true || !sameJson(before[name], after[name]));
    if (changed.length > 0) add(`updates a database instance (${changed.join(", ")}): it may restart`);
  }
  return risks;
}

function verb(action: ChangeKind): string {
  switch (action) {
    case "create":
      return "creates";
    case "update":
      return "changes";
    case "replace":
      return "replaces";
    case "delete":
      return "deletes";
    default:
      return "forgets";
  }
}
