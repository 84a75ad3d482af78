import { CHANGING_KINDS } from "./change-kind";
import type { CostDelta } from "./cost-delta";
import { countChanges, type PlanReport, type PlanSummary, type ReportChange } from "./plan-report";

/** The hidden first line that identifies the one sticky comment the pipeline updates in place. */
export const PLAN_COMMENT_MARKER = "<!-- nightshift-plan -->";

/** GitHub rejects issue and PR comments longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface RenderPlanOptions {
  /**
   * Upper bound for the rendered comment, in UTF-8 bytes (never fewer than characters, so it holds
   * whichever way GitHub counts).
   * @default 65536
   */
  maxBytes?: number;
}

/** Cron commands and cost lines beyond these counts are summarized, so the fixed part stays small. */
const MAX_CRONS = 100;
const MAX_COST_LINES = 10;
/** Room kept for the truncation note and the closing tags. */
const RESERVED_BYTES = 600;

const REASONS: Record<string, string> = {
  replace_because_cannot_update: "cannot be updated in place",
  replace_because_tainted: "tainted",
  replace_by_request: "replacement requested with -replace",
  replace_by_triggers: "replace_triggered_by",
  delete_because_no_resource_config: "removed from the configuration",
  delete_because_wrong_repetition: "count/for_each changed",
  delete_because_count_index: "count index no longer exists",
  delete_because_each_key: "for_each key no longer exists",
  delete_because_no_module: "module removed",
  delete_because_no_move_target: "moved target does not exist",
};

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

/** Text in an inline code span inside a table cell: no backticks, pipes escaped, one line. */
function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\r?\n/g, " ").replace(/\|/g, "\\|")}\``;
}

/** Text inside an HTML element, where markdown code spans do not render. */
function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function usd(value: number): string {
  const abs = Math.abs(value);
  const digits = abs !== 0 && abs < 0.01 ? 4 : 2;
  return `$${abs.toFixed(digits)}`;
}

function signedUsd(value: number): string {
  if (Math.abs(value) < 0.00005) return "±$0.00";
  return `${value > 0 ? "+" : "-"}${usd(value)}`;
}

function summaryText(summary: PlanSummary): string {
  if (countChanges(summary) === 0) return "no changes";
  return CHANGING_KINDS.filter((kind) => summary[kind] > 0)
    .map((kind) => `${summary[kind]} to ${kind}`)
    .join(", ");
}

