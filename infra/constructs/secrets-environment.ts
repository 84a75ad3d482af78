import { DataAwsSecretsmanagerSecret } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret/index.js";
import { Construct } from "constructs";
import type { ParsedSecretConfig } from "nightshift/internal/config/parse-config";
import { secretId, secretScope } from "nightshift/internal/secrets/secret-names";
import type { EnvironmentStack } from "../stacks/environment-stack";
import { SecretsStore } from "./secrets-store";

/** One declared secret as an environment sees it. */
export interface EnvironmentSecret {
  readonly config: ParsedSecretConfig;
  /** The secret's ARN (a Terraform reference). */
  readonly arn: string;
  /** The Secrets Manager name, `<app>/<scope>/<NAME>`. */
  readonly secretId: string;
}

/** The construct id `EnvironmentSecrets.of()` keeps in each stack. */
const ID = "secrets";

/**
 * The declared secrets of one environment. A long-lived environment (`production`, `staging`) owns
 * its secrets (`<app>/<env>/<NAME>`, a `SecretsStore`); a `pr-<N>` environment looks up the shared
 * preview secrets (`<app>/preview/<NAME>`, created by the preview stack) with data sources, so
 * destroying it never touches them. Created once per stack: get it with `EnvironmentSecrets.of(stack)`.
 */
export class EnvironmentSecrets extends Construct {
  readonly scope: string;
  /** By declared name. */
  readonly secrets: ReadonlyMap<string, EnvironmentSecret>;
  /** Set when this environment owns its secrets. */
  readonly store?: SecretsStore;

  /** The stack's secrets, created on first use. */
  static of(stack: EnvironmentStack): EnvironmentSecrets {
    return (stack.node.tryFindChild(ID) as EnvironmentSecrets | undefined) ?? new EnvironmentSecrets(stack);
  }

  private constructor(stack: EnvironmentStack) {
    super(stack, ID);
    const { config } = stack;
    this.scope = secretScope(stack.environment);
    const secrets = new Map<string, EnvironmentSecret>();
    if (this.scope === stack.environment) {
      this.store = new SecretsStore(this, "store", { config, scope: this.scope });
      for (const secret of config.secrets) {
        const resource = this.store.secrets.get(secret.name)!;
        secrets.set(secret.name, { config: secret, arn: resource.arn, secretId: resource.arn });
      }
    } else {
      for (const secret of config.secrets) {
        const name = secretId(config.app, this.scope, secret.name);
        const found = new DataAwsSecretsmanagerSecret(this, secret.name, { name });
        secrets.set(secret.name, { config: secret, arn: found.arn, secretId: found.arn });
      }
    }
    this.secrets = secrets;
  }

  /** The secrets delivered to `target`. */
  targeting(target: "lambda" | "vercel"): EnvironmentSecret[] {
    return [...this.secrets.values()].filter((secret) => secret.config.targets.includes(target));
  }
}
