import { PREVIEW_SECRET_SCOPE, secretScopePattern } from "nightshift/internal/secrets/secret-names";
import type { PolicyStatement } from "../policy";

export interface SecretsAccessScope {
  readonly app: string;
  readonly region: string;
  readonly account: string;
}

/** The ARN pattern of secrets whose names match `namePattern` (Secrets Manager appends `-XXXXXX`). */
export function secretArnPattern(scope: SecretsAccessScope, namePattern: string): string {
  return `arn:aws:secretsmanager:${scope.region}:${scope.account}:secret:${namePattern}`;
}

/**
 * What the pull-request deploy role needs for secrets: look up the shared preview secrets (their
 * ARNs go into the functions' `NIGHTSHIFT_SECRETS`) and read the Vercel-targeted values the deploy
 * copies into the branch's Vercel variables. Read-only: PR deploys never create or change secrets.
 */
export function pullRequestSecretsDeployStatements(scope: SecretsAccessScope): PolicyStatement[] {
  return [
    {
      Sid: "ReadSharedPreviewSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy", "secretsmanager:GetSecretValue"],
      Resource: secretArnPattern(scope, secretScopePattern(scope.app, PREVIEW_SECRET_SCOPE)),
    },
  ];
}

/**
 * What the production deploy role needs: create, read, tag and delete the empty secret containers of
 * `production`, `preview` and any long-lived environment (`<app>/<scope>/*`), and read their values
 * for Vercel. It never writes a value: there is no `PutSecretValue` here.
 */
export function productionSecretsDeployStatements(scope: SecretsAccessScope): PolicyStatement[] {
  return [
    {
      Sid: "ManageSecretContainers",
      Effect: "Allow",
      Action: [
        "secretsmanager:CreateSecret",
        "secretsmanager:DeleteSecret",
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetResourcePolicy",
        "secretsmanager:GetSecretValue",
        "secretsmanager:UpdateSecret",
        "secretsmanager:TagResource",
        "secretsmanager:UntagResource",
      ],
      Resource: secretArnPattern(scope, `${scope.app}/*`),
    },
  ];
}

/**
 * Added to the pull-request permissions boundary: functions of a `pr-<N>` environment may read the
 * shared preview secrets (each function's own policy still names the exact ARNs).
 */
export function pullRequestSecretsBoundaryStatements(scope: SecretsAccessScope): PolicyStatement[] {
  return [
    {
      Sid: "ReadPreviewSecrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: secretArnPattern(scope, secretScopePattern(scope.app, PREVIEW_SECRET_SCOPE)),
    },
  ];
}
