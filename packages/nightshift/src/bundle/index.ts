import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile, type Plugin } from "esbuild";
import type { Project } from "../discovery/types";
import { NightshiftError } from "../errors";
import { type FunctionEntry, functionEntries, type SystemFunction } from "./entries";
import { nameMarkerPlugin } from "./name-marker";
import { staticCreateRequirePlugin } from "./static-create-require";
import { deterministicZip } from "./zip";

export type { FunctionEntry, SystemFunction } from "./entries";

/** One built Lambda function. */
export interface FunctionBundle {
  readonly name: string;
  readonly kind: "cron" | "queue" | "system";
  /** Absolute path of the zip (`index.mjs` + `index.mjs.map`; handler `index.handler`). */
  readonly zipPath: string;
  /** Base64 SHA-256 of the zip bytes, for Terraform's `source_code_hash`. */
  readonly sha256: string;
  readonly zipBytes: number;
  readonly unzippedBytes: number;
  /** Project-relative paths of every source file in the bundle, sorted. */
  readonly inputs: readonly string[];
  /** Bytes of minified code that come from Nightshift's own runtime (the adapter and helpers). */
  readonly runtimeBytes: number;
}

export interface BundleOptions {
  /** Where zips are written: `<outDir>/<name>.zip`. */
  outDir: string;
  /** Functions that ship with Nightshift itself, bundled in the same pass. */
  system?: readonly SystemFunction[];
  /** @default true */
  minify?: boolean;
}

/**
 * Modules the Lambda Node.js 22 runtime already provides (AWS SDK v3). Bundling them would add
 * megabytes to every function for no gain in cold start.
 */
export const RUNTIME_PROVIDED = ["@aws-sdk/*", "@smithy/*"];

/**
 * Modules the runtime imports only on other platforms: Vercel's OIDC credential exchange is loaded
 * (dynamically) only inside Vercel functions. Leaving it external keeps it out of every Lambda zip.
 */
export const NEVER_IN_LAMBDA = ["@vercel/oidc-aws-credentials-provider"];

/** Code that must never reach a Lambda bundle: the CLI, the local environment, the bundler, infra. */
const NIGHTSHIFT_SRC = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const FORBIDDEN_SOURCE_DIRS = ["cli", "local", "bundle", "discovery"].map(
  (dir) => path.join(NIGHTSHIFT_SRC, dir) + path.sep,
);
const FORBIDDEN_PACKAGES = /(^|\/)node_modules\/(cdktf|constructs|esbuild|@cdktf|@cdktf-providers)\//;

function isTooling(root: string, input: string): boolean {
  const absolute = path.resolve(root, input);
  return (
    FORBIDDEN_SOURCE_DIRS.some((dir) => absolute.startsWith(dir)) ||
    absolute.startsWith(path.join(root, "infra") + path.sep) ||
    FORBIDDEN_PACKAGES.test(input)
  );
}

const ENTRY_NAMESPACE = "nightshift-entry";

/**
 * Builds every function of a project in ONE esbuild pass: ESM, minified, tree-shaken, node22, with
 * linked source maps for `--enable-source-maps`. Zips are byte-identical for identical sources,
 * whatever the checkout path, file times, modes or time zone.
 */
