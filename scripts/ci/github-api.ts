/** Where and as whom the CI programs call the GitHub REST API. */
export interface GitHubApi {
  /** `GITHUB_API_URL` in Actions, e.g. https://api.github.com. */
  url: string;
  token: string;
  /** `owner/name`. */
  repository: string;
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

/** Reads the API settings Actions provides; names the missing variable otherwise. */
export function githubApiFromEnv(env: NodeJS.ProcessEnv = process.env): GitHubApi {
  const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
  const repository = env.GITHUB_REPOSITORY;
  if (!token)
    throw new Error(
      "GITHUB_TOKEN is not set; give the step `env: GITHUB_TOKEN` set to the workflow token (github.token).",
    );
  if (!repository || !/^[\w.-]+\/[\w.-]+$/.test(repository)) {
    throw new Error(`GITHUB_REPOSITORY must be owner/name (got ${JSON.stringify(repository ?? "")}).`);
  }
  return { url: (env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/$/, ""), token, repository };
}

/** One REST call. Throws with the method, path, status and GitHub's message (never the token). */
export async function githubRequest<T>(api: GitHubApi, method: string, path: string, body?: unknown): Promise<T> {
  const doFetch = api.fetch ?? fetch;
  const response = await doFetch(`${api.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${api.token}`,
      accept: "application/vnd.github+json",
      "x-github-api-version": "2022-11-28",
      "user-agent": "nightshift-ci",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    let message = text.slice(0, 300);
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      // keep the raw text
    }
    const error = new Error(`GitHub API ${method} ${path} failed with ${response.status}: ${message}`);
    (error as Error & { status: number }).status = response.status;
    throw error;
  }
  return (text === "" ? undefined : JSON.parse(text)) as T;
}
