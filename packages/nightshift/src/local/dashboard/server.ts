import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { isNightshiftError } from "../../errors";
import type { DevEnvironment } from "../environment";
import { portInUse } from "../ports";
import { handleApi } from "./api";

export interface DashboardServer {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

const STATIC: Record<string, { file: string; type: string }> = {
  "/": { file: "static/index.html", type: "text/html; charset=utf-8" },
  "/app.js": { file: "static/app.js", type: "text/javascript; charset=utf-8" },
  "/style.css": { file: "static/style.css", type: "text/css; charset=utf-8" },
  "/fixtures/feed.json": { file: "../fixtures/feed.json", type: "application/json; charset=utf-8" },
};

/** Sends JSON with a status code. */
export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  response.end(body);
}

async function serveStatic(path: string, response: ServerResponse): Promise<boolean> {
  const entry = STATIC[path];
  if (!entry) return false;
  const body = await readFile(new URL(entry.file, import.meta.url));
  response.writeHead(200, { "content-type": entry.type, "cache-control": "no-store" });
  response.end(body);
  return true;
}

/**
 * The dashboard: a static page plus a JSON API over node:http, on 127.0.0.1 only. `backend` is read
 * per request, because the environment finishes starting after the dashboard is listening.
 */
export async function startDashboard(options: {
  port: number;
  pid: number;
  backend: () => DevEnvironment | undefined;
}): Promise<DashboardServer> {
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      try {
        if (url.pathname === "/api/health") {
          const urls = options.backend()?.state.urls;
          return sendJson(response, 200, {
            ok: true,
            pid: options.pid,
            ...(urls ? { smtpUrl: urls.smtp, webUrl: urls.web ?? null } : {}),
          });
        }
        if (request.method === "GET" && (await serveStatic(url.pathname, response))) return;
        const backend = options.backend();
        if (url.pathname.startsWith("/api/") && !backend) {
          return sendJson(response, 503, {
            error: { code: "E_STARTING", message: "The local environment is still starting; try again in a moment." },
          });
        }
        if (backend && url.pathname.startsWith("/api/") && (await handleApi(backend, request, response, url))) return;
        sendJson(response, 404, {
          error: { code: "E_NOT_FOUND", message: `No route for ${request.method} ${url.pathname}.` },
        });
      } catch (error) {
        const status = isNightshiftError(error) ? (error.code === "E_UNKNOWN_JOB" ? 404 : 400) : 500;
        const code = isNightshiftError(error) ? error.code : "E_INTERNAL";
        if (!response.headersSent) sendJson(response, status, { error: { code, message: (error as Error).message } });
        else response.end();
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? portInUse(options.port, { service: "the nightshift dashboard", envVar: "NIGHTSHIFT_DASHBOARD_PORT" }, error)
          : error,
      ),
    );
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
