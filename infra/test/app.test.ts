import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createNightshiftApp } from "../app";
import type { NightshiftExtension } from "../extension";
import { synthNightshiftApp } from "../synth-app";
import { config, fakeArtifacts, makeCron, makeProject, makeQueue } from "./support/fixtures";

const outdir = () => mkdtempSync(path.join(os.tmpdir(), "nightshift-app-"));

describe("createNightshiftApp", () => {
  it("builds bootstrap, preview and each environment once, calling extensions on each stack in order", () => {
    const project = makeProject({ crons: [makeCron("tick")] });
    const calls: string[] = [];
    const extension: NightshiftExtension = {
      name: "recorder",
      bootstrap: (stack) => calls.push(`bootstrap:${stack.environment}`),
      preview: (stack) => calls.push(`preview:${stack.naming.prefix}`),
      environment: (stack) => calls.push(`environment:${stack.environment}:${stack.functions.length}`),
    };
    const built = createNightshiftApp({
      config,
      project,
      artifacts: fakeArtifacts(project),
      environments: ["production", "pr-7", "production", "preview"],
      outdir: outdir(),
      extensions: [extension],
    });
    expect(built.environments.map((stack) => stack.environment)).toEqual(["production", "pr-7"]);
    expect(calls).toEqual([
      "bootstrap:bootstrap",
      "preview:wordmon-preview",
      "environment:production:1",
      "environment:pr-7:1",
    ]);
  });

  it("checks each environment against the connection budget an extension gives", () => {
    const project = makeProject({ queues: [makeQueue("busy", { concurrency: 40 })] });
    const extension: NightshiftExtension = {
      name: "database",
      connectionBudget: (environment) =>
        environment === "production"
          ? { connections: 80, source: "db.t4g.micro" }
          : { connections: 10, source: "the preview share" },
    };
    const build = (environments: string[]) =>
      createNightshiftApp({
        config,
        project,
        artifacts: fakeArtifacts(project),
        environments,
        outdir: outdir(),
        extensions: [extension],
      });
    expect(() => build(["production"])).not.toThrow();
    expect(() => build(["production", "pr-3"])).toThrow(
      "services/queue/busy.ts: concurrency 40 brings the environment's peak database connections to 40 (queue concurrency + 1 per cron, × 1 per function), above the budget of 10 for the preview share; lower concurrency to at most 10, or use a larger database instance.",
    );
  });

  it("rejects an unsafe environment name before building anything", () => {
    expect(() =>
      createNightshiftApp({ config, project: makeProject(), artifacts: [], environments: ["Prod"], outdir: outdir() }),
    ).toThrow('NIGHTSHIFT_ENV must be "pr-<number>"');
  });
});

describe("synthNightshiftApp", () => {
  it("writes every stack and restores source-mapped stack traces afterwards, also on error", () => {
    const project = makeProject({ crons: [makeCron("tick")] });
    const dir = outdir();
    const before = process.sourceMapsEnabled;
    process.setSourceMapsEnabled(true);
    try {
      synthNightshiftApp({
        config,
        project,
        artifacts: fakeArtifacts(project),
        environments: ["production"],
        outdir: dir,
      });
      expect(process.sourceMapsEnabled).toBe(true);
      expect(existsSync(path.join(dir, "stacks", "production", "cdk.tf.json"))).toBe(true);
      const prepare = Error.prepareStackTrace;
      let thrown: unknown;
      try {
        synthNightshiftApp({ config, project, artifacts: [], environments: ["production"], outdir: outdir() });
      } catch (error) {
        thrown = error;
      }
      expect((thrown as Error).message).toContain('no built function "tick"');
      // Real errors keep a stack trace that names where they came from.
      expect((thrown as Error).stack).toMatch(/^NightshiftError: .*\n {4}at /s);
      expect(process.sourceMapsEnabled).toBe(true);
      expect(Error.prepareStackTrace).toBe(prepare);
    } finally {
      process.setSourceMapsEnabled(before);
    }
  });
});
