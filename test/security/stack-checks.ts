/**
 * Security checks over one synthesized stack. Each check returns its violations as readable lines
 * (empty when the stack passes), so a failing test names the resource and the rule it breaks.
 */
import { IAM_EXCEPTIONS } from "../../infra/test/support/iam-exceptions";
import { list, resources, type StackJson, type Statement, statements } from "../../infra/test/support/terraform-json";

export interface CheckOptions {
  /** The app name in nightshift.config.ts; named resources carry it. */
  readonly app: string;
  readonly stateBucket: string;
  /** `subjectPrefix`: as in nightshift.config.ts (GitHub's immutable subjects); default `repo:<owner>/<repo>`. */
  readonly github: { readonly owner: string; readonly repo: string; readonly subjectPrefix?: string };
  readonly vercel: { readonly team: string; readonly project: string };
}

export type StackCheck = (stack: StackJson, options: CheckOptions) => string[];

const POLICY_ATTRIBUTES: Record<string, string[]> = {
  aws_iam_role: ["assume_role_policy"],
  aws_iam_role_policy: ["policy"],
  aws_iam_policy: ["policy"],
  aws_sqs_queue_policy: ["policy"],
  aws_s3_bucket_policy: ["policy"],
  aws_sns_topic_policy: ["policy"],
  aws_secretsmanager_secret_policy: ["policy"],
};

/** Every statement of every policy document in the stack, with where it sits. */
export function policyStatements(stack: StackJson): { where: string; statement: Statement }[] {
  const found: { where: string; statement: Statement }[] = [];
  for (const [type, attributes] of Object.entries(POLICY_ATTRIBUTES)) {
    for (const [id, body] of resources(stack, type)) {
      for (const attribute of attributes) {
        if (typeof body[attribute] !== "string") continue;
        for (const statement of statements(body[attribute]))
          found.push({ where: `${type}.${id}.${attribute}${statement.Sid ? ` (${statement.Sid})` : ""}`, statement });
      }
    }
  }
  return found;
}

const isReference = (value: string) => /^\$\{(data\.)?[a-z0-9_]+\.[\w-]+\.[\w.[\]]+\}/.test(value);

/**
 * Where AWS gives no name to scope by: the same list the infra IAM test uses, with the reasons. Each
 * is allowed only on its statements, and only with a condition where AWS offers one.
 */
const UNNAMED_RESOURCE_EXCEPTIONS = IAM_EXCEPTIONS;

/**
 * No Allow of `*`, no service-wide action (`sqs:*`) on an unnamed resource, and every resource is a
 * reference or an ARN that names the app (the deploy roles may manage everything named `<app>-…`).
 */
export const noWildcardIam: StackCheck = (stack, { app, stateBucket }) => {
  const violations: string[] = [];
  for (const { where, statement } of policyStatements(stack)) {
    if (statement.Effect !== "Allow") continue;
    for (const action of list(statement.Action)) {
      if (action === "*") violations.push(`${where}: allows action *`);
      else if (/^[a-z0-9-]+:\*$/.test(action) && list(statement.Resource).includes("*"))
        violations.push(`${where}: allows ${action} on *`);
    }
    if (statement.Principal !== undefined) {
      const principal = JSON.stringify(statement.Principal);
      if (principal === '"*"' || principal.includes('"AWS":"*"')) violations.push(`${where}: principal is everyone`);
      if (statement.Resource === undefined) continue;
    }
    for (const resource of list(statement.Resource)) {
      if (isReference(resource) || resource.includes(`${app}-`) || resource.includes(`${app}/`)) continue;
      if (resource.includes(stateBucket)) continue;
      const exception = UNNAMED_RESOURCE_EXCEPTIONS.find((e) => e.sid === statement.Sid && e.resource.test(resource));
      if (!exception) violations.push(`${where}: resource ${resource} names nothing`);
      else if (exception.needsCondition && !statement.Condition)
        violations.push(`${where}: resource ${resource} needs a condition`);
    }
  }
  return violations;
};

