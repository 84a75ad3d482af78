import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src");

/** Inputs and bytes reachable from an entry point through static imports only (what a cold start evaluates). */
function staticClosure(metafile: Metafile, entryPoint: string) {
  const seen = new Set<string>();
  const inputs = new Set<string>();
  const external = new Set<string>();
  const dynamicExternal = new Set<string>();
  let bytes = 0;
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const out = metafile.outputs[file];
    if (!out) return;
    bytes += out.bytes;
    for (const input of Object.keys(out.inputs)) inputs.add(input);
    for (const imported of out.imports) {
      if (imported.external) (imported.kind === "dynamic-import" ? dynamicExternal : external).add(imported.path);
      else if (imported.kind === "import-statement") visit(imported.path);
    }
  };
  const entry = Object.keys(metafile.outputs).find(
    (file) => metafile.outputs[file]?.entryPoint?.endsWith(entryPoint) && file.endsWith(".js"),
  );
  if (!entry) throw new Error(`no output for ${entryPoint}`);
  visit(entry);
  return { inputs: [...inputs], external: [...external], dynamicExternal: [...dynamicExternal], bytes };
}

let metafile: Metafile;

beforeAll(async () => {
  const result = await build({
    entryPoints: { lambda: path.join(src, "runtime/lambda/index.ts"), index: path.join(src, "index.ts") },
    bundle: true,
    splitting: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: "node22",
    write: false,
    outdir: "/virtual",
    // As the function bundler does: the Lambda Node.js runtime ships AWS SDK v3.
    external: ["@aws-sdk/*", "@smithy/*"],
    metafile: true,
    logLevel: "silent",
  });
  metafile = result.metafile;
});

describe("nightshift/lambda entry", () => {
  it("loads neither Postgres nor the AWS SDK at import time", () => {
    const closure = staticClosure(metafile, "runtime/lambda/index.ts");
    expect(closure.inputs.filter((input) => input.includes("node_modules"))).toEqual([]);
    expect(closure.external.filter((name) => !name.startsWith("node:"))).toEqual([]);
    expect(closure.inputs.some((input) => input.endsWith("runtime/lambda/queue.ts"))).toBe(true);
    expect(closure.inputs.some((input) => input.endsWith("runtime/db.ts"))).toBe(false);
    // The adapters' own code stays small (minified, before zipping).
    expect(closure.bytes).toBeLessThan(16_000);
  });

  it("never references the AWS SDK, even lazily", () => {
    const all = Object.values(metafile.outputs)
      .filter((output) => output.entryPoint?.endsWith("runtime/lambda/index.ts"))
      .flatMap((output) => output.imports.map((imported) => imported.path));
    expect(all.filter((p) => p.startsWith("@aws-sdk"))).toEqual([]);
  });
});

describe("nightshift entry (producer)", () => {
  it("imports the AWS SDK clients only when something is sent or a secret is read", () => {
    const closure = staticClosure(metafile, "src/index.ts");
    expect(closure.external.filter((name) => !name.startsWith("node:"))).toEqual([]);
    expect(closure.dynamicExternal.sort()).toEqual([
      "@aws-sdk/client-scheduler",
      "@aws-sdk/client-secrets-manager",
      "@aws-sdk/client-sns",
      "@aws-sdk/client-sqs",
    ]);
  });
});
