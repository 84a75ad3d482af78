import { readFile } from "node:fs/promises";
import { defineCommand } from "citty";
import { NightshiftError } from "../../errors";
import { computeCostDelta, parseCostJson } from "../../plan/cost-delta";
import { buildPlanReport, type PlanReport, SAFE_NAME } from "../../plan/plan-report";
import { readPlanFiles } from "../../plan/read-plan-files";
import { renderPlanMarkdown } from "../../plan/render-markdown";
import { UsageError } from "../usage-error";

async function readOptional(file: string | undefined): Promise<string | undefined> {
  if (!file) return undefined;
  try {
    return await readFile(file, "utf8");
  } catch {
    return undefined;
  }
}

/** Cron names from `nightshift list --json` output (`{ "crons": [{ "name" }] }`), or why there are none. */
function cronNamesFromList(text: string | undefined, file: string): { names: string[]; unavailable?: string } {
  if (text === undefined) return { names: [], unavailable: `${file} was not produced` };
  try {
    const data = JSON.parse(text) as { crons?: Array<{ name?: unknown }> };
    return { names: (data.crons ?? []).map((c) => c.name).filter((n): n is string => typeof n === "string") };
  } catch {
    return { names: [], unavailable: `${file} is not JSON (\`nightshift list --json\` failed)` };
  }
}

async function readReport(file: string): Promise<PlanReport> {
  const text = await readOptional(file);
  let data: Partial<PlanReport> | undefined;
  try {
    data = text === undefined ? undefined : (JSON.parse(text) as Partial<PlanReport>);
  } catch {
    data = undefined;
  }
  if (!data || typeof data.summary !== "object" || !Array.isArray(data.stacks) || !Array.isArray(data.risks)) {
    throw new NightshiftError(
      "E_BAD_PLAN",
      `${file}: not a plan report; create it with \`nightshift plan-report <plan.json>... --json > ${file}\`.`,
    );
  }
  return data as PlanReport;
}

function checkPreviewUrl(url: string | undefined): string | undefined {
  if (url === undefined || url === "") return undefined;
  if (!/^https:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[^\s<>()[\]`]*)?$/.test(url)) {
    throw new UsageError(`--preview-url must be an https:// URL without spaces (got ${JSON.stringify(url)}).`);
  }
  return url;
}

export default defineCommand({
  meta: {
    name: "plan-report",
    description:
      "summarize `terraform show -json` plans as the PR comment (markdown) or as JSON: counts, risks, cost delta, preview URL, cron commands",
  },
  args: {
    plans: {
      type: "positional",
      required: false,
      description: "plan JSON files, one per stack; `name=path` names the stack (default: the file name)",
    },
    json: { type: "boolean", description: "print the report as JSON instead of markdown" },
    report: { type: "string", description: "render a report saved with --json instead of reading plans" },
    "cost-before": { type: "string", description: "`nightshift cost --json` output for the base branch" },
    "cost-after": { type: "string", description: "`nightshift cost --json` output for the PR head" },
    "preview-url": { type: "string", description: "the deployed preview URL" },
    env: { type: "string", description: "the PR environment, e.g. pr-42, for the cron commands" },
    crons: { type: "string", description: "comma-separated cron names for the run commands" },
    list: { type: "string", description: "`nightshift list --json` output to take cron names from" },
    failed: { type: "string", description: "comma-separated stacks whose plan failed, to flag in the comment" },
    skipped: {
      type: "string",
      description: "comma-separated stacks not planned on purpose (no read-only plan role), to note in the comment",
    },
  },
  async run({ args }) {
    const files = (args._ as string[]).filter((a) => a !== "");
    const env = args.env || undefined;
    if (env !== undefined && !SAFE_NAME.test(env)) {
      throw new UsageError(`--env must be an environment name like pr-42 (got ${JSON.stringify(env)}).`);
    }
    const previewUrl = checkPreviewUrl(args["preview-url"]);
    let report: PlanReport;
    if (args.report) {
      if (files.length > 0) throw new UsageError("give either plan files or --report, not both.");
      report = await readReport(args.report);
      if (previewUrl) report = { ...report, previewUrl };
    } else {
      if (files.length === 0) {
        throw new UsageError(
          "no plan files given. Usage: nightshift plan-report <plan.json>... [--json] (make each with `terraform show -json tfplan > plan.json`).",
        );
      }
      const stacks = await readPlanFiles(files);
      const listed = args.list ? cronNamesFromList(await readOptional(args.list), args.list) : { names: [] };
      const crons = [...(args.crons ? args.crons.split(",").map((c) => c.trim()) : []), ...listed.names];
      const costGiven = args["cost-before"] || args["cost-after"];
      const cost = costGiven
        ? computeCostDelta(
            parseCostJson(await readOptional(args["cost-before"]), args["cost-before"] || "--cost-before"),
            parseCostJson(await readOptional(args["cost-after"]), args["cost-after"] || "--cost-after"),
          )
        : undefined;
      const stackList = (value: string | undefined) =>
        value
          ? value
              .split(",")
              .map((name) => name.trim())
              .filter(Boolean)
          : [];
      const failedStacks = stackList(args.failed);
      const skippedStacks = stackList(args.skipped);
      report = buildPlanReport(stacks, {
        environment: env,
        cost,
        previewUrl,
        crons,
        failedStacks,
        skippedStacks,
        cronsUnavailable: listed.unavailable,
      });
    }
    process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : renderPlanMarkdown(report));
  },
});
