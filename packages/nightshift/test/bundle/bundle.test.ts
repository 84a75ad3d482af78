import { execFile } from "node:child_process";
import { chmod, cp, readdir, readFile, utimes } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleFunctions, type FunctionBundle } from "../../src/bundle";
import { discoverProject } from "../../src/discovery/discover";
import { cleanup, createProject, jobs } from "../helpers/temp-project";

const run = promisify(execFile);

const files = {
  "services/cron/tick.ts": `import { cron } from "nightshift";\nimport { greet } from "../lib/greet";\nexport default cron({ schedule: "rate(1 minute)", async run(ctx) { ctx.log.info(greet("tick")); } });\n`,
  "services/lib/greet.ts": `export const greet = (who: string) => \`hello \${who}\`;\nexport const unused = () => "never bundled";\n`,
  "services/queue/make-pdf.ts": jobs.contract(),
  "services/queue/make-pdf.handler.ts": `import PDFDocument from "pdfkit";\nimport { handle } from "nightshift";\nimport contract from "./make-pdf";\nexport default handle(contract, async ({ id }) => { const doc = new PDFDocument(); doc.text(id); doc.end(); });\n`,
};

const roots: string[] = [];
let bundles: FunctionBundle[];
let root: string;

beforeAll(async () => {
  root = await createProject(files);
  roots.push(root);
  bundles = await bundleFunctions(await discoverProject(root), { outDir: path.join(root, ".nightshift", "zips") });
});
afterAll(async () => {
  for (const r of roots) await cleanup(r);
});

const byName = (name: string) => bundles.find((b) => b.name === name) as FunctionBundle;

describe("bundleFunctions", () => {
  it("builds one zip per cron and queue consumer, each with index.mjs and a linked source map", async () => {
    expect(bundles.map((b) => [b.name, b.kind])).toEqual([
      ["make-pdf", "queue"],
      ["tick", "cron"],
    ]);
    const zip = unzipSync(await readFile(byName("tick").zipPath));
    expect(Object.keys(zip).sort()).toEqual(["index.mjs", "index.mjs.map"]);
    const code = new TextDecoder().decode(zip["index.mjs"]);
    expect(code.trimEnd().endsWith("//# sourceMappingURL=index.mjs.map")).toBe(true);
    expect(code).toContain("hello ");
    expect(code).not.toContain("never bundled");
    const map = JSON.parse(new TextDecoder().decode(zip["index.mjs.map"])) as {
      sources: string[];
      sourcesContent?: unknown;
    };
    expect(map.sources).toContain("../../../services/cron/tick.ts");
    expect(map.sourcesContent).toBeUndefined();
  });

  it("puts a handler's heavy dependency only in its own bundle", () => {
    const pdf = byName("make-pdf");
    const tick = byName("tick");
    expect(pdf.inputs.some((i) => i.includes("node_modules/pdfkit/"))).toBe(true);
    expect(tick.inputs.some((i) => i.includes("node_modules/pdfkit/"))).toBe(false);
    expect(tick.inputs.filter((i) => i.startsWith("services/"))).toEqual([
      "services/cron/tick.ts",
      "services/lib/greet.ts",
    ]);
    expect(tick.zipBytes * 4).toBeLessThan(pdf.zipBytes);
  });

  it("keeps the CLI, the local environment, the bundler and infra out of every bundle", () => {
    for (const bundle of bundles) {
      expect(bundle.inputs.filter((i) => /src\/(cli|local|bundle|discovery)\/|infra\/|cdktf|esbuild/.test(i))).toEqual(
        [],
      );
    }
  });

  it("gives byte-identical zips after copying the project elsewhere, touching them and changing modes and time zone", async () => {
    // A different checkout path at the same depth below node_modules, as two clones of one repo are.
    const copy = path.join(path.dirname(root), `${path.basename(root)}-another-checkout`);
    roots.push(copy);
    await cp(root, copy, { recursive: true, filter: (src) => !src.includes(`${path.sep}.nightshift`) });
    for (const entry of await readdir(path.join(copy, "services"), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      await utimes(file, new Date("2031-05-06T07:08:09Z"), new Date("2031-05-06T07:08:09Z"));
      await chmod(file, 0o755);
    }
    const script = `
      import { bundleFunctions } from ${JSON.stringify(path.resolve("packages/nightshift/src/bundle/index.ts"))};
      import { discoverProject } from ${JSON.stringify(path.resolve("packages/nightshift/src/discovery/discover.ts"))};
      const bundles = await bundleFunctions(await discoverProject(process.argv[1]), { outDir: process.argv[1] + "/.nightshift/zips" });
      console.log(JSON.stringify(bundles.map((b) => [b.name, b.sha256])));`;
    const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, copy], {
      env: { ...process.env, TZ: "Pacific/Chatham" },
    });
    expect(JSON.parse(stdout)).toEqual(bundles.map((b) => [b.name, b.sha256]));
  });

  it("names the tooling file when a handler imports CLI code", async () => {
    const bad = await createProject({
      "services/cron/bad.ts": `import { cron } from "nightshift";\nimport { main } from "nightshift/internal/cli/main";\nexport default cron({ schedule: "rate(1 hour)", async run() { await main([]); } });\n`,
    });
    roots.push(bad);
    await expect(bundleFunctions(await discoverProject(bad), { outDir: path.join(bad, "zips") })).rejects.toThrow(
      /^bad: the Lambda bundle would include tooling code \(.*src\/cli\/.*\); import runtime APIs from "nightshift" only, never from nightshift\/internal\/cli, local or infra\.$/,
    );
  });
});
