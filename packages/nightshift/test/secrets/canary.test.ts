import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanup } from "../helpers/temp-project";
import { type SecretsManagerServer, startSecretsManagerServer } from "./helpers/secrets-manager-server";
import { CANARY, createSecretsProject } from "./helpers/secrets-project";
import { startVercelApiServer, type VercelApiServer } from "./helpers/vercel-api-server";

const BIN = path.join(import.meta.dirname, "../../bin/nightshift.js");

let root: string;
let aws: SecretsManagerServer;
let vercel: VercelApiServer;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  root = await createSecretsProject();
  aws = await startSecretsManagerServer();
  for (const name of ["SMTP_URL", "ANALYTICS_KEY", "STRIPE_KEY"]) aws.create(`wordmon/production/${name}`);
  vercel = await startVercelApiServer({
    token: "vercel-token",
    team: "acme",
    project: "wordmon-web",
    variables: [{ key: "ANALYTICS_KEY", target: ["production"], type: "sensitive", value: CANARY, updatedAt: 0 }],
  });
  env = {
    ...process.env,
    NO_COLOR: "1",
    AWS_ACCESS_KEY_ID: "AKIDTEST",
    AWS_SECRET_ACCESS_KEY: "test-secret",
    AWS_REGION: "us-east-1",
    NIGHTSHIFT_SECRETSMANAGER_ENDPOINT: aws.endpoint,
    VERCEL_TOKEN: "vercel-token",
    NIGHTSHIFT_VERCEL_API_URL: vercel.url,
    NIGHTSHIFT_DEBUG: "1",
  };
});
afterAll(async () => {
  await Promise.all([aws.stop(), vercel.stop()]);
  await cleanup(root);
});

/** Runs the real `nightshift` binary in the project, with `stdin` piped in (not a terminal). */
function nightshift(args: string[], stdin = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: root, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe("a canary secret value", () => {
  it("goes from a pipe into Secrets Manager and never to the CLI's stdout or stderr", async () => {
    const outputs: string[] = [];
    const set = await nightshift(["secrets", "set", "SMTP_URL", "--env", "production"], `${CANARY}\n`);
    outputs.push(set.stdout, set.stderr);
    expect(set.code).toBe(0);
    expect(set.stdout).toBe(
      "Set SMTP_URL for production (wordmon/production/SMTP_URL). Lambdas read it at their next cold start.\n",
    );
    expect(aws.current("wordmon/production/SMTP_URL")).toBe(CANARY);

    const asArgument = await nightshift(["secrets", "set", "SMTP_URL", CANARY, "--env", "production"]);
    outputs.push(asArgument.stdout, asArgument.stderr);
    expect(asArgument.code).toBe(2);
    expect(asArgument.stderr).toContain("never as an argument");

    const asFlag = await nightshift(["secrets", "set", "ANALYTICS_KEY", "--env", "production", "--value", CANARY]);
    outputs.push(asFlag.stdout, asFlag.stderr);
    expect(asFlag.code).toBe(2);
    expect(aws.current("wordmon/production/ANALYTICS_KEY")).toBeUndefined();

    for (const args of [
      ["secrets", "list", "--env", "production", "--json"],
      ["secrets", "status"],
      ["secrets", "status", "--env", "production", "--json"],
      ["secrets", "check", "--env", "production"],
    ]) {
      const result = await nightshift(args);
      outputs.push(result.stdout, result.stderr);
      expect(result.stdout.length + result.stderr.length).toBeGreaterThan(0);
    }
    expect(outputs.join("\n")).not.toContain(CANARY);
  });

  it("never reaches the plan comment, even when a plan carries it for the Vercel variable", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "secrets-plan-"));
    const plan = {
      format_version: "1.2",
      terraform_version: "1.10.5",
      resource_changes: [
        {
          address: "vercel_project_environment_variable.vercel-environment_SMTP_URL",
          mode: "managed",
          type: "vercel_project_environment_variable",
          name: "vercel-environment_SMTP_URL",
          change: {
            actions: ["update"],
            before: { key: "SMTP_URL", value: "old-value", sensitive: true, target: ["production"] },
            after: { key: "SMTP_URL", value: CANARY, sensitive: true, target: ["production"] },
            before_sensitive: { value: true },
            after_sensitive: { value: true },
          },
        },
        {
          address: "data.aws_secretsmanager_secret_version.vercel-secret-SMTP_URL",
          mode: "data",
          type: "aws_secretsmanager_secret_version",
          name: "vercel-secret-SMTP_URL",
          change: {
            actions: ["read"],
            before: null,
            after: { secret_string: CANARY },
            after_sensitive: { secret_string: true },
          },
        },
      ],
    };
    const file = path.join(dir, "production.json");
    writeFileSync(file, JSON.stringify(plan));
    for (const extra of [[], ["--json"]]) {
      const result = spawnSync(process.execPath, [BIN, "plan-report", file, ...extra], { encoding: "utf8", env });
      expect(result.status).toBe(0);
      expect(result.stdout).toContain("vercel_project_environment_variable");
      expect(`${result.stdout}${result.stderr}`).not.toContain(CANARY);
    }
  });
});
