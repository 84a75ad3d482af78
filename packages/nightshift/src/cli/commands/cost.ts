import { existsSync } from "node:fs";
import path from "node:path";
import { defineCommand } from "citty";
import { CONFIG_FILE, loadConfig } from "../../config/load-config";
import { type CostReport, estimateCost } from "../../cost/estimate";
import { formatCostReport } from "../../cost/format-cost";
import { loadPriceOverride } from "../../cost/price-override";
import { discoverProject } from "../../discovery/discover";
import { NightshiftError, show } from "../../errors";
import { findRunningEnvironment, noRunningEnvironment } from "../../local/running";
import { checkEnvironmentName } from "../../ops/environment-name";
import { measuredDurations } from "../../ops/measured-durations";
import { type OpsIo, processIo } from "../../ops/ops-io";
import { localTarget } from "../../ops/target";
import { findProjectRoot } from "../project-root";

export interface CostArgs {
  readonly env?: string;
  readonly json?: boolean;
  readonly prices?: string;
  readonly from?: string;
  readonly measured?: boolean;
}

/** Builds the estimate `nightshift cost` prints. */
export async function computeCost(args: CostArgs, io: OpsIo): Promise<CostReport> {
  const root = findProjectRoot(io.cwd);
  const environment = checkEnvironmentName(args.env ?? "production");
  const from = args.from === undefined ? new Date(io.now()) : new Date(args.from);
  if (Number.isNaN(from.getTime())) {
    throw new NightshiftError(
      "E_USAGE",
      `--from must be an ISO date such as 2027-01-01T00:00:00Z (got ${show(args.from)}).`,
    );
  }
  const project = await discoverProject(root);
  const config = existsSync(path.join(root, CONFIG_FILE)) ? await loadConfig(root) : undefined;
  const pricing = args.prices ? await loadPriceOverride(path.resolve(io.cwd, args.prices), args.prices) : undefined;
  let measuredSeconds: Record<string, number> | undefined;
  if (args.measured) {
    const state = await findRunningEnvironment(root);
    if (!state) throw noRunningEnvironment("cost --measured");
    measuredSeconds = await measuredDurations(localTarget(root, state));
  }
  return estimateCost(project, {
    environment,
    from,
    ...(measuredSeconds ? { measuredSeconds } : {}),
    ...(config ? { config } : {}),
    ...(pricing ? { prices: pricing.prices, assumptions: pricing.assumptions } : {}),
  });
}

/** `nightshift cost`: prints the estimate as text, or as JSON with `--json`. */
export async function runCost(args: CostArgs, io: OpsIo): Promise<number> {
  const report = await computeCost(args, io);
  io.stdout(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatCostReport(report));
  return 0;
}

export default defineCommand({
  meta: {
    name: "cost",
    description: "Estimate one environment's monthly AWS bill from the job definitions (us-east-1 list prices).",
  },
  args: {
    env: {
      type: "string",
      description: "Environment to estimate: production, preview, pr-<N>… (default: production).",
    },
    json: {
      type: "boolean",
      description: "Print { environment, currency, pricesAsOf, items: [...], fixed: [...], totalUsd } as JSON.",
    },
    prices: {
      type: "string",
      description: 'JSON file overriding entries of the price table (same shape, plus "assumptions").',
    },
    from: { type: "string", description: "Start of the 730-hour month schedules are counted over (default: now)." },
    measured: {
      type: "boolean",
      description: "Use the run times measured by the running local environment instead of expectedDuration.",
    },
  },
  async run({ args }) {
    process.exitCode = await runCost(args, processIo());
  },
});
