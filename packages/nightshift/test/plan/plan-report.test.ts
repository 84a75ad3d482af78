import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { toChangeKind } from "../../src/plan/change-kind";
import { parsePlanJson } from "../../src/plan/plan-json";
import { buildPlanReport, type StackPlan } from "../../src/plan/plan-report";
import { readPlanFiles } from "../../src/plan/read-plan-files";
import { renderPlanMarkdown } from "../../src/plan/render-markdown";

const fixtures = join(import.meta.dirname, "fixtures");
const fixture = (name: string) => join(fixtures, name);

async function twoStacks(): Promise<StackPlan[]> {
  return readPlanFiles([fixture("pr-42.json"), fixture("production.json")]);
}

describe("toChangeKind", () => {
  it("reads every action list Terraform documents", () => {
    expect(toChangeKind(["no-op"])).toBe("none");
    expect(toChangeKind(["read"])).toBe("none");
    expect(toChangeKind(["create"])).toBe("create");
    expect(toChangeKind(["update"])).toBe("update");
    expect(toChangeKind(["delete"])).toBe("delete");
    expect(toChangeKind(["forget"])).toBe("forget");
    expect(toChangeKind(["delete", "create"])).toBe("replace");
    expect(toChangeKind(["create", "delete"])).toBe("replace");
    expect(toChangeKind(["create", "forget"])).toBe("replace");
    expect(toChangeKind(["delete", "forget"])).toBe("delete");
    expect(toChangeKind(["import"])).toBeUndefined();
  });
});

describe("buildPlanReport", () => {
  it("counts creates, updates, replaces, deletes and forgets per stack, ignoring no-op and read", async () => {
    const report = buildPlanReport(await twoStacks());
    expect(report.stacks.map((s) => [s.name, s.summary])).toEqual([
      ["pr-42", { create: 4, update: 1, replace: 1, delete: 0, forget: 1 }],
      ["production", { create: 0, update: 3, replace: 2, delete: 2, forget: 0 }],
    ]);
    expect(report.summary).toEqual({ create: 4, update: 4, replace: 3, delete: 2, forget: 1 });
  });

  it("flags stateful deletes and replacements and trust-policy changes, with reasons", async () => {
    const report = buildPlanReport(await twoStacks());
    expect(report.risks).toEqual([
      {
        stack: "pr-42",
        address: "aws_sns_topic.topic_word-found_3A4B5C6D",
        action: "replace",
        reason: "replaces a topic: publishes fail and subscriptions are dropped until it exists again",
      },
      {
        stack: "production",
        address: "aws_db_instance.database_instance_7C2E1A90",
        action: "replace",
        reason: "replaces a database instance: its data is lost unless restored from a snapshot",
      },
      {
        stack: "production",
        address: "aws_iam_role.github_deploy_role_4B1D22F0",
        action: "update",
        reason: "changes an IAM role's trust policy (assume_role_policy): check who can assume it",
      },
      {
        stack: "production",
        address: "aws_sqs_queue.queue_send-email_queue_2A7F9B04",
        action: "delete",
        reason: "deletes a queue: messages still in it are lost",
      },
    ]);
  });

  it("keeps replace reasons, replace paths, deposed keys and changed attribute names", async () => {
    const report = buildPlanReport(await twoStacks());
    const production = report.stacks[1]!;
    expect(production.changes.map((c) => [c.action, c.address])).toEqual([
      ["replace", "aws_db_instance.database_instance_7C2E1A90"],
      ["replace", "aws_lambda_function.cron_daily-digest_function_0D9A3E11"],
      ["delete", "aws_lambda_function.queue_resize_function_9E3C5A61"],
      ["delete", "aws_sqs_queue.queue_send-email_queue_2A7F9B04"],
      ["update", "aws_iam_role.github_deploy_role_4B1D22F0"],
      ["update", "aws_secretsmanager_secret_version.secret_resend-api-key_version_6F0B7C2D"],
      ["update", "vercel_project_environment_variable.vercel_env_DATABASE_URL_5D6E7F80"],
    ]);
    const [db, lambda, deposed] = production.changes;
    expect(db).toMatchObject({
      reason: "replace_because_cannot_update",
      replacePaths: ["db_name"],
      attributes: [
        { name: "arn", sensitive: false, unknown: true },
        { name: "db_name", sensitive: false, unknown: false },
        { name: "engine_version", sensitive: false, unknown: false },
      ],
    });
    expect(lambda).toMatchObject({ reason: "replace_by_triggers", replacePaths: [] });
    expect(lambda!.attributes.map((a) => a.name)).toEqual(["arn", "memory_size", "qualified_arn"]);
    expect(deposed).toMatchObject({ deposed: "00f3a2c1", reason: undefined });
    const secret = production.changes.find((c) => c.type === "aws_secretsmanager_secret_version");
    expect(secret?.attributes).toEqual([{ name: "secret_string", sensitive: true, unknown: false }]);
  });

  it("builds one copy-paste run command per cron, sorted, only for safe names", async () => {
    const report = buildPlanReport(await twoStacks(), {
      environment: "pr-42",
      crons: ["daily-digest", "cleanup", "cleanup", "$(rm -rf /)"],
    });
    expect(report.crons).toEqual([
      { name: "cleanup", command: "npx nightshift run cleanup --env pr-42" },
      { name: "daily-digest", command: "npx nightshift run daily-digest --env pr-42" },
    ]);
  });

  it("rejects an action list Terraform does not document, naming the file and the resource", () => {
    const plan = parsePlanJson(
      JSON.stringify({
        format_version: "1.2",
        resource_changes: [
          {
            address: "aws_sqs_queue.q",
            mode: "managed",
            type: "aws_sqs_queue",
            name: "q",
            change: { actions: ["teleport"] },
          },
        ],
      }),
      "plans/pr-7.json",
    );
    expect(() => buildPlanReport([{ name: "pr-7", file: "plans/pr-7.json", plan }])).toThrow(
      'plans/pr-7.json: aws_sqs_queue.q has change.actions ["teleport"], which is not one Terraform documents (no-op, create, read, update, delete, forget, or a replace pair). Upgrade nightshift or report the Terraform version.',
    );
  });
});

describe("sensitive values", () => {
  it("never appear in the markdown or the JSON report", async () => {
    const report = buildPlanReport(await twoStacks(), { environment: "pr-42", crons: ["cleanup"] });
    const markdown = renderPlanMarkdown(report);
    const json = JSON.stringify(report);
    for (const text of [markdown, json]) {
      expect(text).not.toContain("CANARY");
      expect(text).not.toContain("hunter2");
      expect(text).not.toContain("pw-7d1e");
    }
    // The fixture really holds the canaries, so the assertion above can fail.
    expect(readFileSync(fixture("production.json"), "utf8")).toContain("CANARY-re_new_8c3b");
    expect(markdown).toContain("`secret_string` (sensitive)");
    expect(markdown).toContain("`value` (sensitive)");
  });
});
