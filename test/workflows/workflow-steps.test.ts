import { execFile } from "node:child_process";
import { once } from "node:events";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { workflow } from "./load-workflows";

const root = join(import.meta.dirname, "../..");
const fixture = (name: string) => join(root, "packages/nightshift/test/plan/fixtures", name);

/**
 * Runs one step's `run:` script the way GitHub does (`bash --noprofile --norc -eo pipefail`), with
 * the step's own env plus the given variables, so the shell glue between tested programs is
 * exercised too.
 */
async function runStep(file: string, job: string, stepName: string, env: Record<string, string>, cwd = root) {
  const step = workflow(file).jobs[job]?.steps?.find((s) => s.name === stepName);
  if (!step?.run) throw new Error(`${file} ${job}: no step named "${stepName}" with a run script`);
  const stepEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(step.env ?? {})) {
    // Expressions are GitHub's to fill in; the test passes those variables itself.
    if (!String(value).includes("${{")) stepEnv[key] = String(value);
  }
  return promisify(execFile)("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run], {
    cwd,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, ...stepEnv, ...env },
  });
}

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

describe("pull-request.yml steps", () => {
  it("plans preview and production read-only and reports the stack whose plan failed", async () => {
    const temp = mkdtempSync(join(tmpdir(), "runner-"));
    const work = join(temp, "work");
    const bin = join(temp, "bin");
    mkdirSync(join(temp, "plans"));
    mkdirSync(bin);
    for (const stack of ["preview", "production"])
      mkdirSync(join(work, "cdktf.out/stacks", stack), { recursive: true });
    // A stand-in terraform: production has no readable state, preview plans fine.
    writeFileSync(
      join(bin, "terraform"),
      [
        "#!/usr/bin/env bash",
        'echo "terraform $* in $(basename "$PWD")" >> "$TF_LOG_FILE"',
        'if [ "$(basename "$PWD")" = production ] && [ "$1" = plan ]; then echo "AccessDenied" >&2; exit 1; fi',
        `if [ "$1" = show ]; then cat ${JSON.stringify(fixture("no-changes.json"))}; fi`,
      ].join("\n"),
    );
    chmodSync(join(bin, "terraform"), 0o755);
    const output = join(temp, "output");
    writeFileSync(output, "");
    const log = join(temp, "terraform.log");
    await runStep(
      "pull-request.yml",
      "plan",
      "Plan what merging would change (preview, production)",
      {
        RUNNER_TEMP: temp,
        GITHUB_OUTPUT: output,
        TF_LOG_FILE: log,
        PATH: `${bin}:${process.env.PATH}`,
        PLAN_ROLE_ARN: "arn:aws:iam::123456789012:role/wordmon-deploy-plan-readonly",
      },
      work,
    );
    expect(readFileSync(output, "utf8")).toBe("failed=production\nskipped=\n");
    expect(readFileSync(join(temp, "plans/preview.json"), "utf8")).toContain('"format_version"');
    expect(readFileSync(log, "utf8")).toContain(
      "terraform plan -input=false -lock=false -refresh=false -out=tfplan in production",
    );
  });

  it("skips the preview and production plans without a read-only plan role, and never runs terraform for them", async () => {
    const temp = mkdtempSync(join(tmpdir(), "runner-"));
    const bin = join(temp, "bin");
    mkdirSync(bin);
    const log = join(temp, "terraform.log");
    writeFileSync(join(bin, "terraform"), `#!/usr/bin/env bash\necho "terraform $*" >> ${JSON.stringify(log)}\n`);
    chmodSync(join(bin, "terraform"), 0o755);
    const output = join(temp, "output");
    writeFileSync(output, "");
    const { stdout } = await runStep(
      "pull-request.yml",
      "plan",
      "Plan what merging would change (preview, production)",
      { RUNNER_TEMP: temp, GITHUB_OUTPUT: output, PATH: `${bin}:${process.env.PATH}`, PLAN_ROLE_ARN: "" },
      temp,
    );
    expect(readFileSync(output, "utf8")).toBe("failed=\nskipped=preview,production\n");
    expect(stdout).toContain("::notice title=Shared stacks not planned::");
    expect(() => readFileSync(log, "utf8")).toThrow(/ENOENT/);
  });

  it("notes the skipped stacks in the report, not as failures", async () => {
    const temp = mkdtempSync(join(tmpdir(), "runner-"));
    mkdirSync(join(temp, "plans"));
    copyFileSync(fixture("pr-42.json"), join(temp, "plans/pr-42.json"));
    copyFileSync(fixture("cost-before.json"), join(temp, "cost-before.json"));
    copyFileSync(fixture("cost-after.json"), join(temp, "cost-after.json"));
    writeFileSync(join(temp, "list.json"), JSON.stringify({ crons: [], queues: [] }));
    const summary = join(temp, "summary.md");
    await runStep("pull-request.yml", "plan", "Build the plan report", {
      RUNNER_TEMP: temp,
      NIGHTSHIFT_ENV: "pr-42",
      FAILED_STACKS: "",
      SKIPPED_STACKS: "preview,production",
      GITHUB_STEP_SUMMARY: summary,
    });
    const report = JSON.parse(readFileSync(join(temp, "report/report.json"), "utf8"));
    expect(report.stacks.map((s: { name: string }) => s.name)).toEqual(["pr-42"]);
    expect(report.failedStacks).toEqual([]);
    expect(report.skippedStacks).toEqual(["preview", "production"]);
    const markdown = readFileSync(summary, "utf8");
    expect(markdown).toContain("| `production` (not planned) |");
    expect(markdown).toContain("set the `AWS_PLAN_ROLE_ARN` repository variable");
  });

  it("builds the report from the plans that exist, with cost, crons and failed stacks", async () => {
    const temp = mkdtempSync(join(tmpdir(), "runner-"));
    mkdirSync(join(temp, "plans"));
    copyFileSync(fixture("pr-42.json"), join(temp, "plans/pr-42.json"));
    copyFileSync(fixture("no-changes.json"), join(temp, "plans/preview.json"));
    copyFileSync(fixture("cost-before.json"), join(temp, "cost-before.json"));
    copyFileSync(fixture("cost-after.json"), join(temp, "cost-after.json"));
    writeFileSync(join(temp, "list.json"), JSON.stringify({ crons: [{ name: "cleanup" }], queues: [] }));
    const summary = join(temp, "summary.md");
    await runStep("pull-request.yml", "plan", "Build the plan report", {
      RUNNER_TEMP: temp,
      NIGHTSHIFT_ENV: "pr-42",
      FAILED_STACKS: "production",
      GITHUB_STEP_SUMMARY: summary,
    });
    const report = JSON.parse(readFileSync(join(temp, "report/report.json"), "utf8"));
    expect(report.stacks.map((s: { name: string }) => s.name)).toEqual(["pr-42", "preview"]);
    expect(report.failedStacks).toEqual(["production"]);
    expect(report.cost.available).toBe(true);
    expect(report.crons).toEqual([{ name: "cleanup", command: "npx nightshift run cleanup --env pr-42" }]);
    const markdown = readFileSync(summary, "utf8");
    expect(markdown.startsWith("<!-- nightshift-plan -->")).toBe(true);
    expect(markdown).not.toContain("CANARY");
  });

  it("posts the comment with the preview URL through the GitHub API", async () => {
    const temp = mkdtempSync(join(tmpdir(), "runner-"));
    mkdirSync(join(temp, "report"));
    const saved = await promisify(execFile)(
      process.execPath,
      [
        join(root, "packages/nightshift/bin/nightshift.js"),
        "plan-report",
        fixture("pr-42.json"),
        "--json",
        "--env",
        "pr-42",
      ],
      { encoding: "utf8", cwd: root },
    );
    writeFileSync(join(temp, "report/report.json"), saved.stdout);
    const posted: Array<{ method?: string; url?: string; body: string }> = [];
    const server = createServer(async (req, res) => {
      let body = "";
      for await (const chunk of req) body += chunk;
      posted.push({ method: req.method, url: req.url, body });
      res.writeHead(req.method === "GET" ? 200 : 201, { "content-type": "application/json" });
      res.end(req.method === "GET" ? "[]" : '{"id": 5}');
    });
    servers.push(server);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { stdout } = await runStep("pull-request.yml", "comment-preview", "Update the plan comment", {
      RUNNER_TEMP: temp,
      GITHUB_TOKEN: "t",
      GITHUB_REPOSITORY: "acme/wordmon",
      GITHUB_API_URL: api,
      PR_NUMBER: "42",
      PREVIEW_URL: "https://wordmon-git-feature-acme.vercel.app",
    });
    expect(stdout).toBe("created comment 5 on #42\n");
    const post = posted.find((p) => p.method === "POST");
    expect(post?.url).toBe("/repos/acme/wordmon/issues/42/comments");
    const body = JSON.parse(post!.body).body as string;
    expect(body.startsWith("<!-- nightshift-plan -->\n## Nightshift plan for `pr-42`")).toBe(true);
    expect(body).toContain("\nhttps://wordmon-git-feature-acme.vercel.app\n");
  });
});

