import { PREVIEW_SECRET_SCOPE, SECRETS_ENV_VAR } from "nightshift/internal/secrets/secret-names";
import type { NightshiftExtension } from "../extension";
import {
  productionSecretsDeployStatements,
  pullRequestSecretsBoundaryStatements,
  pullRequestSecretsDeployStatements,
} from "./secrets-deploy-access";
import { EnvironmentSecrets } from "./secrets-environment";
import { SecretsStore } from "./secrets-store";

/**
 * The secrets declared in `nightshift.config.ts`, kept in AWS Secrets Manager:
 * - `bootstrap`: the deploy roles may manage (production) or read (pull requests) the secret
 *   containers, and the pull-request boundary lets PR functions read the shared preview values;
 * - `preview`: the shared `<app>/preview/<NAME>` secrets every `pr-<N>` uses;
 * - each environment: its own secrets (or the preview ones), and every function gets
 *   `NIGHTSHIFT_SECRETS` (names → ARNs) plus `secretsmanager:GetSecretValue` on exactly those ARNs.
 * Values are never in Terraform: `nightshift secrets set` stores them.
 */
export const secretsExtension: NightshiftExtension = {
  name: "secrets",

  bootstrap(stack) {
    if (stack.config.secrets.length === 0) return;
    const scope = { app: stack.config.app, region: stack.config.region, account: stack.accountId };
    stack.addPullRequestBoundaryStatements(pullRequestSecretsBoundaryStatements(scope));
    stack.addDeployPolicies("secrets", {
      pullRequest: pullRequestSecretsDeployStatements(scope),
      production: productionSecretsDeployStatements(scope),
    });
  },

  preview(stack) {
    if (stack.config.secrets.length === 0) return;
    new SecretsStore(stack, "secrets", { config: stack.config, scope: PREVIEW_SECRET_SCOPE });
  },

  environment(stack) {
    if (stack.config.secrets.length === 0) return;
    const forLambda = EnvironmentSecrets.of(stack).targeting("lambda");
    if (forLambda.length === 0) return;
    const byName = Object.fromEntries(forLambda.map((secret) => [secret.config.name, secret.arn]));
    stack.addFunctionEnvironment({ [SECRETS_ENV_VAR]: JSON.stringify(byName) });
    stack.grantFunctions("secrets", [
      {
        Sid: "ReadDeclaredSecrets",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: forLambda.map((secret) => secret.arn),
      },
    ]);
  },
};
