import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { NightshiftError } from "../errors";

/**
 * Absolute path of `relative` inside the installed package `name`, found by walking up from this
 * file through `node_modules` folders (some packages export no subpath the environment needs).
 */
export function packageFile(name: string, relative: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "node_modules", name, relative);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new NightshiftError(
        "E_CONFIG",
        `The npm package ${name} is not installed (looked for ${name}/${relative}); run \`npm install\` at the repository root.`,
      );
    }
    dir = parent;
  }
}
