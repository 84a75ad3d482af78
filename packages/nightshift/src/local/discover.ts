import { fork } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { NightshiftError, type NightshiftErrorCode } from "../errors";
import type { LocalProject } from "./local-project";
import { packageFile } from "./package-file";

const CHILD = fileURLToPath(new URL("./discover-child.ts", import.meta.url));

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
    });
    let stderr = "";
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    let answer: Answer | undefined;
    child.on("message", (message: Answer) => {
      answer = message;
    });
    child.on("close", (code) => {
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
