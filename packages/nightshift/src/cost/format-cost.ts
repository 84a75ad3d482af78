import type { CostReport } from "./estimate";

/** `$0.1460`: four decimals below a dollar, cents above. */
export function formatUsd(usd: number): string {
  return usd < 1 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

const count = (n: number): string => Math.round(n).toLocaleString("en-US");

/** Aligns columns: numbers to the right, the columns in `left` to the left. */
function table(rows: string[][], left: readonly number[] = [0]): string[] {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows.map((row) =>
    row
      .map((cell, column) =>
        left.includes(column) ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join("  ")
      .trimEnd(),
  );
}

/** The estimate as a plain-text report: jobs, fixed costs, total, free tier, assumptions. */
export function formatCostReport(report: CostReport): string {
  const lines: string[] = [];
  lines.push(`Monthly estimate for ${report.environment} (${report.region}, prices as of ${report.pricesAsOf}, USD)`);
  lines.push("");
  if (report.items.length === 0) {
    lines.push("No jobs: add a file under services/cron/ or services/queue/.");
  } else {
    const rows = [["job", "kind", "runs/month", "compute", "requests", "scheduler", "sqs", "sns", "total"]];
    for (const item of report.items) {
      rows.push([
        item.name,
        item.kind,
        count(item.invocationsPerMonth),
        formatUsd(item.computeUsd),
        formatUsd(item.requestsUsd),
        formatUsd(item.schedulerUsd),
        formatUsd(item.sqsUsd),
        formatUsd(item.snsUsd),
        formatUsd(item.totalUsd),
      ]);
    }
    lines.push(...table(rows).map((line) => `  ${line}`));
    for (const item of report.items) {
      for (const note of item.notes) lines.push(`  ${item.name}: ${note}`);
    }
  }
  if (report.fixed.length > 0) {
    lines.push("");
    lines.push(
      ...table(
        report.fixed.map((f) => [f.name, formatUsd(f.usd), f.note]),
        [0, 2],
      ).map((line) => `  ${line}`),
    );
  }
  lines.push("");
  lines.push(`Total: ${formatUsd(report.totalUsd)} per month`);
  lines.push("");
  lines.push(
    `Free tier (per account, shared by all environments; not subtracted above): up to ${formatUsd(report.freeTier.usd)}`,
  );
  for (const line of report.freeTier.lines) {
    lines.push(`  ${line.name}: ${count(line.used)} used of ${count(line.free)} free (${formatUsd(line.usd)})`);
  }
  lines.push("");
  lines.push("Assumptions:");
  for (const assumption of report.assumptions) lines.push(`  - ${assumption}`);
  return `${lines.join("\n")}\n`;
}
