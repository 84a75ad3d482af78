import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { computeCostDelta, parseCostJson } from "../../src/plan/cost-delta";
import type { PlanJson, PlanResourceChange } from "../../src/plan/plan-json";
import { buildPlanReport } from "../../src/plan/plan-report";
import { readPlanFiles } from "../../src/plan/read-plan-files";
import { GITHUB_COMMENT_LIMIT, PLAN_COMMENT_MARKER, renderPlanMarkdown } from "../../src/plan/render-markdown";

const fixture = (name: string) => join(import.meta.dirname, "fixtures", name);

function queue(i: number, actions: string[]): PlanResourceChange {
  const name = `queue_job-number-${String(i).padStart(5, "0")}-with-a-rather-long-descriptive-name_queue_ABCDEF12`;
  return {
    address: `aws_sqs_queue.${name}`,
    mode: "managed",
    type: "aws_sqs_queue",
    name,
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: { actions, before: null, after: { name: `app-pr-9-job-${i}` }, after_unknown: { arn: true } },
  };
}

function bigPlan(count: number, actions: string[]): PlanJson {
  return {
    format_version: "1.2",
    terraform_version: "1.16.5",
    resource_changes: Array.from({ length: count }, (_, i) => queue(i, actions)),
  };
}

describe("renderPlanMarkdown", () => {
  it("renders counts, risks, cost, preview, cron commands and changes under one marker", async () => {
    const stacks = await readPlanFiles([fixture("pr-42.json"), fixture("production.json"), fixture("no-changes.json")]);
    const cost = computeCostDelta(
      parseCostJson(
        await import("node:fs/promises").then((fs) => fs.readFile(fixture("cost-before.json"), "utf8")),
        "before",
      ),
      parseCostJson(
        await import("node:fs/promises").then((fs) => fs.readFile(fixture("cost-after.json"), "utf8")),
        "after",
      ),
    );
    const report = buildPlanReport(stacks, {
      environment: "pr-42",
      cost,
      previewUrl: "https://wordmon-git-feature-words-acme.vercel.app",
      crons: ["cleanup", "daily-digest"],
    });
    const markdown = renderPlanMarkdown(report);
    expect(markdown.startsWith(`${PLAN_COMMENT_MARKER}\n`)).toBe(true);
    expect(markdown).toMatchInlineSnapshot(`
      "<!-- nightshift-plan -->
      ## Nightshift plan for \`pr-42\`

      | stack | create | update | replace | delete | forget |
      |---|---:|---:|---:|---:|---:|
      | \`pr-42\` | 4 | 1 | 1 | 0 | 1 |
      | \`production\` | 0 | 3 | 2 | 2 | 0 |
      | \`no-changes\` | 0 | 0 | 0 | 0 | 0 |

      ### Risks (4)

      - \`pr-42\` \`aws_sns_topic.topic_word-found_3A4B5C6D\`: replaces a topic: publishes fail and subscriptions are dropped until it exists again
      - \`production\` \`aws_db_instance.database_instance_7C2E1A90\`: replaces a database instance: its data is lost unless restored from a snapshot
      - \`production\` \`aws_iam_role.github_deploy_role_4B1D22F0\`: changes an IAM role's trust policy (assume_role_policy): check who can assume it
      - \`production\` \`aws_sqs_queue.queue_send-email_queue_2A7F9B04\`: deletes a queue: messages still in it are lost

      ### Monthly cost estimate

      $2.55 → $4.86 per month (**+$2.30**)

      | line | before | after | change |
      |---|---:|---:|---:|
      | \`fixed: database storage\` | $2.30 | $4.60 | +$2.30 |
      | \`daily-digest\` | $0.00 | $0.0005 | +$0.0005 |

      ### Preview

      https://wordmon-git-feature-words-acme.vercel.app

      Run a cron in \`pr-42\`:

      \`\`\`sh
      npx nightshift run cleanup --env pr-42
      npx nightshift run daily-digest --env pr-42
      \`\`\`

      ### Changes

      <details><summary><b>pr-42</b>: 4 to create, 1 to update, 1 to replace, 1 to forget</summary>

      | action | resource | details |
      |---|---|---|
      | replace | \`aws_sns_topic.topic_word-found_3A4B5C6D\` | tainted; \`arn\` (known after apply), \`id\` (known after apply) |
      | forget | \`aws_cloudwatch_log_group.legacy_logs\` | removed from state only: the object stays in the account, unmanaged |
      | update | \`aws_scheduler_schedule.cron_cleanup_schedule_2C3D4E5F\` | \`schedule_expression\` |
      | create | \`aws_iam_role.cron_cleanup_role_3E4F5A6B\` |  |
      | create | \`aws_lambda_function.cron_cleanup_function_8A9B0C1D\` |  |
      | create | \`aws_lambda_invocation.database_provision_5F6A7B8C\` |  |
      | create | \`vercel_project_environment_variable.preview_env["DATABASE_URL"]\` |  |

      </details>

      <details><summary><b>production</b>: 3 to update, 2 to replace, 2 to delete</summary>

      | action | resource | details |
      |---|---|---|
      | replace | \`aws_db_instance.database_instance_7C2E1A90\` | forced by \`db_name\`; cannot be updated in place; \`arn\` (known after apply), \`db_name\`, \`engine_version\` |
      | replace | \`aws_lambda_function.cron_daily-digest_function_0D9A3E11\` | replace_triggered_by; \`arn\` (known after apply), \`memory_size\`, \`qualified_arn\` (known after apply) |
      | delete | \`aws_lambda_function.queue_resize_function_9E3C5A61\` | deposed object \`00f3a2c1\` |
      | delete | \`aws_sqs_queue.queue_send-email_queue_2A7F9B04\` | removed from the configuration |
      | update | \`aws_iam_role.github_deploy_role_4B1D22F0\` | \`assume_role_policy\` |
      | update | \`aws_secretsmanager_secret_version.secret_resend-api-key_version_6F0B7C2D\` | \`secret_string\` (sensitive) |
      | update | \`vercel_project_environment_variable.vercel_env_DATABASE_URL_5D6E7F80\` | \`value\` (sensitive) |

      </details>

      - \`no-changes\`: no changes
      "
    `);
  });

  it("truncates a very large plan under GitHub's limit and says how many resources are left out", () => {
    const report = buildPlanReport([{ name: "pr-9", file: "pr-9.json", plan: bigPlan(6000, ["create"]) }], {
      environment: "pr-9",
    });
    const markdown = renderPlanMarkdown(report);
    expect(Buffer.byteLength(markdown, "utf8")).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const shown = markdown.split("\n").filter((line) => line.startsWith("| create |")).length;
    expect(shown).toBeGreaterThan(100);
    expect(shown).toBeLessThan(6000);
    expect(markdown).toContain(`**Comment truncated: ${6000 - shown} more resources not shown.**`);
    expect(markdown.trimEnd().endsWith("lists every change.")).toBe(true);
    expect(markdown).toContain("</details>");
  });

  it("truncates risks too when thousands of stateful resources are deleted, keeping the fixed sections", () => {
    const report = buildPlanReport([{ name: "production", file: "p.json", plan: bigPlan(3000, ["delete"]) }], {
      environment: "pr-9",
      crons: ["cleanup"],
      previewUrl: "https://example.vercel.app",
    });
    expect(report.risks).toHaveLength(3000);
    const markdown = renderPlanMarkdown(report);
    expect(Buffer.byteLength(markdown, "utf8")).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const shownRisks = markdown.split("\n").filter((line) => line.startsWith("- `production` `aws_sqs_queue.")).length;
    expect(markdown).toContain(`truncated: 3000 more resources and ${3000 - shownRisks} more risks not shown.`);
    expect(markdown).toContain("https://example.vercel.app");
    expect(markdown).toContain("npx nightshift run cleanup --env pr-9");
    expect(markdown).toContain("### Monthly cost estimate");
  });

  it("respects a smaller limit", () => {
    const report = buildPlanReport([{ name: "pr-9", file: "pr-9.json", plan: bigPlan(500, ["update"]) }]);
    const markdown = renderPlanMarkdown(report, { maxBytes: 8000 });
    expect(Buffer.byteLength(markdown, "utf8")).toBeLessThanOrEqual(8000);
    expect(markdown).toMatch(/Comment truncated: \d+ more resources not shown/);
  });

  it("does not truncate a plan that fits", () => {
    const report = buildPlanReport([{ name: "pr-9", file: "pr-9.json", plan: bigPlan(20, ["create"]) }]);
    const markdown = renderPlanMarkdown(report);
    expect(markdown).not.toContain("truncated");
    expect(markdown.split("\n").filter((line) => line.startsWith("| create |"))).toHaveLength(20);
  });

  it("escapes table-breaking characters in addresses", () => {
    const plan = bigPlan(1, ["create"]);
    plan.resource_changes[0]!.address = 'aws_sqs_queue.q["a|b`c"]';
    const markdown = renderPlanMarkdown(buildPlanReport([{ name: "pr-1", file: "f", plan }]));
    expect(markdown).toContain('| create | `aws_sqs_queue.q["a\\|b\'c"]` |  |');
  });
});