/** SQS (SSE-SQS or KMS), SNS (KMS), RDS (storage), S3 (default SSE rule). */
export const encryptionAtRest: StackCheck = (stack) => {
  const violations: string[] = [];
  for (const [id, queue] of resources(stack, "aws_sqs_queue")) {
    if (queue.sqs_managed_sse_enabled !== true && !queue.kms_master_key_id)
      violations.push(`aws_sqs_queue.${id} (${String(queue.name)}): not encrypted`);
  }
  for (const [id, topic] of resources(stack, "aws_sns_topic")) {
    if (topic.kms_master_key_id) continue;
    // CloudWatch alarms cannot publish to a topic under the AWS-managed key (infra/constructs/alerts.ts);
    // the alerts topic carries alarm metadata only, and nothing else may publish to it unencrypted.
    if (String(topic.name).endsWith("-alerts")) continue;
    violations.push(`aws_sns_topic.${id} (${String(topic.name)}): no kms_master_key_id`);
  }
  for (const [id, db] of resources(stack, "aws_db_instance")) {
    if (db.storage_encrypted !== true) violations.push(`aws_db_instance.${id}: storage_encrypted is not true`);
  }
  const encryptedBuckets = new Set(
    resources(stack, "aws_s3_bucket_server_side_encryption_configuration")
      .filter(([, config]) =>
        list(config.rule as never).some(
          (rule: unknown) =>
            typeof (rule as { apply_server_side_encryption_by_default?: { sse_algorithm?: string } })
              .apply_server_side_encryption_by_default?.sse_algorithm === "string",
        ),
      )
      .map(([, config]) => String(config.bucket)),
  );
  for (const [id] of resources(stack, "aws_s3_bucket")) {
    if (!encryptedBuckets.has(`\${aws_s3_bucket.${id}.id}`) && !encryptedBuckets.has(`\${aws_s3_bucket.${id}.bucket}`))
      violations.push(`aws_s3_bucket.${id}: no server-side encryption configuration`);
  }
  return violations;
};

/** Every log group expires, and every Lambda writes to a log group the stack creates. */
export const logRetention: StackCheck = (stack) => {
  const violations: string[] = [];
  const groups = resources(stack, "aws_cloudwatch_log_group");
  for (const [id, group] of groups) {
    if (typeof group.retention_in_days !== "number" || group.retention_in_days <= 0)
      violations.push(`aws_cloudwatch_log_group.${id} (${String(group.name)}): no retention_in_days`);
  }
  const names = new Set(groups.map(([, group]) => String(group.name)));
  const references = new Set(groups.map(([id]) => `\${aws_cloudwatch_log_group.${id}.name}`));
  for (const [id, fn] of resources(stack, "aws_lambda_function")) {
    const logGroup = (fn.logging_config as { log_group?: string } | undefined)?.log_group;
    const own = logGroup
      ? references.has(logGroup) || names.has(logGroup)
      : names.has(`/aws/lambda/${fn.function_name}`);
    if (!own) violations.push(`aws_lambda_function.${id} (${String(fn.function_name)}): no log group of its own`);
  }
  return violations;
};

const PASSWORD_FIELDS = /^(password|master_password|secret_string|secret_binary|access_key|secret_key|token)$/;

/** No secret value written by Terraform: no literal secret versions, passwords or credentials in a URL. */
export const noPlaintextSecret: StackCheck = (stack) => {
  const violations: string[] = [];
  for (const [id, version] of resources(stack, "aws_secretsmanager_secret_version")) {
    if (version.secret_string !== undefined || version.secret_binary !== undefined)
      violations.push(`aws_secretsmanager_secret_version.${id}: writes a secret value into the state`);
  }
  const walk = (value: unknown, where: string) => {
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) walk(item, `${where}[${index}]`);
    } else if (value && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) {
        // Descriptions are prose for people (e.g. the format of a secret), never a value Terraform sets.
        if (key === "description" || key === "comment" || key === "//") continue;
        if (PASSWORD_FIELDS.test(key) && typeof inner === "string" && inner !== "" && !isReference(inner))
          violations.push(`${where}.${key}: literal value`);
        walk(inner, `${where}.${key}`);
      }
    } else if (typeof value === "string" && /[a-z][a-z0-9+.-]*:\/\/[^/@\s:]+:[^/@\s]+@/i.test(value)) {
      violations.push(`${where}: a URL with a password`);
    }
  };
  for (const [type, byId] of Object.entries(stack.resource ?? {})) {
    for (const [id, body] of Object.entries(byId)) walk(body, `${type}.${id}`);
  }
  return violations;
};

