import { NightshiftError } from "../errors";

/** Vercel's REST API. */
export const VERCEL_API_URL = "https://api.vercel.com";
/** Env var with a Vercel access token (read-only use: listing the project's variables). */
export const VERCEL_TOKEN_ENV = "VERCEL_TOKEN";
/** Env var overriding the API's address (a test server). */
export const VERCEL_API_URL_ENV = "NIGHTSHIFT_VERCEL_API_URL";

/** One project variable as Vercel lists it, without its value (which is dropped on arrival). */
export interface VercelVariableInfo {
  readonly key: string;
  /** `production`, `preview`, `development`. */
  readonly target: readonly string[];
  /** Set for branch-scoped preview variables. */
  readonly gitBranch?: string;
  /** `sensitive`, `encrypted`, `plain`, `system`… */
  readonly type: string;
  /** When the variable was last written (ms since the epoch). */
  readonly updatedAt?: number;
}

export interface VercelApiOptions {
  readonly token: string;
  /** Team slug from `nightshift.config.ts`. */
  readonly team: string;
  /** Project name or id. */
  readonly project: string;
  /** @default VERCEL_API_URL */
  readonly baseUrl?: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/**
 * Lists the project's environment variables (`GET /v9/projects/{project}/env`), keeping only
 * names, targets, branches, types and dates. Values are never requested (`decrypt` is not set) and
 * whatever value the response carries is discarded, so none can reach the output.
 */
export async function listVercelVariables(options: VercelApiOptions): Promise<VercelVariableInfo[]> {
  const base = (options.baseUrl ?? VERCEL_API_URL).replace(/\/$/, "");
  const url = `${base}/v9/projects/${encodeURIComponent(options.project)}/env?slug=${encodeURIComponent(options.team)}`;
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, { headers: { authorization: `Bearer ${options.token}` } });
  } catch (error) {
    throw new NightshiftError(
      "E_VERCEL",
      `could not reach the Vercel API at ${base} (${(error as Error).message}); check the network, or set ${VERCEL_API_URL_ENV}.`,
      { cause: error },
    );
  }
  const where = `project "${options.project}" of team "${options.team}"`;
  if (response.status === 401 || response.status === 403) {
    throw new NightshiftError(
      "E_ACCESS_DENIED",
      `Vercel refused ${VERCEL_TOKEN_ENV} for ${where} (HTTP ${response.status}); create a token with access to the team at vercel.com/account/tokens and set ${VERCEL_TOKEN_ENV}.`,
    );
  }
  if (response.status === 404) {
    throw new NightshiftError(
      "E_NOT_DEPLOYED",
      `Vercel has no ${where} (HTTP 404); check vercel.team and vercel.project in nightshift.config.ts, or deploy production, which creates the project.`,
    );
  }
  if (!response.ok) {
    throw new NightshiftError(
      "E_VERCEL",
      `listing the variables of Vercel ${where} failed with HTTP ${response.status}.`,
    );
  }
  const body = (await response.json()) as { envs?: unknown };
  if (!Array.isArray(body.envs)) {
    throw new NightshiftError(
      "E_VERCEL",
      `Vercel's answer for ${where} has no "envs" list; is ${base} the Vercel API?`,
    );
  }
  return body.envs.flatMap((entry): VercelVariableInfo[] => {
    const env = entry as Record<string, unknown>;
    if (typeof env.key !== "string") return [];
    const target = Array.isArray(env.target)
      ? env.target.map(String)
      : typeof env.target === "string"
        ? [env.target]
        : [];
    return [
      {
        key: env.key,
        target,
        type: typeof env.type === "string" ? env.type : "unknown",
        ...(typeof env.gitBranch === "string" && env.gitBranch ? { gitBranch: env.gitBranch } : {}),
        ...(typeof env.updatedAt === "number" ? { updatedAt: env.updatedAt } : {}),
      },
    ];
  });
}
