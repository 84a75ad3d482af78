import { existsSync } from "node:fs";
import path from "node:path";
import { NightshiftError } from "../errors";

/** The nearest folder at or above `from` that holds `services/` or `nightshift.config.ts`. */
export function findProjectRoot(from: string = process.cwd()): string {
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, "nightshift.config.ts")) || existsSync(path.join(dir, "services"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new NightshiftError(
        "E_CONFIG",
        `no Nightshift project found at or above ${from}: expected a services/ folder or nightshift.config.ts. Run the command inside the project.`,
      );
    }
    dir = parent;
  }
}
