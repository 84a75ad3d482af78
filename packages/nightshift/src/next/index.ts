import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * Job files whose modules get the name marker: `services/cron|queue|topic/<name>.ts` (the contract
 * and its `.handler.ts`), matched on the path relative to the project root or as an absolute path.
 */
export const JOB_FILE_PATTERN = /(?:^|[\\/])services[\\/](?:cron|queue|topic)[\\/][^\\/]+\.[cm]?[jt]s$/;

/** The subset of `NextConfig` this helper reads and writes, so `nightshift` needs no type dependency on `next`. */
export interface NextConfigLike {
  transpilePackages?: string[];
  outputFileTracingRoot?: string;
  turbopack?: { root?: string; rules?: Record<string, unknown>; [key: string]: unknown };
  webpack?: ((config: WebpackConfigLike, context: unknown) => WebpackConfigLike) | null;
  [key: string]: unknown;
}

interface WebpackConfigLike {
  module?: { rules?: unknown[] };
  [key: string]: unknown;
}

export interface WithNightshiftOptions {
  /**
   * The repository root: where `services/` lives. Job names are read relative to it, and Next.js
   * traces and compiles files up to it.
   * @default the nearest folder at or above the working directory that holds `nightshift.config.ts`
   */
  readonly root?: string;
}

/** The nearest folder at or above `from` holding `nightshift.config.ts`, else `from`. */
export function findProjectRoot(from: string = process.cwd()): string {
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, "nightshift.config.ts"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(from);
    dir = parent;
  }
}

/** Absolute path of the loader file shipped next to this module's package entry. */
function loaderPath(): string {
  const entry = createRequire(path.join(process.cwd(), "package.json")).resolve("nightshift");
  return path.join(path.dirname(entry), "next", "name-marker-loader.cjs");
}

/**
 * Wraps a Next.js config so server code can import job contracts from `services/` and send to them:
 *
 * - adds a loader (Turbopack and webpack) that tells each job module its file name, so
 *   `send(generateReport, …)` finds the queue `generate-report` in `next dev` and `next build`;
 * - transpiles the `nightshift` package (it ships TypeScript sources);
 * - sets `turbopack.root` and `outputFileTracingRoot` to the repository root, so files outside the
 *   app folder (`services/`) compile and are traced into the deployment.
 *
 * @example
 * // apps/web/next.config.ts
 * import { withNightshift } from "nightshift/next";
 * export default withNightshift({ reactStrictMode: true });
 */
export function withNightshift<C extends NextConfigLike>(
  nextConfig: C,
  options: WithNightshiftOptions = {},
): C & Required<Pick<NextConfigLike, "transpilePackages" | "outputFileTracingRoot" | "turbopack" | "webpack">> {
  const root = options.root ?? findProjectRoot();
  const loader = { loader: loaderPath(), options: { root } };
  const userWebpack = nextConfig.webpack;
  return {
    ...nextConfig,
    transpilePackages: [...new Set([...(nextConfig.transpilePackages ?? []), "nightshift"])],
    outputFileTracingRoot: nextConfig.outputFileTracingRoot ?? root,
    turbopack: {
      ...nextConfig.turbopack,
      root: nextConfig.turbopack?.root ?? root,
      rules: {
        ...nextConfig.turbopack?.rules,
        "*.{ts,mts,js,mjs}": { condition: { path: JOB_FILE_PATTERN }, loaders: [loader] },
      },
    },
    webpack(config: WebpackConfigLike, context: unknown) {
      config.module ??= {};
      config.module.rules ??= [];
      config.module.rules.push({ test: JOB_FILE_PATTERN, enforce: "pre", use: [loader] });
      return userWebpack ? userWebpack(config, context) : config;
    },
  };
}
