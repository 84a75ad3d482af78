import { describe, expect, it } from "vitest";
import {
  productionDatabaseDeployStatements,
  pullRequestDatabaseDeployStatements,
} from "../constructs/database-deploy-access";

const scope = { app: "wordmon", region: "us-east-1", account: "123456789012" };

describe("database deploy access", () => {
  it("lets pull-request deploys manage only their own login secrets and look up the preview instance", () => {
    expect(pullRequestDatabaseDeployStatements(scope)).toEqual([
      expect.objectContaining({
        Sid: "PullRequestDatabaseSecrets",
        Resource: "arn:aws:secretsmanager:us-east-1:123456789012:secret:wordmon-pr-*",
      }),
      {
        Sid: "FindPreviewDatabase",
        Effect: "Allow",
        Action: ["rds:DescribeDBInstances", "rds:ListTagsForResource"],
        Resource: "arn:aws:rds:us-east-1:123456789012:db:wordmon-preview-db",
      },
    ]);
    const actions = pullRequestDatabaseDeployStatements(scope).flatMap((s) => s.Action);
    expect(actions).not.toContain("secretsmanager:PutSecretValue");
    expect(actions).not.toContain("secretsmanager:GetSecretValue");
  });

  it("lets the production deploy manage the app's instances, parameter groups and snapshots by name", () => {
    const instances = productionDatabaseDeployStatements(scope).find((s) => s.Sid === "DatabaseInstances");
    expect(instances?.Resource).toEqual([
      "arn:aws:rds:us-east-1:123456789012:db:wordmon-*",
      "arn:aws:rds:us-east-1:123456789012:pg:wordmon-*",
      "arn:aws:rds:us-east-1:123456789012:snapshot:wordmon-*",
      "arn:aws:rds:us-east-1:123456789012:subgrp:default",
    ]);
    const change = productionDatabaseDeployStatements(scope).find((s) => s.Sid === "ChangeDatabaseSecurityGroups");
    expect(change?.Condition).toEqual({ StringEquals: { "aws:ResourceTag/app": "wordmon" } });
    expect(productionDatabaseDeployStatements(scope).flatMap((s) => s.Action)).not.toContain(
      "secretsmanager:PutSecretValue",
    );
  });
});
