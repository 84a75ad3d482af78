import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePlanJson } from "../../src/plan/plan-json";
import { readPlanFiles, stackNameFor } from "../../src/plan/read-plan-files";

describe("parsePlanJson", () => {
  it("treats an omitted resource_changes (a plan with no resources) as no changes", () => {
    const plan = parsePlanJson('{"format_version":"1.2","planned_values":{"root_module":{}}}', "p.json");
    expect(plan.resource_changes).toEqual([]);
  });

  it.each([
    ["", "p.json: is empty; create it with `terraform plan -out=tfplan && terraform show -json tfplan > plan.json`."],
    [
      "PK\u0003\u0004binary",
      "p.json: is a binary plan file, not JSON; create it with `terraform plan -out=tfplan && terraform show -json tfplan > plan.json`.",
    ],
    ["[]", 'p.json: must be a JSON object with "format_version" and "resource_changes" (got an array).'],
    [
      '{"resource_changes":[]}',
      "p.json: format_version is missing (got nothing); create it with `terraform plan -out=tfplan && terraform show -json tfplan > plan.json`.",
    ],
    [
      '{"format_version":"2.0"}',
      'p.json: format_version is "2.0"; plan-report reads format 1.x (Terraform ≥ 1.10 writes "1.2"). Use Terraform 1.10 or newer within major version 1.',
    ],
    [
      '{"format_version":"1.0","values":{"root_module":{}}}',
      "p.json: is a state file, not a plan; create it with `terraform plan -out=tfplan && terraform show -json tfplan > plan.json`.",
    ],
    [
      '{"format_version":"1.2","resource_changes":{"a":1}}',
      "p.json: resource_changes must be an array (got an object).",
    ],
    [
      '{"format_version":"1.2","resource_changes":[{"address":"aws_sqs_queue.q","type":"aws_sqs_queue","name":"q","change":{"actions":[]}}]}',
      "p.json: resource_changes[0].change.actions must be a non-empty array of strings (got an array).",
    ],
    [
      '{"format_version":"1.2","resource_changes":[{"type":"aws_sqs_queue","name":"q","change":{"actions":["create"]}}]}',
      "p.json: resource_changes[0].address must be a non-empty string (got nothing).",
    ],
  ])("rejects %j with a message naming the file", (text, message) => {
    expect(() => parsePlanJson(text, "p.json")).toThrow(message);
  });

  it("quotes the JSON parser's reason for text that is not JSON", () => {
    // The parser's own wording differs between Node versions, so only its frame is pinned.
    expect(() => parsePlanJson("{not json", "p.json")).toThrow(
      /^p\.json: is not valid JSON \(.*position 1.*\); create it with `terraform plan -out=tfplan && terraform show -json tfplan > plan\.json`\.$/,
    );
  });

  it("never echoes plan values in errors", () => {
    expect(() =>
      parsePlanJson(
        '{"format_version":"1.2","resource_changes":[{"address":"x","type":"t","name":"n","change":"CANARY-secret"}]}',
        "p.json",
      ),
    ).toThrow("p.json: resource_changes[0].change must be an object (got a string).");
  });
});

describe("readPlanFiles", () => {
  it("names stacks from name=path, the file name, or the folder of a generic plan.json", () => {
    expect(stackNameFor("plans/pr-42.json")).toEqual({ name: "pr-42", file: "plans/pr-42.json" });
    expect(stackNameFor("cdktf.out/stacks/production/plan.json")).toEqual({
      name: "production",
      file: "cdktf.out/stacks/production/plan.json",
    });
    expect(stackNameFor("preview=out/p.json")).toEqual({ name: "preview", file: "out/p.json" });
  });

  it("fails with E_BAD_PLAN naming a missing file", async () => {
    await expect(readPlanFiles(["plans/missing.json"])).rejects.toMatchObject({
      code: "E_BAD_PLAN",
      message:
        "plans/missing.json: the plan file does not exist; create it with `terraform show -json tfplan > plans/missing.json`.",
    });
  });

  it("refuses two plans for the same stack", async () => {
    const dir = mkdtempSync(join(tmpdir(), "plan-"));
    writeFileSync(join(dir, "pr-1.json"), '{"format_version":"1.2"}');
    await expect(readPlanFiles([join(dir, "pr-1.json"), `pr-1=${join(dir, "pr-1.json")}`])).rejects.toThrow(
      `${join(dir, "pr-1.json")}: stack "pr-1" was already read from ${join(dir, "pr-1.json")}; name each plan with name=path.`,
    );
  });
});
