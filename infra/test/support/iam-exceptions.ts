/**
 * Where AWS gives no name to scope an IAM resource by: the only exceptions to "every resource names
 * something" that the IAM checks (infra/test/iam.test.ts, test/security/stack-checks.ts) accept. Each
 * says why, and keeps a condition where AWS offers one; iam.test.ts requires every entry to be used.
 */
export interface IamException {
  readonly sid: string;
  readonly resource: RegExp;
  readonly why: string;
  readonly needsCondition: boolean;
}

export const IAM_EXCEPTIONS: readonly IamException[] = [
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