describe("cost delta", () => {
  it("explains a missing or broken estimate instead of failing", () => {
    const after = parseCostJson('{"totalUsd": 3}', "cost-after.json");
    expect(computeCostDelta(parseCostJson("", "cost-before.json"), after)).toEqual({
      available: false,
      reason: "cost-before.json is empty (`nightshift cost --json` printed nothing)",
    });
    expect(computeCostDelta(parseCostJson("nightshift: unknown command", "cost-before.json"), after)).toEqual({
      available: false,
      reason: "cost-before.json is not JSON (`nightshift cost --json` failed)",
    });
    expect(computeCostDelta(parseCostJson(undefined, "cost-before.json"), after)).toEqual({
      available: false,
      reason: "cost-before.json was not produced",
    });
  });

  it("subtracts per line and in total", () => {
    const delta = computeCostDelta(
      parseCostJson('{"totalUsd":1,"items":[{"name":"a","totalUsd":1}],"fixed":[]}', "b"),
      parseCostJson(
        '{"totalUsd":1.5,"items":[{"name":"a","totalUsd":1},{"name":"b","totalUsd":0.2}],"fixed":[{"name":"db","usd":0.3}]}',
        "a",
      ),
    );
    expect(delta).toEqual({
      available: true,
      beforeUsd: 1,
      afterUsd: 1.5,
      deltaUsd: 0.5,
      lines: [
        { name: "fixed: db", beforeUsd: 0, afterUsd: 0.3, deltaUsd: 0.3 },
        { name: "b", beforeUsd: 0, afterUsd: 0.2, deltaUsd: 0.2 },
      ],
    });
  });
});
