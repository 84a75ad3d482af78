import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const WEB = path.resolve(import.meta.dirname, "..");
const NEXT = createRequire(path.join(WEB, "package.json")).resolve("next/dist/bin/next");
const MARKER = /globalThis\[Symbol\.for\("nightshift\.definingFile"\)\]\s*=\s*"([^"]+)"/g;

async function serverFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".js"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe("apps/web production build", () => {
  it("builds offline, and the server bundle tells each job module its file name", async () => {
    await promisify(execFile)(process.execPath, [NEXT, "build"], {
      cwd: WEB,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      maxBuffer: 16 * 1024 * 1024,
    });

    const marked = new Set<string>();
    for (const file of await serverFiles(path.join(WEB, ".next", "server"))) {
      for (const match of (await readFile(file, "utf8")).matchAll(MARKER)) marked.add(match[1]!);
    }
    // The server action imports the contract; send() reads its name from this marker.
    expect([...marked]).toEqual(["services/queue/generate-report.ts"]);
  }, 240_000);
});
