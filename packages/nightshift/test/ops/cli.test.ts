import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanup } from "../helpers/temp-project";
import { createOpsProject } from "./helpers/ops-project";

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../bin/nightshift.js");
const run = promisify(execFile);

async function nightshift(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let root: string;
beforeAll(async () => {
  root = await createOpsProject();
});
afterAll(() => cleanup(root));

describe("the nightshift binary", () => {
  it("lists the operations commands and shows --help for each", async () => {
    const help = await nightshift(["--help"], root);
    for (const command of ["run", "send", "dlq", "logs", "cost"])
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    for (const command of ["run", "send", "dlq", "logs", "cost"]) {
      const usage = await nightshift([command, "--help"], root);
      expect(usage.code).toBe(0);
      expect(usage.stdout).toContain(`USAGE ${command} [OPTIONS]`);
    }
  });

  it("exits 2 with the house-style message for an unknown job", async () => {
    const result = await nightshift(["run", "chek-mentions", "--env", "pr-7"], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'nightshift run: no cron named "chek-mentions" (did you mean "check-mentions"?); services/cron/ has check-mentions, flaky. Run `nightshift list` to see every job.\n',
    );
  });

  it("prints the cost estimate as JSON", async () => {
    const result = await nightshift(["cost", "--json", "--from", "2027-01-04T00:00:00Z"], root);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.items.find((i: { name: string }) => i.name === "check-mentions")).toMatchObject({
      invocationsPerMonth: 8760,
    });
  });
});
