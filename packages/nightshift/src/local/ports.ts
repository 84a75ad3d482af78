import { createServer } from "node:net";
import { NightshiftError } from "../errors";

/** A port the OS reports free on 127.0.0.1 right now. */
export function findFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** What a fixed port is for, so a clash can say what to change. */
export interface PortOwner {
  /** e.g. "the dashboard" */
  readonly service: string;
  /** The env var that moves it, e.g. `NIGHTSHIFT_DASHBOARD_PORT`. */
  readonly envVar: string;
}

/**
 * Resolves when `port` can be bound on `host`, or throws `E_PORT_IN_USE` naming the port, the
 * service and the env var that moves it.
 */
export function ensurePortFree(port: number, owner: PortOwner, host = "127.0.0.1"): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(error.code === "EADDRINUSE" || error.code === "EACCES" ? portInUse(port, owner, error) : error);
    });
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

export function portInUse(port: number, owner: PortOwner, cause?: unknown): NightshiftError {
  return new NightshiftError(
    "E_PORT_IN_USE",
    `Port ${port} for ${owner.service} is already in use (another \`nightshift dev\` or another program holds it). Stop that program, or choose another port: ${owner.envVar}=<port> npm run dev.`,
    { cause },
  );
}

/**
 * Reads a port from an env var: unset or empty gives `fallback`; anything but an integer 1–65535
 * throws `E_CONFIG`.
 */
export function portFromEnv(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new NightshiftError(
      "E_CONFIG",
      `${name} must be a port number 1–65535 (got ${JSON.stringify(raw)}); unset it to use ${fallback}.`,
    );
  }
  return port;
}
