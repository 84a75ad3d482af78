import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret/index.js";
import { Construct } from "constructs";
import type { ParsedNightshiftConfig } from "nightshift/internal/config/parse-config";
import { secretId } from "nightshift/internal/secrets/secret-names";

export interface SecretsStoreProps {
  readonly config: ParsedNightshiftConfig;
  /** Whose values these are: `production`, `preview` (shared by every `pr-<N>`), `staging`… */
  readonly scope: string;
}

/**
 * Days a deleted production secret can be restored; a lost production credential is the costly case.
 * @default 30 (AWS's own default)
 */
export const PRODUCTION_RECOVERY_DAYS = 30;
/** Days for every other scope: short, so a re-created environment can reuse the names soon. */
export const OTHER_RECOVERY_DAYS = 7;

/**
 * One Secrets Manager secret per declared secret, named `<app>/<scope>/<NAME>`, created empty:
 * Terraform never holds a value (no `aws_secretsmanager_secret_version`), so none can reach the
 * synthesized JSON. `nightshift secrets set NAME --env <scope>` stores the value.
 */
export class SecretsStore extends Construct {
  /** The secrets by declared name. */
  readonly secrets: ReadonlyMap<string, SecretsmanagerSecret>;

  constructor(scope: Construct, id: string, props: SecretsStoreProps) {
    super(scope, id);
    const { config } = props;
    const secrets = new Map<string, SecretsmanagerSecret>();
    for (const secret of config.secrets) {
      secrets.set(
        secret.name,
        new SecretsmanagerSecret(this, secret.name, {
          name: secretId(config.app, props.scope, secret.name),
          description:
            `${secret.description} (targets: ${secret.targets.join(", ")}; set with: nightshift secrets set ${secret.name} --env ${props.scope})`.slice(
              0,
              2048,
            ),
          recoveryWindowInDays: props.scope === "production" ? PRODUCTION_RECOVERY_DAYS : OTHER_RECOVERY_DAYS,
        }),
      );
    }
    this.secrets = secrets;
  }
}
