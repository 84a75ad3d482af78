import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { NightshiftError } from "../errors";
import { type ParsedNightshiftConfig, parseConfig } from "./parse-config";

/** The settings file's name, at the project root. */
export const CONFIG_FILE = "nightshift.config.ts";

export interface LoadConfigOptions {
  /** Imports a module; defaults to dynamic `import()`, which needs a TypeScript loader (tsx, vitest). */
  importModule?: (absolutePath: string) => Promise<Record<string, unknown>>;
}

/** Imports `<root>/nightshift.config.ts`, checks it and applies the defaults. */
export async function loadConfig(root: string, options: LoadConfigOptions = {}): Promise<ParsedNightshiftConfig> {
  const file = path.join(root, CONFIG_FILE);
  if (!existsSync(file)) {
    throw new NightshiftError(
      "E_CONFIG",
      `${CONFIG_FILE} was not found in ${root}; create it with \`export default defineConfig({ app, stateBucket, github, vercel })\` from "nightshift".`,
    );
  }
  const importModule = options.importModule ?? ((absolute: string) => import(pathToFileURL(absolute).href));
  let module: Record<string, unknown>;
  try {
    module = await importModule(file);
  } catch (error) {
    throw new NightshiftError(
      "E_CONFIG",
      `${CONFIG_FILE}: failed to load: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  return parseConfig(module.default, CONFIG_FILE);
}