describe("destroy-pr-environment.yml steps", () => {
  it("destroys only when GitHub still says the PR is closed", async () => {
    let state = "open";
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ state, head: { ref: "feature/x" } }));
    });
    servers.push(server);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const temp = mkdtempSync(join(tmpdir(), "runner-"));
    const env = (name: string) => ({
      GITHUB_TOKEN: "t",
      GITHUB_REPOSITORY: "acme/wordmon",
      GITHUB_API_URL: api,
      PR_NUMBER: "7",
      NIGHTSHIFT_ENV: "pr-7",
      GITHUB_OUTPUT: join(temp, `${name}-output`),
      GITHUB_STEP_SUMMARY: join(temp, `${name}-summary`),
    });
    await runStep("destroy-pr-environment.yml", "destroy", "Check the PR is still closed", env("open"));
    expect(readFileSync(join(temp, "open-output"), "utf8")).toBe("destroy=false\n");
    expect(readFileSync(join(temp, "open-summary"), "utf8")).toBe("Kept pr-7: PR #7 is not closed any more.\n");
    state = "closed";
    await runStep("destroy-pr-environment.yml", "destroy", "Check the PR is still closed", env("closed"));
    expect(readFileSync(join(temp, "closed-output"), "utf8")).toBe("destroy=true\n");
  });
});

