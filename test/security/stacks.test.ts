/**
 * Security over every synthesized stack: this repository's app as `npm run synth` writes it
 * (bootstrap, preview, production and pr-42, with canary secrets in the environment), and the
 * infra fixtures' richer project (topics, FIFO queues, batching) with every extension.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { EXTENSIONS } from "../../infra/extensions";
import { synthApp } from "../../infra/test/support/app";
import { config as fixtureConfig, richProject } from "../../infra/test/support/fixtures";
import { readStack, type StackJson } from "../../infra/test/support/terraform-json";
import { type CheckOptions, STACK_CHECKS } from "./stack-checks";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const STACKS = ["bootstrap", "preview", "production", "pr-42"];

/** Values that look like secrets and must never reach a synthesized file or a bundle. */
const CANARIES = {
  SMTP_URL: "smtps://canary-user:canary-smtp-5f1d0c@smtp.example.com:465",
  DATABASE_URL: "postgres://canary:canary-db-9b27e4@db.example.com:5432/canary",
  AWS_ACCESS_KEY_ID: "AKIACANARY7Q3ZK2M4XY",
  AWS_SECRET_ACCESS_KEY: "canary-aws-secret-61c8a0d2",
  VERCEL_TOKEN: "canary-vercel-token-0e4b17",
  GITHUB_TOKEN: "ghp_canary3c9e5a1f",
  NIGHTSHIFT_DATABASE_PASSWORD: "canary-password-a82f44",
};
const CANARY_FRAGMENTS = [
  "canary-smtp-5f1d0c",
  "canary-db-9b27e4",
  "AKIACANARY7Q3ZK2M4XY",
  "canary-aws-secret-61c8a0d2",
  "canary-vercel-token-0e4b17",
  "ghp_canary3c9e5a1f",
  "canary-password-a82f44",
];

const repoOptions: CheckOptions = {
  app: "wordmon",
  stateBucket: "wordmon-terraform-state",
  github: { owner: "wordmon", repo: "wordmon" },
  vercel: { team: "wordmon", project: "wordmon" },
};

/** Every file under `dir`; zips are opened, so a secret inlined into a bundle is found too. */
function* filesUnder(dir: string): Generator<{ file: string; text: string }> {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      yield* filesUnder(full);
    } else if (entry.endsWith(".zip")) {
      for (const [name, bytes] of Object.entries(unzipSync(readFileSync(full))))
        yield { file: `${full}!${name}`, text: Buffer.from(bytes).toString("utf8") };
    } else {
      yield { file: full, text: readFileSync(full, "utf8") };
    }
  }
}

let outdir: string;
const repoStacks: Record<string, StackJson> = {};

beforeAll(async () => {
  outdir = mkdtempSync(path.join(os.tmpdir(), "nightshift-security-"));
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("AWS_") && key !== "NIGHTSHIFT_ENV"),
  );
  await promisify(execFile)(path.join(repo, "node_modules", ".bin", "tsx"), ["infra/main.ts"], {
    cwd: repo,
    env: {
      ...clean,
      ...CANARIES,
      CDKTF_OUTDIR: outdir,
      NIGHTSHIFT_ENV: "pr-42",
      NIGHTSHIFT_GIT_BRANCH: "feature/x",
    },
  });
  for (const name of STACKS) repoStacks[name] = readStack(outdir, name);
}, 120_000);

describe("security of this repository's stacks (npm run synth)", () => {
  for (const name of STACKS) {
    for (const [rule, check] of Object.entries(STACK_CHECKS)) {
      it(`${name}: ${rule}`, () => {
        expect(check(repoStacks[name] as StackJson, repoOptions)).toEqual([]);
      });
    }
  }

  it("no canary secret from the environment appears in any synthesized file or bundle", () => {
    let files = 0;
    for (const { file, text } of filesUnder(outdir)) {
      files++;
      for (const canary of CANARY_FRAGMENTS) expect(text.includes(canary), `${canary} in ${file}`).toBe(false);
    }
    expect(files).toBeGreaterThan(STACKS.length);
  });

  it("has what the checks look at: queues, a topic, a database, the state bucket, functions and OIDC roles", () => {
    const count = (type: string) =>
      STACKS.reduce((n, s) => n + Object.keys(repoStacks[s]?.resource[type] ?? {}).length, 0);
    for (const type of [
      "aws_sqs_queue",
      "aws_sns_topic",
      "aws_db_instance",
      "aws_s3_bucket",
      "aws_lambda_function",
      "aws_cloudwatch_log_group",
      "aws_db_parameter_group",
    ])
      expect(count(type), type).toBeGreaterThan(0);
    const oidcRoles = Object.values(repoStacks.bootstrap?.resource.aws_iam_role ?? {}).filter((role) =>
      String(role.assume_role_policy).includes("AssumeRoleWithWebIdentity"),
    );
    expect(oidcRoles.length).toBe(4);
  });
});

describe("security of a richer project (topics, FIFO, batching) with every extension", () => {
  process.env.NIGHTSHIFT_GIT_BRANCH ??= "feature/x";
  const { stacks } = synthApp(richProject(), ["production", "pr-42"], EXTENSIONS);
  const options: CheckOptions = {
    app: fixtureConfig.app,
    stateBucket: fixtureConfig.stateBucket,
    github: { owner: "acme", repo: "wordmon" },
    vercel: { team: "acme", project: "wordmon" },
  };
  for (const name of STACKS) {
    for (const [rule, check] of Object.entries(STACK_CHECKS)) {
      it(`${name}: ${rule}`, () => {
        expect(check(stacks[name] as StackJson, options)).toEqual([]);
      });
    }
  }
});
