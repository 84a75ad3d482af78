import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const bin = join(import.meta.dirname, "../../bin/nightshift.js");
const fixture = (name: string) => join(import.meta.dirname, "fixtures", name);

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, "plan-report", ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("nightshift plan-report", () => {
  it("prints the JSON report with summary, risks and stacks", () => {
    const { code, stdout } = cli(
      fixture("pr-42.json"),
      fixture("production.json"),
      "--json",
      "--env",
      "pr-42",
      "--crons",
      "cleanup",
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.summary).toEqual({ create: 4, update: 4, replace: 3, delete: 2, forget: 1 });
    expect(report.risks.map((r: { address: string }) => r.address)).toHaveLength(4);
    expect(report.stacks.map((s: { name: string }) => s.name)).toEqual(["pr-42", "production"]);
    expect(report.crons).toEqual([{ name: "cleanup", command: "npx nightshift run cleanup --env pr-42" }]);
    expect(stdout).not.toContain("CANARY");
  });

  it("takes cron names from `nightshift list --json` and degrades gracefully without a cost estimate", () => {
    const dir = mkdtempSync(join(tmpdir(), "plan-cli-"));
    writeFileSync(join(dir, "list.json"), JSON.stringify({ crons: [{ name: "daily-digest" }], queues: [] }));
    writeFileSync(join(dir, "cost-before.json"), "");
    const { code, stdout } = cli(
      fixture("pr-42.json"),
      "--env",
      "pr-42",
      "--list",
      join(dir, "list.json"),
      "--cost-before",
      join(dir, "cost-before.json"),
      "--cost-after",
      fixture("cost-after.json"),
      "--failed",
      "production",
    );
    expect(code).toBe(0);
    expect(stdout).toContain("| `production` (plan failed) | ? | ? | ? | ? | ? |");
    expect(stdout).toContain("npx nightshift run daily-digest --env pr-42");
    expect(stdout).toContain(
      `Unavailable: ${join(dir, "cost-before.json")} is empty (\`nightshift cost --json\` printed nothing).`,
    );
  });

  it("notes stacks that were not planned on purpose, and how to plan them", () => {
    const { code, stdout } = cli(fixture("pr-42.json"), "--env", "pr-42", "--skipped", "preview,production");
    expect(code).toBe(0);
    expect(stdout).toContain("| `preview` (not planned) | – | – | – | – |");
    expect(stdout).toContain("| `production` (not planned) | – | – | – | – |");
    expect(stdout).toContain(
      "Not planned: `preview`, `production`. The pull-request role cannot read their state; set the `AWS_PLAN_ROLE_ARN` repository variable to the read-only plan role (`github.planRole` in nightshift.config.ts) to see what merging would change.",
    );
    expect(stdout).not.toContain("plan failed");
  });

  it("re-renders a saved report with the preview URL", () => {
    const dir = mkdtempSync(join(tmpdir(), "plan-cli-"));
    const saved = cli(fixture("production.json"), "--json");
    writeFileSync(join(dir, "report.json"), saved.stdout);
    const { code, stdout } = cli("--report", join(dir, "report.json"), "--preview-url", "https://app-git-x.vercel.app");
    expect(code).toBe(0);
    expect(stdout).toContain("<!-- nightshift-plan -->");
    expect(stdout).toContain("\nhttps://app-git-x.vercel.app\n");
    expect(stdout).toContain("`aws_db_instance.database_instance_7C2E1A90`");
  });

  it("exits 2 naming an invalid plan file", () => {
    const dir = mkdtempSync(join(tmpdir(), "plan-cli-"));
    writeFileSync(join(dir, "pr-1.json"), '{"format_version":"1.2","resource_changes":{}}');
    const { code, stdout, stderr } = cli(join(dir, "pr-1.json"));
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `nightshift plan-report: ${join(dir, "pr-1.json")}: resource_changes must be an array (got an object).\n`,
    );
  });

  it("exits 2 for a missing plan file and for a bad preview URL", () => {
    expect(cli(fixture("pr-42.json"), "--env", "pr-42", "--list", "nope/list.json").stdout).toContain(
      "Cron list unavailable: nope/list.json was not produced.",
    );
    expect(cli("nope/pr-3.json")).toMatchObject({
      code: 2,
      stderr:
        "nightshift plan-report: nope/pr-3.json: the plan file does not exist; create it with `terraform show -json tfplan > nope/pr-3.json`.\n",
    });
    expect(cli(fixture("pr-42.json"), "--preview-url", "javascript:alert(1)")).toMatchObject({
      code: 2,
      stderr:
        'nightshift plan-report: --preview-url must be an https:// URL without spaces (got "javascript:alert(1)").\n',
    });
    expect(cli()).toMatchObject({ code: 2 });
  });
});