/** A stand-in `aws` CLI on PATH that records its arguments and prints `listing` for list calls. */
function fakeAws(temp: string, listing: string): { path: string; log: string } {
  const bin = join(temp, "bin");
  mkdirSync(bin, { recursive: true });
  const log = join(temp, "aws.log");
  writeFileSync(join(temp, "listing.json"), listing);
  writeFileSync(
    join(bin, "aws"),
    [
      "#!/usr/bin/env bash",
      `echo "aws $*" >> ${JSON.stringify(log)}`,
      `if [ "$2" = list-objects-v2 ]; then cat ${JSON.stringify(join(temp, "listing.json"))}; fi`,
    ].join("\n"),
  );
  chmodSync(join(bin, "aws"), 0o755);
  return { path: `${bin}:${process.env.PATH}`, log };
}

describe("sweeper and destroy steps", () => {
  it("lists pr-* state, asks GitHub, outputs the closed ones and summarizes", async () => {
    const server = createServer((req, res) => {
      const open = req.url?.endsWith("/pulls/8");
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ state: open ? "open" : "closed", head: { ref: open ? "feat/b" : "feat/a" } }));
    });
    servers.push(server);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const temp = mkdtempSync(join(tmpdir(), "runner-"));
    const aws = fakeAws(
      temp,
      JSON.stringify({ Contents: [{ Key: "env/pr-5/terraform.tfstate" }, { Key: "env/pr-8/terraform.tfstate" }] }),
    );
    const output = join(temp, "output");
    const summary = join(temp, "summary");
    await runStep("pr-sweeper.yml", "find", "List pr-* state and check each PR", {
      PATH: aws.path,
      RUNNER_TEMP: temp,
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_TOKEN: "t",
      GITHUB_REPOSITORY: "acme/wordmon",
      GITHUB_API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      STATE_BUCKET: "wordmon-terraform-state",
      STATE_REGION: "us-east-1",
    });
    expect(readFileSync(aws.log, "utf8")).toBe(
      "aws s3api list-objects-v2 --region us-east-1 --bucket wordmon-terraform-state --prefix env/pr- --output json\n",
    );
    expect(readFileSync(output, "utf8")).toBe('closed=[{"pr":5,"branch":"feat/a"}]\n');
    expect(readFileSync(summary, "utf8")).toContain("| pr-8 | #8 | open | keep (PR open) |");
  });

  it("removes the state object and any leftover lock after a destroy", async () => {
    const temp = mkdtempSync(join(tmpdir(), "runner-"));
    const aws = fakeAws(temp, "");
    const summary = join(temp, "summary");
    await runStep("destroy-pr-environment.yml", "destroy", "Remove the state object", {
      PATH: aws.path,
      GITHUB_STEP_SUMMARY: summary,
      PR_NUMBER: "7",
      NIGHTSHIFT_ENV: "pr-7",
      STATE_BUCKET: "wordmon-terraform-state",
      STATE_KEY: "env/pr-7/terraform.tfstate",
      STATE_REGION: "us-east-1",
    });
    expect(readFileSync(aws.log, "utf8").trim().split("\n")).toEqual([
      "aws s3api delete-object --region us-east-1 --bucket wordmon-terraform-state --key env/pr-7/terraform.tfstate",
      "aws s3api delete-object --region us-east-1 --bucket wordmon-terraform-state --key env/pr-7/terraform.tfstate.tflock",
    ]);
    expect(readFileSync(summary, "utf8")).toBe(
      "Removed pr-7 (PR #7): resources, Vercel variables and s3://wordmon-terraform-state/env/pr-7/terraform.tfstate\n",
    );
  });
});