function renderHead(report: PlanReport): string {
  const showForget = report.summary.forget > 0;
  const columns = showForget ? CHANGING_KINDS : CHANGING_KINDS.filter((kind) => kind !== "forget");
  const title = report.environment ? `## Nightshift plan for ${code(report.environment)}` : "## Nightshift plan";
  const lines = [
    PLAN_COMMENT_MARKER,
    title,
    "",
    `| stack | ${columns.join(" | ")} |`,
    `|---|${"---:|".repeat(columns.length)}`,
  ];
  for (const stack of report.stacks) {
    const flag = stack.errored ? " (plan errored)" : "";
    lines.push(`| ${code(stack.name)}${flag} | ${columns.map((kind) => stack.summary[kind]).join(" | ")} |`);
  }
  for (const name of report.failedStacks ?? []) {
    lines.push(`| ${code(name)} (plan failed) | ${columns.map(() => "?").join(" | ")} |`);
  }
  const skipped = report.skippedStacks ?? [];
  for (const name of skipped) {
    lines.push(`| ${code(name)} (not planned) | ${columns.map(() => "–").join(" | ")} |`);
  }
  if ((report.failedStacks ?? []).length > 0) {
    lines.push("", "A failed plan's changes are not listed here: the workflow log has Terraform's error.");
  }
  if (skipped.length > 0) {
    lines.push(
      "",
      `Not planned: ${skipped.map(code).join(", ")}. The pull-request role cannot read their state; set the \`AWS_PLAN_ROLE_ARN\` repository variable to the read-only plan role (\`github.planRole\` in nightshift.config.ts) to see what merging would change.`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function renderCost(cost: CostDelta): string {
  const lines = ["", "### Monthly cost estimate", ""];
  if (!cost.available) {
    lines.push(`Unavailable: ${cost.reason}.`);
    return `${lines.join("\n")}\n`;
  }
  lines.push(`${usd(cost.beforeUsd)} → ${usd(cost.afterUsd)} per month (**${signedUsd(cost.deltaUsd)}**)`);
  if (cost.lines.length > 0) {
    lines.push("", "| line | before | after | change |", "|---|---:|---:|---:|");
    for (const line of cost.lines.slice(0, MAX_COST_LINES)) {
      lines.push(
        `| ${code(line.name)} | ${usd(line.beforeUsd)} | ${usd(line.afterUsd)} | ${signedUsd(line.deltaUsd)} |`,
      );
    }
    if (cost.lines.length > MAX_COST_LINES)
      lines.push("", `…and ${cost.lines.length - MAX_COST_LINES} smaller changes.`);
  }
  return `${lines.join("\n")}\n`;
}

function renderPreview(report: PlanReport): string {
  const lines = ["", "### Preview", ""];
  lines.push(
    report.previewUrl ? report.previewUrl : "Not deployed yet: the URL appears here once the preview is live.",
  );
  if (report.environment) {
    lines.push("", `Run a cron in ${code(report.environment)}:`, "");
    if (report.crons.length === 0) {
      lines.push(
        report.cronsUnavailable ? `Cron list unavailable: ${report.cronsUnavailable}.` : "This app has no crons.",
      );
    } else {
      lines.push("```sh", ...report.crons.slice(0, MAX_CRONS).map((cron) => cron.command), "```");
      if (report.crons.length > MAX_CRONS) lines.push(`…and ${report.crons.length - MAX_CRONS} more crons.`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function changeDetails(change: ReportChange): string {
  const parts: string[] = [];
  if (change.replacePaths.length > 0) parts.push(`forced by ${change.replacePaths.map(code).join(", ")}`);
  if (change.reason) parts.push(REASONS[change.reason] ?? change.reason);
  if (change.action === "forget") parts.push("removed from state only: the object stays in the account, unmanaged");
  if (change.deposed) parts.push(`deposed object ${code(change.deposed)}`);
  if (change.previousAddress) parts.push(`moved from ${code(change.previousAddress)}`);
  if (change.attributes.length > 0) {
    const names = change.attributes.map((a) => {
      const notes = [a.sensitive ? "sensitive" : "", a.unknown ? "known after apply" : ""].filter(Boolean);
      return notes.length > 0 ? `${code(a.name)} (${notes.join(", ")})` : code(a.name);
    });
    parts.push(names.join(", "));
  }
  return parts.join("; ");
}

/**
 * Renders the sticky PR comment: per-stack counts, risks, cost delta, preview URL and cron commands,
 * then every changed resource. Risks and resources that do not fit under the limit are counted in an
 * explicit "truncated: N more resources" note.
 */
export function renderPlanMarkdown(report: PlanReport, options: RenderPlanOptions = {}): string {
  const maxBytes = options.maxBytes ?? GITHUB_COMMENT_LIMIT;
  const head = renderHead(report);
  const riskHead = `\n### Risks${report.risks.length > 0 ? ` (${report.risks.length})` : ""}\n\n`;
  const middle = renderCost(report.cost) + renderPreview(report);
  const changesHead = "\n### Changes\n\n";
  let room = maxBytes - RESERVED_BYTES - bytes(head) - bytes(riskHead) - bytes(middle) - bytes(changesHead);

  const riskLines: string[] = [];
  let hiddenRisks = 0;
  if (report.risks.length === 0) {
    riskLines.push("None: nothing stateful is deleted or replaced, and no trust policy changes.\n");
  }
  for (const risk of report.risks) {
    const line = `- ${code(risk.stack)} ${code(risk.address)}: ${risk.reason}\n`;
    if (hiddenRisks === 0 && bytes(line) <= room) {
      riskLines.push(line);
      room -= bytes(line);
    } else {
      hiddenRisks += 1;
    }
  }

  const changeParts: string[] = [];
  let hiddenResources = 0;
  for (const stack of report.stacks) {
    if (stack.changes.length === 0) {
      const line = `- ${code(stack.name)}: no changes\n`;
      changeParts.push(line);
      room -= bytes(line);
      continue;
    }
    const open = `<details><summary><b>${html(stack.name)}</b>: ${summaryText(stack.summary)}</summary>\n\n| action | resource | details |\n|---|---|---|\n`;
    const close = "\n</details>\n\n";
    let opened = false;
    for (const change of stack.changes) {
      const row = `| ${change.action} | ${code(change.address)} | ${changeDetails(change)} |\n`;
      const cost = bytes(row) + (opened ? 0 : bytes(open) + bytes(close));
      if (hiddenResources === 0 && cost <= room) {
        if (!opened) changeParts.push(open);
        opened = true;
        changeParts.push(row);
        room -= cost;
      } else {
        hiddenResources += 1;
      }
    }
    if (opened) changeParts.push(close);
  }

  let note = "";
  if (hiddenRisks > 0 || hiddenResources > 0) {
    const counts = [
      hiddenResources > 0 ? `${hiddenResources} more resources` : "",
      hiddenRisks > 0 ? `${hiddenRisks} more risks` : "",
    ].filter(Boolean);
    note = `\n**Comment truncated: ${counts.join(" and ")} not shown.** GitHub comments are limited to ${GITHUB_COMMENT_LIMIT.toLocaleString("en-US")} characters; the \`terraform plan\` output in the workflow run lists every change.\n`;
  }
  return head + riskHead + riskLines.join("") + middle + changesHead + changeParts.join("") + note;
}
