import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Plugin } from "esbuild";

const JOB_FILE = /[\\/]services[\\/](cron|queue|topic)[\\/][^\\/]+\.[cm]?[jt]s$/;

/**
 * Job modules learn their own file name at run time from a marker statement the bundler wraps
 * around their body (a bundled stack trace no longer shows file names). The marker is set before
 * the module's body runs and cleared after it, so only that module's definition call sees it.
 */
export function nameMarkerPlugin(root: string): Plugin {
  return {
    name: "nightshift-job-names",
    setup(build) {
      build.onLoad({ filter: JOB_FILE }, async (args) => {
        const source = await readFile(args.path, "utf8");
        const relative = path.relative(root, args.path).split(path.sep).join("/");
        const key = 'globalThis[Symbol.for("nightshift.definingFile")]';
        return {
          contents: `${key} = ${JSON.stringify(relative)};\n${source}\n;${key} = undefined;\n`,
          loader: args.path.endsWith("ts") ? "ts" : "js",
          resolveDir: path.dirname(args.path),
        };
      });
    },
  };
}
