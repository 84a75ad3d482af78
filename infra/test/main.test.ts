import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const run = promisify(execFile);

/** `npm run synth` as CI runs it, with no AWS credentials or region in the environment. */
async function synth(env: Record<string, string>) {
  const outdir = mkdtempSync(path.join(os.tmpdir(), "nightshift-main-"));
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("AWS_") && key !== "NIGHTSHIFT_ENV"),
  );
  const tsx = path.join(repo, "node_modules", ".bin", "tsx");
  try {
    const result = await run(tsx, ["infra/main.ts"], { cwd: repo, env: { ...clean, CDKTF_OUTDIR: outdir, ...env } });
    return { code: 0, stderr: result.stderr, outdir };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr, outdir };
  }
}

describe("infra/main.ts", () => {
  it("writes bootstrap, preview, production and the NIGHTSHIFT_ENV environment, offline and without credentials", async () => {
    const { code, stderr, outdir } = await synth({ NIGHTSHIFT_ENV: "pr-42", NIGHTSHIFT_GIT_BRANCH: "feature/login" });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    for (const stack of ["bootstrap", "preview", "production", "pr-42"]) {
      expect(existsSync(path.join(outdir, "stacks", stack, "cdk.tf.json")), stack).toBe(true);
    }
    const pr = JSON.parse(readFileSync(path.join(outdir, "stacks", "pr-42", "cdk.tf.json"), "utf8"));
    expect(pr.terraform.backend.s3.key).toBe("env/pr-42/terraform.tfstate");
    const functions = Object.values(pr.resource.aws_lambda_function) as { function_name: string; filename: string }[];
    // The jobs, plus whatever system functions the registered extensions deploy.
    expect(functions.map((f) => f.function_name)).toEqual(
      expect.arrayContaining(["wordmon-pr-42-check-mentions", "wordmon-pr-42-generate-report"]),
    );
    for (const fn of functions)
      expect(existsSync(path.join(outdir, "stacks", "pr-42", fn.filename)), fn.filename).toBe(true);
  });

  it("fails with the naming rule when NIGHTSHIFT_ENV is not a safe environment name", async () => {
    const { code, stderr } = await synth({ NIGHTSHIFT_ENV: "feature/login" });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      'E_CONFIG: NIGHTSHIFT_ENV must be "pr-<number>" (e.g. "pr-42", number 1–999999) or 2–16 lowercase letters and digits starting with a letter (e.g. "staging") (got "feature/login"); dashes appear only in "pr-<number>" so that environment names never overlap.',
    );
  });
});
