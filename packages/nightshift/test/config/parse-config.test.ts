import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defineConfig } from "../../src/config/define-config";
import { loadConfig } from "../../src/config/load-config";
import { parseConfig } from "../../src/config/parse-config";

const minimal = {
  app: "wordmon",
  stateBucket: "wordmon-tfstate-123456789012",
  github: { owner: "acme", repo: "wordmon" },
  vercel: { team: "acme", project: "wordmon" },
};

describe("parseConfig", () => {
  it("applies the defaults", () => {
    expect(parseConfig(defineConfig(minimal))).toEqual({
      ...minimal,
      github: { owner: "acme", repo: "wordmon", subjectPrefix: "repo:acme/wordmon", planRole: false },
      region: "us-east-1",
      database: {
        production: { instanceClass: "db.t4g.micro", allocatedStorageGb: 20 },
        preview: { instanceClass: "db.t4g.micro", allocatedStorageGb: 20 },
      },
      allowedDatabaseCidrs: ["0.0.0.0/0"],
      secrets: [],
      logRetentionDays: 30,
    });
  });

  it("keeps what is set", () => {
    const parsed = parseConfig({
      ...minimal,
      region: "eu-west-3",
      database: { production: { instanceClass: "db.t4g.small", allocatedStorageGb: 50 } },
      allowedDatabaseCidrs: ["203.0.113.0/24"],
      secrets: [{ name: "RESEND_API_KEY", description: "Email API key", targets: ["lambda", "vercel"] }],
      alertEmail: "ops@example.com",
      logRetentionDays: 90,
    });
    expect(parsed).toMatchObject({
      region: "eu-west-3",
      database: {
        production: { instanceClass: "db.t4g.small", allocatedStorageGb: 50 },
        preview: { instanceClass: "db.t4g.micro" },
      },
      allowedDatabaseCidrs: ["203.0.113.0/24"],
      secrets: [{ name: "RESEND_API_KEY", targets: ["lambda", "vercel"] }],
      alertEmail: "ops@example.com",
      logRetentionDays: 90,
    });
  });

  it.each(["repo:acme@1234567/wordmon@987654321", "repo:Acme/WordMon", "repo:acme/wordmon@42"])(
    "accepts the OIDC subject prefix %s",
    (subjectPrefix) => {
      const parsed = parseConfig({
        ...minimal,
        github: { owner: "acme", repo: "wordmon", subjectPrefix, planRole: true },
      });
      expect(parsed.github).toEqual({ owner: "acme", repo: "wordmon", subjectPrefix, planRole: true });
    },
  );

  it.each([
    [
      { app: "Wordmon" },
      'nightshift.config.ts: app must be 2–20 lowercase letters, digits or dashes, starting with a letter and not ending with a dash, e.g. "wordmon" (got "Wordmon").',
    ],
    [{ region: "mars-1" }, 'nightshift.config.ts: region must be an AWS region such as "us-east-1" (got "mars-1").'],
    [
      { stateBucket: "My_Bucket" },
      'nightshift.config.ts: stateBucket must be an S3 bucket name: 3–63 lowercase letters, digits, dots or dashes, e.g. "wordmon-tfstate-123456789012" (got "My_Bucket").',
    ],
    [{ github: "acme/wordmon" }, 'nightshift.config.ts: github must be an object (got "acme/wordmon").'],
    [
      { github: { owner: "acme" } },
      "nightshift.config.ts: github.repo must be a GitHub repository name (got undefined).",
    ],
    [
      { github: { owner: "acme", repo: "wordmon", subjectPrefix: "repo:acme/other@1" } },
      'nightshift.config.ts: github.subjectPrefix must be how this repository\'s OIDC subjects start: "repo:acme/wordmon", or with GitHub\'s immutable ids "repo:acme@<owner id>/wordmon@<repository id>" (got "repo:acme/other@1"). Copy it from the sub claim of a workflow\'s token, up to the ":" before pull_request or ref (docs/operations.md, CI/CD).',
    ],
    [
      { github: { owner: "acme", repo: "wordmon", subjectPrefix: "repo:acme@123/wordmon@456:ref:refs/heads/main" } },
      'nightshift.config.ts: github.subjectPrefix must be how this repository\'s OIDC subjects start: "repo:acme/wordmon", or with GitHub\'s immutable ids "repo:acme@<owner id>/wordmon@<repository id>" (got "repo:acme@123/wordmon@456:ref:refs/heads/main"). Copy it from the sub claim of a workflow\'s token, up to the ":" before pull_request or ref (docs/operations.md, CI/CD).',
    ],
    [
      { github: { owner: "acme", repo: "wordmon", planRole: "yes" } },
      'nightshift.config.ts: github.planRole must be true or false (got "yes").',
    ],
    [
      { github: { owner: "acme", repo: "wordmon", subject: "repo:acme/wordmon" } },
      "nightshift.config.ts: github.subject is not a setting. Allowed: owner, repo, subjectPrefix, planRole.",
    ],
    [
      { vercel: { team: "Acme Inc", project: "wordmon" } },
      'nightshift.config.ts: vercel.team must be the Vercel team slug (got "Acme Inc").',
    ],
    [
      { database: { staging: {} } },
      "nightshift.config.ts: database.staging is not a setting. Allowed: production, preview.",
    ],
    [
      { database: { preview: { allocatedStorageGb: 5 } } },
      "nightshift.config.ts: database.preview.allocatedStorageGb must be a whole number of GiB, 20–65536 (got 5).",
    ],
    [
      { database: { production: { instanceClass: "t4g.micro" } } },
      'nightshift.config.ts: database.production.instanceClass must be an RDS instance class such as "db.t4g.micro" (got "t4g.micro").',
    ],
    [
      { allowedDatabaseCidrs: [] },
      'nightshift.config.ts: allowedDatabaseCidrs must be a non-empty list of CIDR blocks such as ["0.0.0.0/0"] (got []).',
    ],
    [
      { allowedDatabaseCidrs: ["10.0.0.300/8"] },
      'nightshift.config.ts: allowedDatabaseCidrs[0] must be an IPv4 CIDR block such as "203.0.113.0/24" (got "10.0.0.300/8").',
    ],
    [
      { secrets: [{ name: "api-key", description: "x", targets: ["lambda"] }] },
      'nightshift.config.ts: secrets[0].name must be an env var name in SCREAMING_SNAKE_CASE, e.g. "RESEND_API_KEY" (got "api-key").',
    ],
    [
      { secrets: [{ name: "A_KEY", description: " ", targets: ["lambda"] }] },
      'nightshift.config.ts: secrets[0].description must say what the secret is and where to get it (got " ").',
    ],
    [
      { secrets: [{ name: "A_KEY", description: "x", targets: ["ec2"] }] },
      'nightshift.config.ts: secrets[0].targets must list where the secret goes, "lambda" and/or "vercel" (got ["ec2"]).',
    ],
    [
      {
        secrets: [
          { name: "A_KEY", description: "x", targets: ["lambda"] },
          { name: "A_KEY", description: "y", targets: ["vercel"] },
        ],
      },
      'nightshift.config.ts: secrets[1].name repeats "A_KEY"; give each secret once.',
    ],
    [
      { alertEmail: "ops" },
      'nightshift.config.ts: alertEmail must be an email address such as "ops@example.com" (got "ops").',
    ],
    [
      { logRetentionDays: 10 },
      "nightshift.config.ts: logRetentionDays must be one of CloudWatch's values 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (got 10).",
    ],
    [
      { regoin: "us-east-1" },
      "nightshift.config.ts: regoin is not a setting. Allowed: app, region, stateBucket, github, vercel, database, allowedDatabaseCidrs, secrets, alertEmail, logRetentionDays.",
    ],
  ])("rejects %j", (override, message) => {
    expect(() => parseConfig({ ...minimal, ...override })).toThrow(message);
  });

  it("rejects a missing default export", () => {
    expect(() => parseConfig(undefined)).toThrow(
      "nightshift.config.ts: the default export must be an object (got undefined).",
    );
  });
});

describe("loadConfig", () => {
  it("imports nightshift.config.ts from the root", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "nightshift-config-"));
    writeFileSync(path.join(root, "nightshift.config.ts"), `export default ${JSON.stringify(minimal)};\n`);
    expect((await loadConfig(root)).app).toBe("wordmon");
  });

  it("says how to create a missing file", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "nightshift-config-"));
    await expect(loadConfig(root)).rejects.toThrow(
      `nightshift.config.ts was not found in ${root}; create it with \`export default defineConfig({ app, stateBucket, github, vercel })\` from "nightshift".`,
    );
  });

  it("reports a file that fails to load", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "nightshift-config-"));
    writeFileSync(path.join(root, "nightshift.config.ts"), "export default {};\n");
    await expect(
      loadConfig(root, { importModule: async () => Promise.reject(new Error("Unexpected token")) }),
    ).rejects.toThrow("nightshift.config.ts: failed to load: Unexpected token");
  });

  it("loads the repository's own settings", async () => {
    const repo = path.resolve(import.meta.dirname, "../../../..");
    const config = await loadConfig(repo);
    expect(config).toMatchObject({ app: "wordmon", region: "us-east-1" });
  });
});
