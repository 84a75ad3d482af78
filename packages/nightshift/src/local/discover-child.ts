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
// The parent handles Ctrl-C (it reaches the whole foreground process group).
process.on("SIGINT", () => {});
try {
  let app = "local";
  let region: string = CONFIG_DEFAULTS.region;
  if (existsSync(path.join(root, CONFIG_FILE))) {
    const config = await loadConfig(root);
    app = config.app;
    region = config.region;
  }
  const project = await discoverProject(root, { loadHandlers: true });
  process.send?.({ ok: true, project: toLocalProject(project, app, region) });
} catch (error) {
  process.send?.({
    ok: false,
    code: isNightshiftError(error) ? error.code : undefined,
    message: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
}
process.disconnect?.();
