import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { type GitHubApi, githubApiFromEnv, githubRequest } from "./github-api";

/** The hidden line that marks the pipeline's one plan comment (kept equal to plan-report's marker). */
export const DEFAULT_MARKER = "<!-- nightshift-plan -->";
/** Only comments by this account are updated, so a look-alike comment by someone else is ignored. */
export const DEFAULT_AUTHOR = "github-actions[bot]";

export interface UpsertOptions {
  pr: number;
  body: string;
  marker?: string;
  author?: string;
}

interface IssueComment {
  id: number;
  body?: string;
  user?: { login?: string } | null;
}

/**
 * Creates the PR's sticky comment, or updates it in place: the oldest comment by `author` whose body
 * contains `marker`. The body always carries the marker, so the next run finds it.
 */
export async function upsertPrComment(
  api: GitHubApi,
  options: UpsertOptions,
): Promise<{ action: "created" | "updated"; id: number }> {
  const marker = options.marker ?? DEFAULT_MARKER;
  const author = options.author ?? DEFAULT_AUTHOR;
  const body = options.body.includes(marker) ? options.body : `${marker}\n${options.body}`;
  const base = `/repos/${api.repository}/issues/${options.pr}/comments`;
  for (let page = 1; ; page += 1) {
    const comments = await githubRequest<IssueComment[]>(api, "GET", `${base}?per_page=100&page=${page}`);
    const mine = comments.find((c) => c.user?.login === author && (c.body ?? "").includes(marker));
    if (mine) {
      await githubRequest(api, "PATCH", `/repos/${api.repository}/issues/comments/${mine.id}`, { body });
      return { action: "updated", id: mine.id };
    }
    if (comments.length < 100) break;
  }
  const created = await githubRequest<IssueComment>(api, "POST", base, { body });
  return { action: "created", id: created.id };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pr: { type: "string" },
      "body-file": { type: "string" },
      marker: { type: "string" },
      author: { type: "string" },
    },
  });
  const pr = Number(values.pr);
  if (!Number.isInteger(pr) || pr <= 0)
    throw new Error(`--pr must be a pull request number (got ${JSON.stringify(values.pr ?? "")}).`);
  if (!values["body-file"]) throw new Error("--body-file is required: the markdown to post.");
  const body = await readFile(values["body-file"], "utf8");
  const result = await upsertPrComment(githubApiFromEnv(), { pr, body, marker: values.marker, author: values.author });
  process.stdout.write(`${result.action} comment ${result.id} on #${pr}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`upsert-pr-comment: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
