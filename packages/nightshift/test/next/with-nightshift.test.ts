import { mkdtemp, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findProjectRoot, JOB_FILE_PATTERN, withNightshift } from "../../src/next/index";

const require = createRequire(import.meta.url);
const loader = require("../../src/next/name-marker-loader.cjs") as (
  this: { resourcePath: string; getOptions(): { root?: string } },
  source: string,
) => string;

describe("withNightshift", () => {
  const config = withNightshift({ reactStrictMode: true, transpilePackages: ["other"] }, { root: "/repo" });

  it("transpiles nightshift and compiles and traces files up to the repository root", () => {
    expect(config.transpilePackages).toEqual(["other", "nightshift"]);
    expect(config.outputFileTracingRoot).toBe("/repo");
    expect(config.turbopack?.root).toBe("/repo");
    expect(config.reactStrictMode).toBe(true);
  });

  it("adds the name-marker loader for Turbopack and webpack, pointing at the shipped loader file", () => {
    const rule = config.turbopack?.rules?.["*.{ts,mts,js,mjs}"] as {
      condition: { path: RegExp };
      loaders: { loader: string; options: { root: string } }[];
    };
    expect(rule.condition.path).toBe(JOB_FILE_PATTERN);
    expect(rule.loaders).toHaveLength(1);
    expect(rule.loaders[0]?.loader).toBe(path.resolve(import.meta.dirname, "../../src/next/name-marker-loader.cjs"));
    expect(rule.loaders[0]?.options).toEqual({ root: "/repo" });

    const webpackConfig = config.webpack?.({ module: { rules: [] } }, {});
    expect(webpackConfig?.module?.rules).toEqual([{ test: JOB_FILE_PATTERN, enforce: "pre", use: rule.loaders }]);
  });

  it("keeps the app's own webpack function and turbopack settings", () => {
    const wrapped = withNightshift(
      {
        turbopack: { root: "/elsewhere", rules: { "*.svg": { loaders: ["@svgr/webpack"] } } },
        webpack: (webpackConfig) => ({ ...webpackConfig, marked: true }),
      },
      { root: "/repo" },
    );
    expect(wrapped.turbopack?.root).toBe("/elsewhere");
    expect(Object.keys(wrapped.turbopack?.rules ?? {})).toEqual(["*.svg", "*.{ts,mts,js,mjs}"]);
    expect(wrapped.webpack?.({}, {})).toMatchObject({ marked: true, module: { rules: [expect.any(Object)] } });
  });
});

describe("JOB_FILE_PATTERN", () => {
  it("matches job modules only", () => {
    for (const file of [
      "services/queue/generate-report.ts",
      "services/queue/generate-report.handler.ts",
      "/repo/services/cron/check-mentions.ts",
      "services/topic/signups.mjs",
    ]) {
      expect(file).toMatch(JOB_FILE_PATTERN);
    }
    for (const file of ["services/lib/mailer.ts", "apps/web/app/actions.ts", "services/queue/nested/x.ts"]) {
      expect(file).not.toMatch(JOB_FILE_PATTERN);
    }
  });
});

describe("name-marker loader", () => {
  it("wraps the module in the bundler's marker, with the path relative to the root", () => {
    const output = loader.call(
      { resourcePath: "/repo/services/queue/generate-report.ts", getOptions: () => ({ root: "/repo" }) },
      "export default queue({ schema });",
    );
    expect(output).toBe(
      'globalThis[Symbol.for("nightshift.definingFile")] = "services/queue/generate-report.ts";\nexport default queue({ schema });\n;globalThis[Symbol.for("nightshift.definingFile")] = undefined;\n',
    );
  });

  it("names the contract when its module runs, as send() needs", async () => {
    const { queue } = await import("../../src/definition/queue");
    const { JOB_NAME } = await import("../../src/definition/job-name");
    const wrapped = loader.call(
      { resourcePath: "/repo/services/queue/send-email.ts", getOptions: () => ({ root: "/repo" }) },
      "module.exports = queue({ schema: {} });",
    );
    const contract = new Function("queue", "module", `${wrapped}\nreturn module.exports;`)(queue, {}) as Record<
      symbol,
      unknown
    >;
    expect(contract[JOB_NAME]).toBe("send-email");
  });
});

describe("findProjectRoot", () => {
  it("finds the folder holding nightshift.config.ts above the app", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "nightshift-next-"));
    await writeFile(path.join(root, "nightshift.config.ts"), "export default {};\n");
    const { mkdir } = await import("node:fs/promises");
    await mkdir(path.join(root, "apps", "web"), { recursive: true });
    expect(findProjectRoot(path.join(root, "apps", "web"))).toBe(root);
  });
});
