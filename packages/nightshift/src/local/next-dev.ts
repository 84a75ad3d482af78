import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { ensurePortFree } from "./ports";

export interface NextDevServer {
  readonly port: number;
  readonly url: string;
  readonly pid?: number;
  stop(): Promise<void>;
}

function findNextBin(from: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, "node_modules", "next", "dist", "bin", "next");
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Runs `next dev` for `<root>/apps/web` on 127.0.0.1:`port` with the local endpoints in its env.
 * Returns undefined when the project has no `apps/web`. It runs in its own process group, so
 * stopping it also stops the workers Next.js starts.
 */
export async function startNextDev(options: {
  root: string;
  port: number;
  env: Record<string, string | undefined>;
  print: (line: string) => void;
}): Promise<NextDevServer | undefined> {
  const webDir = path.join(options.root, "apps", "web");
  if (!existsSync(path.join(webDir, "package.json"))) return undefined;
  await ensurePortFree(options.port, { service: "the Next.js app (apps/web)", envVar: "PORT" });
  const bin = findNextBin(webDir);
  if (!bin) {
    options.print("web   │ next is not installed; run `npm install` to start apps/web");
    return undefined;
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, "dev", "--port", String(options.port), "--hostname", "127.0.0.1"],
    {
      cwd: webDir,
      env: { ...options.env, PORT: String(options.port), NODE_OPTIONS: undefined },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = "";
    stream?.setEncoding("utf8").on("data", (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) options.print(`web   │ ${line}`);
    });
  }
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  return {
    port: options.port,
    url: `http://127.0.0.1:${options.port}`,
    pid: child.pid,
    async stop() {
      signalGroup("SIGTERM");
      const timer = setTimeout(() => signalGroup("SIGKILL"), 5000);
      await closed;
      clearTimeout(timer);
      // Next's own children share the group; make sure none outlives the parent.
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // the group is empty
        }
      }
    },
  };
}
