import { fork } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { NightshiftError, type NightshiftErrorCode } from "../errors";
import type { LocalProject } from "./local-project";
import { packageFile } from "./package-file";

const CHILD = fileURLToPath(new URL("./discover-child.ts", import.meta.url));

/** How long importing every job file may take. */
const DISCOVERY_TIMEOUT_MS = 60_000;

type Answer =
  | { ok: true; project: LocalProject }
  | { ok: false; code?: NightshiftErrorCode; message: string; stack?: string };

/**
 * Discovers and validates the project in a fresh process (through tsx, like the workers), so edits
 * are always seen. Rejects with the same NightshiftError discovery raised (file, field and fix).
 */
export function discoverLocalProject(
  root: string,
  env: Record<string, string | undefined> = process.env,
): Promise<LocalProject> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [root], {
      cwd: root,
      env: { ...env, NODE_OPTIONS: undefined },
      execArgv: ["--import", pathToFileURL(packageFile("tsx", "dist/loader.mjs")).href],
      stdio: ["ignore", "inherit", "pipe", "ipc"],
      serialization: "advanced",
      detached: true,
    });
    let stderr = "";
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    let answer: Answer | undefined;
    // A job module whose top-level code never finishes would otherwise block start and reload.
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      answer ??= {
        ok: false,
        code: "E_NOT_A_DEFINITION",
        message: `Loading the job files under ${root}/services took longer than ${DISCOVERY_TIMEOUT_MS / 1000} s; a module's top-level code (a top-level await, a connection opened at import) never finishes. Move that work into the handler.`,
      };
    }, DISCOVERY_TIMEOUT_MS);
    child.on("message", (message: Answer) => {
      answer = message;
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (answer?.ok) resolve(answer.project);
      else if (answer) {
        reject(
          answer.code
            ? new NightshiftError(answer.code, answer.message)
            : Object.assign(new Error(answer.message), { stack: answer.stack }),
        );
      } else {
        reject(
          new Error(`Discovering the project in ${root} failed (exit code ${code}): ${stderr.trim() || "no output"}`),
        );
      }
    });
  });
}
