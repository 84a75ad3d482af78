/** An IAM policy statement. Every `Resource` is an ARN or an ARN pattern with a name in it. */
export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource?: string | string[];
  Principal?: { Service?: string | string[]; Federated?: string; AWS?: string | string[] } | "*";
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/** A policy document as the JSON string Terraform expects (tokens inside are resolved by cdktf). */
export function policyJson(statements: PolicyStatement[]): string {
  const document: PolicyDocument = { Version: "2012-10-17", Statement: statements };
  return JSON.stringify(document);
}

/**
 * Trust policy for a role assumed by an AWS service. `sourceAccount` adds the confused-deputy guard
 * AWS recommends for services that support it (EventBridge Scheduler does; Lambda does not need it).
 */
export function serviceTrustPolicy(service: string, sourceAccount?: string): string {
  return policyJson([
    {
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sts:AssumeRole",
      ...(sourceAccount ? { Condition: { StringEquals: { "aws:SourceAccount": sourceAccount } } } : {}),
    },
  ]);
}
