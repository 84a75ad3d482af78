/**
 * Entry of the short-lived process that discovers the project for the local environment. Job files
 * are imported here, never in the environment's own process, so every discovery sees the code as it
 * is on disk now (ES modules cannot be unloaded).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { CONFIG_FILE, loadConfig } from "../config/load-config";
import { CONFIG_DEFAULTS } from "../config/parse-config";
import { discoverProject } from "../discovery/discover";
import { isNightshiftError } from "../errors";
import { toLocalProject } from "./local-project";

const root = process.argv[2] as string;
// The parent handles Ctrl-C; without a parent there is nobody to answer.
process.on("SIGINT", () => {});
process.on("disconnect", () => process.exit(0));

/** Answers and exits: a job module that leaves a timer or socket open must not keep this process. */
function reply(message: unknown): void {
  if (!process.send) process.exit(1);
  process.send(message, () => process.exit(0));
}
try {
  let app = "local";
  let region: string = CONFIG_DEFAULTS.region;
  if (existsSync(path.join(root, CONFIG_FILE))) {
    const config = await loadConfig(root);
    app = config.app;
    region = config.region;
  }
  const project = await discoverProject(root, { loadHandlers: true });
  reply({ ok: true, project: toLocalProject(project, app, region) });
} catch (error) {
  reply({
    ok: false,
    code: isNightshiftError(error) ? error.code : undefined,
    message: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
}
