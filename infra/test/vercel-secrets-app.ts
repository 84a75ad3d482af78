import { parseConfig } from "nightshift/internal/config/parse-config";
import { createNightshiftApp } from "../app";
import { MIGRATE_FUNCTION, PROVISIONER_FUNCTION } from "../constructs/database-environment";
import { databaseExtension } from "../constructs/database-extension";
import { secretsExtension } from "../constructs/secrets-extension";
import { vercelExtension } from "../constructs/vercel-extension";
import type { NightshiftExtension } from "../extension";
import { fakeArtifacts, makeCron, makeProject, makeQueue, makeTopic } from "./support/fixtures";
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

/** A project within the preview database's connection budget. */
export function smallProject() {
  return makeProject({
    topics: [makeTopic("user-events")],
    queues: [makeQueue("send-email", { concurrency: 3, subscriptions: [{ topic: "user-events" }] })],
    crons: [makeCron("nightly-report", { schedule: "cron(0 3 * * ? *)" })],
  });
}

export function synthAll(
  extensions: readonly NightshiftExtension[] = [databaseExtension, secretsExtension, vercelExtension],
) {
  const project = smallProject();
  const built = createNightshiftApp({
    config: secretsConfig,
    project,
    artifacts: fakeArtifacts(project, [PROVISIONER_FUNCTION, MIGRATE_FUNCTION]),
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