/** Every RDS instance uses a parameter group of this stack with `rds.force_ssl = 1`. */
export const databaseTls: StackCheck = (stack) => {
  const violations: string[] = [];
  const tlsGroups = new Set(
    resources(stack, "aws_db_parameter_group")
      .filter(([, group]) =>
        list(group.parameter as never).some(
          (p: unknown) =>
            (p as { name?: string }).name === "rds.force_ssl" && String((p as { value?: unknown }).value) === "1",
        ),
      )
      .map(([id]) => `\${aws_db_parameter_group.${id}.name}`),
  );
  for (const [id, db] of resources(stack, "aws_db_instance")) {
    if (!tlsGroups.has(String(db.parameter_group_name)))
      violations.push(`aws_db_instance.${id}: its parameter group does not set rds.force_ssl = 1`);
  }
  return violations;
};

/**
 * Federated trust: GitHub roles are bound to this repository (`sub` exact, no wildcard) and STS's
 * audience; Vercel roles to this team's audience and one project environment each.
 */
export const oidcTrustScoped: StackCheck = (stack, { github, vercel }) => {
  const violations: string[] = [];
  for (const [id, role] of resources(stack, "aws_iam_role")) {
    for (const statement of statements(role.assume_role_policy)) {
      if (!list(statement.Action).includes("sts:AssumeRoleWithWebIdentity")) continue;
      const where = `aws_iam_role.${id}`;
      const conditions = statement.Condition ?? {};
      if (Object.keys(conditions).some((operator) => operator !== "StringEquals"))
        violations.push(`${where}: uses ${Object.keys(conditions).join(", ")} (only StringEquals pins the claims)`);
      const equals = conditions.StringEquals ?? {};
      const claim = (suffix: string) =>
        Object.entries(equals).find(([key]) => key.endsWith(`:${suffix}`))?.[1] as string | string[] | undefined;
      const aud = list(claim("aud"));
      const sub = list(claim("sub"));
      if (aud.length === 0) violations.push(`${where}: no aud condition`);
      if (sub.length === 0) violations.push(`${where}: no sub condition`);
      const provider = Object.keys(equals)[0] ?? "";
      for (const value of [...aud, ...sub])
        if (value.includes("*")) violations.push(`${where}: wildcard claim ${value}`);
      if (provider.startsWith("token.actions.githubusercontent.com")) {
        if (aud.join() !== "sts.amazonaws.com")
          violations.push(`${where}: aud is ${aud.join()}, not sts.amazonaws.com`);
        const repository = github.subjectPrefix ?? `repo:${github.owner}/${github.repo}`;
        for (const value of sub) {
          if (!value.startsWith(`${repository}:`)) violations.push(`${where}: sub ${value} is not this repository`);
        }
      } else if (provider.startsWith(`oidc.vercel.com/${vercel.team}`)) {
        if (aud.join() !== `https://vercel.com/${vercel.team}`) violations.push(`${where}: aud is ${aud.join()}`);
        const prefix = `owner:${vercel.team}:project:${vercel.project}:environment:`;
        if (
          sub.length !== 1 ||
          !sub[0]?.startsWith(prefix) ||
          !/^(production|preview|development)$/.test(sub[0].slice(prefix.length))
        )
          violations.push(`${where}: sub ${sub.join()} is not one environment of ${vercel.team}/${vercel.project}`);
      } else {
        violations.push(`${where}: trusts an unknown identity provider (${provider || "no conditions"})`);
      }
    }
  }
  return violations;
};

/** No long-lived credentials: no IAM users, access keys or login profiles. */
export const noIamUsers: StackCheck = (stack) =>
  ["aws_iam_user", "aws_iam_access_key", "aws_iam_user_login_profile", "aws_iam_user_policy"].flatMap((type) =>
    resources(stack, type).map(([id]) => `${type}.${id}: long-lived IAM identity`),
  );

export const STACK_CHECKS: Record<string, StackCheck> = {
  "no wildcard IAM where a resource can be named": noWildcardIam,
  "encryption at rest on queues, topics, the database and state": encryptionAtRest,
  "log retention on every log group, a log group for every Lambda": logRetention,
  "no plaintext secret in the configuration": noPlaintextSecret,
  "TLS enforced on the database": databaseTls,
  "OIDC trust policies scoped to the repository and Vercel environments": oidcTrustScoped,
  "no IAM users or access keys": noIamUsers,
};
