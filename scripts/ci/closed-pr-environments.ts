import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { type GitHubApi, githubApiFromEnv, githubRequest } from "./github-api";

/** A `pr-<N>` environment found in the state bucket, with what GitHub says about its PR. */
export interface PrEnvironment {
  pr: number;
  /** The PR's head branch: synth of `pr-<N>` needs it for the branch-scoped Vercel variables. */
  branch: string;
  state: "open" | "closed" | "unknown";
  /** Every state object of the environment (the state file and any leftover lock file). */
  keys: string[];
}

/** State keys are `env/pr-<N>/terraform.tfstate` (plus `.tflock` while a run holds the lock). */
const PR_KEY = /^env\/pr-(\d+)\//;

/**
 * Groups the keys listed by `aws s3api list-objects-v2 --output json` by PR number. The CLI prints
 * nothing (or `null`) for an empty bucket prefix.
 */
export function prKeys(listing: string): Map<number, string[]> {
  const result = new Map<number, string[]>();
  const trimmed = listing.trim();
  if (trimmed === "" || trimmed === "null") return result;
  const data = JSON.parse(trimmed) as { Contents?: Array<{ Key?: string }> } | null;
  for (const entry of data?.Contents ?? []) {
    const match = entry.Key ? PR_KEY.exec(entry.Key) : null;
    if (!match || !entry.Key) continue;
    const pr = Number(match[1]);
    result.set(pr, [...(result.get(pr) ?? []), entry.Key].sort());
  }
  return result;
}

/** Looks up one PR. A PR GitHub does not know (404) is `unknown` and is never destroyed. */
export async function prStatus(api: GitHubApi, pr: number): Promise<{ state: PrEnvironment["state"]; branch: string }> {
  try {
    const data = await githubRequest<{ state: string; head?: { ref?: string } }>(
      api,
      "GET",
      `/repos/${api.repository}/pulls/${pr}`,
    );
    const state = data.state === "open" || data.state === "closed" ? data.state : "unknown";
    return { state, branch: data.head?.ref ?? "" };
  } catch (error) {
    if ((error as { status?: number }).status === 404) return { state: "unknown", branch: "" };
    throw error;
  }
}

/** Every PR environment in the listing, with its PR's state, in PR order. */
export async function findPrEnvironments(api: GitHubApi, listing: string): Promise<PrEnvironment[]> {
  const environments: PrEnvironment[] = [];
  for (const [pr, keys] of [...prKeys(listing)].sort((a, b) => a[0] - b[0])) {
    environments.push({ pr, keys, ...(await prStatus(api, pr)) });
  }
  return environments;
}

/** The job-summary table: what the sweeper found and what it will remove. */
export function sweepSummary(environments: readonly PrEnvironment[]): string {
  if (environments.length === 0) return "### PR environment sweep\n\nNo `pr-*` state in the bucket.\n";
  const rows = environments.map((e) => {
    const verdict = e.state === "closed" ? "destroy" : e.state === "open" ? "keep (PR open)" : "keep (PR not found)";
    return `| pr-${e.pr} | #${e.pr} | ${e.state} | ${verdict} |`;
  });
  return [
    "### PR environment sweep",
    "",
    "| environment | pull request | state | action |",
    "|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}

/**
 * `--listing keys.json`: prints the closed PRs' environments as a JSON array for a job matrix and
 * writes the summary to `--summary`. `--pr N`: prints `{ pr, state, branch }` for one PR, so a destroy
 * job can re-check right before it destroys.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { listing: { type: "string" }, summary: { type: "string" }, pr: { type: "string" } },
  });
  const api = githubApiFromEnv();
  if (values.pr !== undefined) {
    const pr = Number(values.pr);
    if (!Number.isInteger(pr) || pr <= 0)
      throw new Error(`--pr must be a pull request number (got ${JSON.stringify(values.pr)}).`);
    process.stdout.write(`${JSON.stringify({ pr, ...(await prStatus(api, pr)) })}\n`);
    return;
  }
  if (!values.listing)
    throw new Error("--listing is required: the output of `aws s3api list-objects-v2 --output json`.");
  const environments = await findPrEnvironments(api, await readFile(values.listing, "utf8"));
  if (values.summary) {
    const { appendFile } = await import("node:fs/promises");
    await appendFile(values.summary, sweepSummary(environments));
  }
  const closed = environments.filter((e) => e.state === "closed").map(({ pr, branch }) => ({ pr, branch }));
  process.stdout.write(`${JSON.stringify(closed)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`closed-pr-environments: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
