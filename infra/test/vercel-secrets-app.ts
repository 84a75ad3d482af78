import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret/index.js";
import { Construct } from "constructs";
import { parseConfig } from "nightshift/internal/config/parse-config";
import { createNightshiftApp } from "../app";
import { secretsExtension } from "../constructs/secrets-extension";
import { type DatabaseSecretRef, vercelExtension } from "../constructs/vercel-extension";
import type { NightshiftExtension } from "../extension";
import type { EnvironmentStack } from "../stacks/environment-stack";
import { fakeArtifacts, richProject } from "./support/fixtures";
import { synthJson } from "./support/terraform-json";

/** Shared by the Vercel and secrets synth tests. */
export const secretsConfig = parseConfig({
  app: "wordmon",
  stateBucket: "wordmon-state-test",
  github: { owner: "acme", repo: "wordmon" },
  vercel: { team: "acme", project: "wordmon-web" },
  secrets: [
    { name: "SMTP_URL", description: "SMTP connection URL", targets: ["lambda"] },
    { name: "ANALYTICS_KEY", description: "Analytics write key", targets: ["lambda", "vercel"] },
    { name: "STRIPE_KEY", description: "Stripe secret key", targets: ["vercel"], required: false },
  ],
});

/** Stands in for the database extension: a construct exposing the environment's database secret. */
class FakeDatabase extends Construct {
  readonly databaseUrlSecret: DatabaseSecretRef;
  constructor(stack: EnvironmentStack) {
    super(stack, "database");
    const secret = new SecretsmanagerSecret(this, "secret", { name: `wordmon/${stack.environment}/database` });
    this.databaseUrlSecret = { secretId: secret.arn, dependsOn: [secret] };
  }
}
const fakeDatabase: NightshiftExtension = { name: "database", environment: (stack) => void new FakeDatabase(stack) };

export function synthAll(
  extensions: readonly NightshiftExtension[] = [fakeDatabase, secretsExtension, vercelExtension],
) {
  const project = richProject();
  const built = createNightshiftApp({
    config: secretsConfig,
    project,
    artifacts: fakeArtifacts(project),
    environments: ["production", "pr-42"],
    outdir: "/tmp/unused",
    extensions,
  });
  const [production, pr] = built.environments;
  return {
    bootstrap: synthJson(built.bootstrap),
    preview: synthJson(built.preview),
    production: synthJson(production!),
    pr: synthJson(pr!),
  };
}
