import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { loadConfig } from "../../../config/load-config";
import type { ParsedNightshiftConfig, ParsedSecretConfig } from "../../../config/parse-config";
import { NightshiftError, show } from "../../../errors";
import { checkEnvironmentName } from "../../../ops/environment-name";
import { type AwsSecrets, awsSecrets, createSecretsManagerClient } from "../../../secrets/aws-secrets";
import { secretScope } from "../../../secrets/secret-names";
import type { SecretsIo } from "../../../secrets/secrets-io";
import { findProjectRoot } from "../../project-root";

/** What every secrets command works with: the project, its config and AWS for one scope. */
export interface SecretsContext {
  readonly root: string;
  readonly config: ParsedNightshiftConfig;
  /** As given with `--env`. */
  readonly environment: string;
  /** Whose values: the environment, or `preview` for a `pr-<N>`. */
  readonly scope: string;
  readonly region: string;
  readonly aws: AwsSecrets;
  close(): void;
}

/** The deploy step that creates a scope's (empty) secrets, for "does not exist yet" errors. */
export function deployStep(scope: string): string {
  return `apply the "${scope}" stack: the deploy from main does it, or by hand \`npm run synth\` then \`terraform apply\` in cdktf.out/stacks/${scope}`;
}

export async function openSecretsContext(io: SecretsIo, env: string): Promise<SecretsContext> {
  const root = findProjectRoot(io.cwd);
  const environment = checkEnvironmentName(env);
  const config = await loadConfig(root);
  const scope = secretScope(environment);
  const region = io.env.AWS_REGION?.trim() || config.region;
  const client: SecretsManagerClient = await createSecretsManagerClient(region, io.env);
  return {
    root,
    config,
    environment,
    scope,
    region,
    aws: awsSecrets(client, { environment, region, deployStep: deployStep(scope) }),
    close: () => client.destroy(),
  };
}

/** `set` and `unset` act on a scope's values; a `pr-<N>` has none of its own. */
export function requireOwnScope(context: SecretsContext, command: string): void {
  if (context.scope !== context.environment) {
    throw new NightshiftError(
      "E_USAGE",
      `--env ${context.environment}: pull-request environments share the preview values, so ${command} them with --env ${context.scope}.`,
    );
  }
}

/** The declared secret called `name`, or `E_USAGE` listing the declared ones. */
export function declaredSecret(config: ParsedNightshiftConfig, name: unknown): ParsedSecretConfig {
  const found = config.secrets.find((secret) => secret.name === name);
  if (found) return found;
  const declared = config.secrets.map((secret) => secret.name).join(", ") || "none";
  throw new NightshiftError(
    "E_USAGE",
    `${show(name)} is not a secret declared in nightshift.config.ts (declared: ${declared}); add it to secrets: [{ name, description, targets }] and deploy first.`,
  );
}
