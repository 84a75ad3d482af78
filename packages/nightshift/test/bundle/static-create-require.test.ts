import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { inlineStaticRequires, staticCreateRequirePlugin } from "../../src/bundle/static-create-require";

const ROOT = path.resolve(import.meta.dirname, "../../../..");

describe("inlineStaticRequires", () => {
  it("turns literal calls of a createRequire(import.meta.url) function into static imports", () => {
    const source = [
      "const require$1 = createRequire(import.meta.url);",
      "register({ Helvetica: () => require$1('#standard-fonts/Helvetica'), Bold: () => require$1(\"#fonts/Bold\") });",
      "const dynamic = (name) => require$1(name);",
    ].join("\n");
    expect(inlineStaticRequires(source)).toBe(
      [
        'import __nightshiftStaticRequire0 from "#standard-fonts/Helvetica";',
        'import __nightshiftStaticRequire1 from "#fonts/Bold";',
        "const require$1 = createRequire(import.meta.url);",
        "register({ Helvetica: () => __nightshiftStaticRequire0, Bold: () => __nightshiftStaticRequire1 });",
        "const dynamic = (name) => require$1(name);",
      ].join("\n"),
    );
  });

  it("leaves files without createRequire(import.meta.url) alone", () => {
    expect(inlineStaticRequires("const x = require('a');")).toBe("const x = require('a');");
  });
});

describe("staticCreateRequirePlugin", () => {
  it("lets a bundled pdfkit draw with its standard fonts where no node_modules exist", async () => {
    const out = await mkdtemp(path.join(tmpdir(), "nightshift-pdfkit-"));
    try {
      await build({
        absWorkingDir: ROOT,
        stdin: {
          contents: `import PDFDocument from "pdfkit";
const doc = new PDFDocument();
const chunks = [];
doc.on("data", (chunk) => chunks.push(chunk));
doc.on("end", () => console.log("pdf", Buffer.concat(chunks).subarray(0, 5).toString()));
doc.font("Helvetica-Bold").text("hello");
doc.end();`,
          resolveDir: ROOT,
          loader: "js",
        },
        outfile: path.join(out, "index.mjs"),
        bundle: true,
        format: "esm",
        platform: "node",
        target: "node22",
        conditions: ["node"],
        banner: { js: 'import{createRequire as __r}from"node:module";const require=__r(import.meta.url);' },
        plugins: [staticCreateRequirePlugin()],
        logLevel: "silent",
      });
      const { stdout } = await promisify(execFile)(process.execPath, [path.join(out, "index.mjs")], { cwd: out });
      expect(stdout.trim()).toBe("pdf %PDF-");
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
