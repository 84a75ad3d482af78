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
      name: "RESEND_API_KEY",
      description: "API key for sending email (resend.com → API Keys). Locally, mail goes to the dev SMTP server.",
      targets: ["lambda", "vercel"],
    },
  ],
  alertEmail: "alerts@wordmon.dev",
  logRetentionDays: 30,
});
