import { defineConfig } from "nightshift";

/** App-wide settings: read by infra (`npm run synth`), the CLI and CI. See docs/operations.md. */
export default defineConfig({
  app: "wordmon",
  region: "us-east-1",
  // Created once by the `bootstrap` stack; bucket names are global, so keep it unique.
  stateBucket: "wordmon-terraform-state",
  github: { owner: "wordmon", repo: "wordmon" },
  vercel: { team: "wordmon", project: "wordmon" },
  database: {
    production: { instanceClass: "db.t4g.micro", allocatedStorageGb: 20 },
    preview: { instanceClass: "db.t4g.micro", allocatedStorageGb: 20 },
  },
  // Vercel functions have no fixed egress addresses; TLS and per-environment credentials protect the DB.
  allowedDatabaseCidrs: ["0.0.0.0/0"],
  secrets: [
    {
      name: "SMTP_URL",
      description: "SMTP connection URL used to send report emails, e.g. smtps://user:pass@smtp.example.com:465",
      targets: ["lambda"],
    },
  ],
  alertEmail: "alerts@wordmon.dev",
  logRetentionDays: 30,
});
