/**
 * `npm run bench`: measures what users choose tools on and writes bench/results/latest.{md,json}.
 * Nothing here is asserted in a test; numbers are medians or ratios from this machine.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { benchBundleScale } from "./bundle";
import { benchFunctions } from "./functions";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const only = process.argv.slice(2);
const wanted = (section: string) => only.length === 0 || only.includes(section);

type Section = { title: string; rows: Record<string, unknown>[]; note?: string };
const sections: Record<string, Section> = {};

async function optional<T>(file: string): Promise<T | undefined> {
  const full = path.join(ROOT, "bench", file);
  return existsSync(full) ? ((await import(pathToFileURL(full).href)) as T) : undefined;
}

function log(message: string) {
  process.stderr.write(`bench: ${message}\n`);
}

if (wanted("bundle")) {
  const rows = [];
  for (const jobs of [10, 50, 200]) {
    log(`bundling ${jobs} generated jobs (one pass, warm, then one esbuild call per function)…`);
    rows.push(await benchBundleScale(jobs));
  }
  sections.bundle = {
    title: "Bundling: one esbuild pass vs one esbuild call per function",
    rows: rows as unknown as Record<string, unknown>[],
    note: "speedup = per-function time / one-pass time (how AWS CDK's NodejsFunction and most tools bundle).",
  };
}

if (wanted("functions")) {
  log("bundling the example functions and importing each in fresh Node processes…");
  // The functions Nightshift itself deploys (database provisioner, migrator) come from infra's extensions.
  const { EXTENSIONS } = await import("../infra/extensions");
  const system = EXTENSIONS.flatMap((extension) => extension.systemFunctions ?? []);
  sections.functions = {
    title: "Example functions: size and cold import (median of 7 fresh processes)",
    rows: (await benchFunctions(ROOT, system)) as unknown as Record<string, unknown>[],
    note: "runtimeKiB: minified bytes of Nightshift's own runtime in the bundle (adapter, logger, config, once/lease).",
  };
}

if (wanted("synth")) {
  const synth = await optional<{ benchSynth: (jobs: number) => Promise<Record<string, unknown>> }>("synth.ts");
  if (synth) {
    const rows = [];
    for (const jobs of [10, 50, 200]) {
      log(`synthesizing ${jobs} generated jobs in two environments…`);
      rows.push(await synth.benchSynth(jobs));
    }
    sections.synth = { title: "Synth + bundle, two environments", rows };
  }
}

if (wanted("cdk")) {
  const cdk = await optional<{ benchCdk: (jobs: number) => Promise<Record<string, unknown>> }>("cdk.ts");
  if (cdk) {
    log("synthesizing 20 generated jobs in two environments with AWS CDK's NodejsFunction, then with Nightshift…");
    sections.cdk = {
      title: "Cold synth vs AWS CDK's NodejsFunction, 20 jobs in two environments",
      rows: [await cdk.benchCdk(20)],
      note: "ratio = cdkColdMs / nightshiftColdMs: medians of fresh `tsx` processes, run alternately. Goal (issue 3): ratio ≥ 5; `met` says whether this run reached it. CDK runs with its defaults (one esbuild process per function, reused by the second stack; template validation on in synth).",
    };
  }
}

if (wanted("dev")) {
  const dev = await optional<{ benchDev: () => Promise<Section> }>("dev.ts");
  if (dev) {
    log("starting the local environment (cold and warm), then measuring send → handler latency and throughput…");
    sections.dev = await dev.benchDev();
  }
}

const machine = {
  date: new Date().toISOString(),
  node: process.version,
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown"}`,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  esbuild: (await import("esbuild")).version,
};

await mkdir(path.join(ROOT, "bench", "results"), { recursive: true });
await writeFile(
  path.join(ROOT, "bench", "results", "latest.json"),
  `${JSON.stringify({ machine, sections }, null, 2)}\n`,
);
await writeFile(path.join(ROOT, "bench", "results", "latest.md"), renderMarkdown());
process.stdout.write(renderMarkdown());

function renderMarkdown(): string {
  const lines = [
    "# Benchmark results",
    "",
    `Ran ${machine.date} on ${machine.platform}, ${machine.cpus}, ${machine.memoryGiB} GiB, Node ${machine.node}, esbuild ${machine.esbuild}.`,
    "",
  ];
  for (const section of Object.values(sections)) {
    lines.push(`## ${section.title}`, "");
    const columns = Object.keys(section.rows[0] ?? {});
    if (columns.length > 0) {
      lines.push(`| ${columns.join(" | ")} |`, `| ${columns.map(() => "---").join(" | ")} |`);
      for (const row of section.rows) lines.push(`| ${columns.map((c) => String(row[c] ?? "")).join(" | ")} |`);
    }
    if (section.note) lines.push("", section.note);
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}