export async function bundleFunctions(project: Project, options: BundleOptions): Promise<FunctionBundle[]> {
  const entries = functionEntries(project, options.system);
  if (entries.length === 0) return [];
  const byName = new Map(entries.map((e) => [e.name, e]));
  const result = await build({
    absWorkingDir: project.root,
    entryPoints: Object.fromEntries(entries.map((e) => [`${e.name}/index`, `${ENTRY_NAMESPACE}:${e.name}`])),
    outdir: path.join(project.root, ".nightshift", "build"),
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: false,
    format: "esm",
    platform: "node",
    target: "node22",
    minify: options.minify ?? true,
    treeShaking: true,
    sourcemap: "linked",
    sourcesContent: false,
    legalComments: "none",
    charset: "utf8",
    external: [...RUNTIME_PROVIDED, ...NEVER_IN_LAMBDA],
    // esbuild adds "import" or "require" per import kind; naming "import" here would send require()
    // calls in CommonJS dependencies (pg-pool, say) to ESM builds that they cannot extend.
    conditions: ["node"],
    // CommonJS dependencies may call require() for Node built-ins; ESM output needs it defined.
    banner: {
      js: 'import{createRequire as __nsCreateRequire}from"node:module";const require=__nsCreateRequire(import.meta.url);',
    },
    metafile: true,
    write: false,
    logLevel: "silent",
    plugins: [entryPlugin(byName, project.root), nameMarkerPlugin(project.root), staticCreateRequirePlugin()],
  }).catch((error: unknown) => {
    throw new NightshiftError("E_CONFIG", `bundling failed:\n${formatBuildError(error)}`, { cause: error });
  });

  await mkdir(options.outDir, { recursive: true });
  const bundles: FunctionBundle[] = [];
  for (const entry of entries) {
    const js = result.outputFiles.find((f) => f.path.endsWith(`${path.sep}${entry.name}${path.sep}index.mjs`));
    const map = result.outputFiles.find((f) => f.path.endsWith(`${path.sep}${entry.name}${path.sep}index.mjs.map`));
    if (!js || !map) throw new NightshiftError("E_CONFIG", `bundling produced no output for ${entry.name}.`);
    const output = bundleOutput(result.metafile, entry.name);
    const inputs = Object.keys(output).sort();
    const forbidden = inputs.filter((input) => isTooling(project.root, input));
    if (forbidden.length > 0) {
      throw new NightshiftError(
        "E_CONFIG",
        `${entry.name}: the Lambda bundle would include tooling code (${forbidden.slice(0, 3).join(", ")}); import runtime APIs from "nightshift" only, never from nightshift/internal/cli, local or infra.`,
      );
    }
    const zip = deterministicZip({ "index.mjs": js.contents, "index.mjs.map": map.contents });
    const zipPath = path.join(options.outDir, `${entry.name}.zip`);
    await writeFile(zipPath, zip);
    bundles.push({
      name: entry.name,
      kind: entry.kind,
      zipPath,
      sha256: createHash("sha256").update(zip).digest("base64"),
      zipBytes: zip.byteLength,
      unzippedBytes: js.contents.byteLength + map.contents.byteLength,
      inputs,
      runtimeBytes: Object.entries(output)
        .filter(([input]) => path.resolve(project.root, input).startsWith(NIGHTSHIFT_SRC + path.sep))
        .reduce((sum, [, info]) => sum + info.bytesInOutput, 0),
    });
  }
  return bundles;
}

function bundleOutput(metafile: Metafile, name: string): Record<string, { bytesInOutput: number }> {
  const output = Object.entries(metafile.outputs).find(([file]) => file.endsWith(`/${name}/index.mjs`));
  return output ? output[1].inputs : {};
}

function entryPlugin(entries: Map<string, FunctionEntry>, root: string): Plugin {
  return {
    name: "nightshift-entries",
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${ENTRY_NAMESPACE}:`) }, (args) => ({
        path: args.path.slice(ENTRY_NAMESPACE.length + 1),
        namespace: ENTRY_NAMESPACE,
      }));
      build.onLoad({ filter: /.*/, namespace: ENTRY_NAMESPACE }, (args) => {
        const entry = entries.get(args.path);
        return entry ? { contents: entry.source, loader: "ts", resolveDir: root } : undefined;
      });
    },
  };
}

function formatBuildError(error: unknown): string {
  const errors = (
    error as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }
  ).errors;
  if (!errors) return error instanceof Error ? error.message : String(error);
  return errors
    .map((e) =>
      e.location ? `  ${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : `  ${e.text}`,
    )
    .join("\n");
}
