import type { PolicyStatement } from "../policy";

export interface DatabaseAccessScope {
  readonly app: string;
  readonly region: string;
  readonly account: string;
}

const secrets = (scope: DatabaseAccessScope, name: string) =>
  `arn:aws:secretsmanager:${scope.region}:${scope.account}:secret:${name}`;
const rds = (scope: DatabaseAccessScope, kind: string, name: string) =>
  `arn:aws:rds:${scope.region}:${scope.account}:${kind}:${name}`;

/** Creating, changing and deleting an environment's login secret (never its value). */
const SECRET_CONTAINER_ACTIONS = [
  "secretsmanager:CreateSecret",
  "secretsmanager:DeleteSecret",
  "secretsmanager:DescribeSecret",
  "secretsmanager:GetResourcePolicy",
  "secretsmanager:UpdateSecret",
  "secretsmanager:TagResource",
  "secretsmanager:UntagResource",
];

/**
 * What the pull-request deploy role needs for a `pr-<N>` database: manage that environment's login
 * secret (the provisioner, not the deployer, writes its value) and look up the shared preview
 * instance. Invoking the provisioner and migrate functions is covered by the functions statement.
 */
export function pullRequestDatabaseDeployStatements(scope: DatabaseAccessScope): PolicyStatement[] {
  return [
    {
      Sid: "PullRequestDatabaseSecrets",
      Effect: "Allow",
      Action: SECRET_CONTAINER_ACTIONS,
      Resource: secrets(scope, `${scope.app}-pr-*`),
    },
    {
      Sid: "FindPreviewDatabase",
      Effect: "Allow",
      Action: ["rds:DescribeDBInstances", "rds:ListTagsForResource"],
      Resource: rds(scope, "db", `${scope.app}-preview-db`),
    },
  ];
}

/**
 * What the production deploy role needs for the instances (`preview` and `production`): their
 * parameter groups, security groups, snapshots and RDS-managed master secrets, plus every
 * environment's login secret.
 */
export function productionDatabaseDeployStatements(scope: DatabaseAccessScope): PolicyStatement[] {
  return [
    {
      Sid: "DatabaseInstances",
      Effect: "Allow",
      Action: [
        "rds:CreateDBInstance",
        "rds:ModifyDBInstance",
        "rds:DeleteDBInstance",
        "rds:RebootDBInstance",
        "rds:DescribeDBInstances",
        "rds:CreateDBParameterGroup",
        "rds:ModifyDBParameterGroup",
        "rds:DeleteDBParameterGroup",
        "rds:DescribeDBParameterGroups",
        "rds:DescribeDBParameters",
        "rds:CreateDBSnapshot",
        "rds:AddTagsToResource",
        "rds:RemoveTagsFromResource",
        "rds:ListTagsForResource",
      ],
      Resource: [
        rds(scope, "db", `${scope.app}-*`),
        rds(scope, "pg", `${scope.app}-*`),
        rds(scope, "snapshot", `${scope.app}-*`),
        // Without a db_subnet_group_name, CreateDBInstance uses the account's group named `default`.
        rds(scope, "subgrp", "default"),
      ],
    },
    {
      // RDS creates the master user secret (`rds!db-<uuid>`) in the caller's name while it creates
      // the instance; the name holds no name of ours and the secret has no tags yet to condition on.
      Sid: "CreateManagedMasterUserSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:CreateSecret", "secretsmanager:TagResource"],
      Resource: secrets(scope, "rds!db-*"),
    },
    {
      // Once it exists, RDS's own tag names the instance: only the app's instances' secrets.
      Sid: "ManageManagedMasterUserSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:RotateSecret", "secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret"],
      Resource: secrets(scope, "rds!db-*"),
      Condition: {
        StringLike: { "secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn": rds(scope, "db", `${scope.app}-*`) },
      },
    },
    {
      Sid: "DatabaseLoginSecrets",
      Effect: "Allow",
      Action: SECRET_CONTAINER_ACTIONS,
      Resource: secrets(scope, `${scope.app}-*-database-*`),
    },
    {
      // Security group ARNs end in an id; the app tag (the provider's default_tags, sent with the
      // create call) names ours.
      Sid: "CreateDatabaseSecurityGroups",
      Effect: "Allow",
      Action: "ec2:CreateSecurityGroup",
      Resource: `arn:aws:ec2:${scope.region}:${scope.account}:security-group/*`,
      Condition: { StringEquals: { "aws:RequestTag/app": scope.app } },
    },
    {
      // CreateSecurityGroup is also authorized on the VPC it goes into (the account's default VPC,
      // named only by its id); creating a group there changes nothing in the VPC itself.
      Sid: "CreateSecurityGroupsInDefaultVpc",
      Effect: "Allow",
      Action: "ec2:CreateSecurityGroup",
      Resource: `arn:aws:ec2:${scope.region}:${scope.account}:vpc/*`,
    },
    {
      Sid: "TagNewSecurityGroups",
      Effect: "Allow",
      Action: "ec2:CreateTags",
      Resource: `arn:aws:ec2:${scope.region}:${scope.account}:security-group/*`,
      Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" } },
    },
    {
      Sid: "ChangeDatabaseSecurityGroups",
      Effect: "Allow",
      Action: [
        "ec2:DeleteSecurityGroup",
        "ec2:AuthorizeSecurityGroupIngress",
        "ec2:RevokeSecurityGroupIngress",
        "ec2:RevokeSecurityGroupEgress",
        "ec2:CreateTags",
        "ec2:DeleteTags",
      ],
      Resource: `arn:aws:ec2:${scope.region}:${scope.account}:security-group/*`,
      Condition: { StringEquals: { "aws:ResourceTag/app": scope.app } },
    },
    {
      Sid: "RdsServiceLinkedRole",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource: `arn:aws:iam::${scope.account}:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS`,
      Condition: { StringEquals: { "iam:AWSServiceName": "rds.amazonaws.com" } },
    },
    {
      // Storage and the master secret are encrypted with the AWS managed keys; RDS checks them.
      Sid: "DescribeManagedKeys",
      Effect: "Allow",
      Action: "kms:DescribeKey",
      Resource: `arn:aws:kms:${scope.region}:${scope.account}:key/*`,
      Condition: {
        "ForAnyValue:StringEquals": { "kms:ResourceAliases": ["alias/aws/rds", "alias/aws/secretsmanager"] },
      },
    },
    {
      // These Describe calls have no resource type; the region is all that can be named.
      Sid: "DescribeNetwork",
      Effect: "Allow",
      Action: [
        "ec2:DescribeVpcs",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSecurityGroupRules",
        "ec2:DescribeSubnets",
        "ec2:DescribeAccountAttributes",
      ],
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestedRegion": scope.region } },
    },
  ];
}
