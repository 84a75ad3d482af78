import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A variable as the Vercel API returns it, value included (the client must drop it). */
export interface ServedVariable {
  key: string;
  target: string[];
  gitBranch?: string;
  type: "sensitive" | "encrypted" | "plain";
  value: string;
  updatedAt: number;
}

export interface VercelApiServer {
  /** `NIGHTSHIFT_VERCEL_API_URL`. */
  readonly url: string;
  readonly variables: ServedVariable[];
  /** Request paths with their query, and whether the bearer token matched. */
  readonly requests: { path: string; authorized: boolean }[];
  stop(): Promise<void>;
}

/**
 * A stand-in for the Vercel REST API's `GET /v9/projects/{idOrName}/env?slug=<team>`: answers 401
 * without the expected bearer token, 404 for another project or team, and `{ envs }` otherwise.
 */
export async function startVercelApiServer(options: {
  token: string;
  team: string;
  project: string;
  variables?: ServedVariable[];
}): Promise<VercelApiServer> {
  const variables = options.variables ?? [];
  const requests: { path: string; authorized: boolean }[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const authorized = req.headers.authorization === `Bearer ${options.token}`;
    requests.push({ path: `${url.pathname}${url.search}`, authorized });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (!authorized) return send(401, { error: { code: "forbidden", message: "Not authorized" } });
    const match = /^\/v9\/projects\/([^/]+)\/env$/.exec(url.pathname);
    if (!match || decodeURIComponent(match[1]!) !== options.project || url.searchParams.get("slug") !== options.team) {
      return send(404, { error: { code: "not_found", message: "Project not found" } });
    }
    return send(200, {
      envs: variables.map((v, index) => ({
        id: `env_${index}`,
        ...v,
        createdAt: v.updatedAt,
        configurationId: null,
      })),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    variables,
    requests,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
