/**
 * The comparison issue 3 sets as its goal: the same generated app written the way AWS CDK users
 * write it (one `NodejsFunction` per job, bundled by one esbuild process each), timed as a cold
 * `app.synth()` in a fresh process, beside Nightshift's cold synth from `bench/synth.ts`.
 *
 * aws-cdk-lib is not a dependency of this repository: it is installed once, at bench time, into
 * `bench/.tmp/cdk-app/` (gitignored). When that install fails (offline, say) the row says the
 * comparison was skipped and why.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { median, round } from "./stats";
import { benchSynth } from "./synth";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const APP_DIR = path.join(ROOT, "bench", ".tmp", "cdk-app");
const run = promisify(execFile);

/** What the CDK app installs; esbuild is pinned to the version Nightshift bundles with. */
const CDK_PACKAGES = ["aws-cdk-lib@2", "constructs@10", "esbuild@0.28.2", "zod@4"];
const ESBUILD_VERSION = "0.28.2";

/** Issue 3's goal: Nightshift's cold synth takes at most a fifth of CDK's for the same app. */
export const CDK_GOAL_RATIO = 5;

/** How long to wait for another npm install in this tree to finish before skipping. */
const NPM_WAIT_MS = 10 * 60_000;

export interface CdkBenchRow extends Record<string, unknown> {
  jobs: number;
  environments: string;
  /** Median wall time of a fresh `tsx app.ts`: load aws-cdk-lib, build both stacks (bundling), synth. */
  cdkColdMs: number;
  /** Median `coldMs` of `benchSynth` on the same job count, measured in the same run. */
  nightshiftColdMs: number;
  /** cdkColdMs / nightshiftColdMs. */
  ratio: number;
  goal: string;
  met: "yes" | "no";
  /** Inside the CDK process: importing aws-cdk-lib's modules. */
  cdkImportMs: number;
  /** Inside the CDK process: constructing the stacks, when each NodejsFunction runs esbuild. */
  cdkConstructMs: number;
  /** Inside the CDK process: `app.synth()` (templates and asset staging). */
  cdkSynthMs: number;
  cdkResources: number;
  nightshiftResources: number;
  runs: number;
  cdkVersion: string;
}

export interface CdkBenchSkipped extends Record<string, unknown> {
  jobs: number;
  environments: string;
  goal: string;
  skipped: string;
}

export interface CdkBenchOptions {
  /** Fresh processes per tool; the row reports medians. @default 3 */
  runs?: number;
}

interface CdkChildTimings {
  importMs: number;
  constructMs: number;
  synthMs: number;
}

const ENVIRONMENTS = ["production", "pr-1"] as const;

/**
 * Times a cold CDK synth of `jobCount` generated jobs (half crons, half queues) in two stacks,
 * production and pr-1, against Nightshift's cold synth of the same jobs. Installs aws-cdk-lib into
 * `bench/.tmp/cdk-app/` on first use; returns a `skipped` row instead of throwing when it cannot.
 */
export async function benchCdk(
  jobCount: number,
  options: CdkBenchOptions = {},
): Promise<CdkBenchRow | CdkBenchSkipped> {
  const runs = options.runs ?? 3;
  const base = { jobs: jobCount, environments: ENVIRONMENTS.join(" + "), goal: `≥ ${CDK_GOAL_RATIO}×` };
  const installed = await ensureCdkApp();
  if (!installed.ok) return { ...base, skipped: installed.reason };

  const cdk: { coldMs: number; timings: CdkChildTimings; resources: number }[] = [];
  const nightshift: { coldMs: number; resources: number }[] = [];
  // Alternate the tools so that a slow spell on the machine hits both.
  for (let i = 0; i < runs; i++) {
    cdk.push(await synthCdkOnce(jobCount));
    nightshift.push(await benchSynth(jobCount));
  }
  const cdkColdMs = Math.round(median(cdk.map((r) => r.coldMs)));
  const nightshiftColdMs = Math.round(median(nightshift.map((r) => r.coldMs)));
  const ratio = round(cdkColdMs / nightshiftColdMs, 2);
  return {
    ...base,
    cdkColdMs,
    nightshiftColdMs,
    ratio,
    met: ratio >= CDK_GOAL_RATIO ? "yes" : "no",
    cdkImportMs: Math.round(median(cdk.map((r) => r.timings.importMs))),
    cdkConstructMs: Math.round(median(cdk.map((r) => r.timings.constructMs))),
    cdkSynthMs: Math.round(median(cdk.map((r) => r.timings.synthMs))),
    cdkResources: cdk[0]?.resources ?? 0,
    nightshiftResources: nightshift[0]?.resources ?? 0,
    runs,
    cdkVersion: installed.version,
  };
}

type Installed = { ok: true; version: string } | { ok: false; reason: string };

/** Installs the CDK app's packages once; later runs reuse them. */
async function ensureCdkApp(): Promise<Installed> {
  const reuse = await installedVersion();
  if (reuse) return { ok: true, version: reuse };
  const waited = await waitForOtherNpm();
  if (!waited) return { ok: false, reason: `another npm install kept running for ${NPM_WAIT_MS / 60_000} minutes` };
  await mkdir(APP_DIR, { recursive: true });
  await writeFile(
    path.join(APP_DIR, "package.json"),
    `${JSON.stringify({ name: "nightshift-bench-cdk-app", private: true, type: "module" }, null, 2)}\n`,
  );
  try {
    await run("npm", ["install", "--no-audit", "--no-fund", ...CDK_PACKAGES], {
      cwd: APP_DIR,
      timeout: 10 * 60_000,
      maxBuffer: 16 << 20,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    const line = stderr.split("\n").find((l) => /ERR!|error/i.test(l)) ?? (error as Error).message.split("\n")[0];
    return { ok: false, reason: `npm install ${CDK_PACKAGES.join(" ")} failed: ${line?.trim()}` };
  }
  const version = await installedVersion();
  return version ? { ok: true, version } : { ok: false, reason: "npm install finished but aws-cdk-lib is missing" };
}

/** aws-cdk-lib's version when every package the app needs is installed, with esbuild at the pinned version. */
async function installedVersion(): Promise<string | undefined> {
  const versionOf = async (name: string) => {
    const file = path.join(APP_DIR, "node_modules", name, "package.json");
    if (!existsSync(file)) return undefined;
    return (JSON.parse(await readFile(file, "utf8")) as { version: string }).version;
  };
  const [cdkLib, constructs, esbuild, zod] = await Promise.all(
    ["aws-cdk-lib", "constructs", "esbuild", "zod"].map(versionOf),
  );
  const complete = existsSync(path.join(APP_DIR, "package-lock.json")) && constructs && zod;
  return complete && esbuild === ESBUILD_VERSION && cdkLib?.startsWith("2.") ? cdkLib : undefined;
}

/** Waits until no other npm install runs in this machine; false when it kept running too long. */
async function waitForOtherNpm(): Promise<boolean> {
  const deadline = Date.now() + NPM_WAIT_MS;
  while (Date.now() < deadline) {
    try {
      await run("pgrep", ["-f", "npm (i|install|ci)"]);
    } catch {
      return true; // pgrep exits 1 when nothing matches
    }
    process.stderr.write("bench: waiting for another npm install to finish…\n");
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
  return false;
}

/** Writes the app into a fresh folder of the CDK app dir, runs it once in a fresh process, cleans up. */
async function synthCdkOnce(jobCount: number) {
  const root = await mkdtemp(path.join(APP_DIR, `jobs-${jobCount}-`));
  try {
    await writeCdkProject(root, jobCount);
    const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
    const started = performance.now();
    const { stdout } = await run(tsx, [path.join(root, "app.ts")], { cwd: root, maxBuffer: 16 << 20 });
    const coldMs = performance.now() - started;
    const timings = JSON.parse(stdout.trim().split("\n").pop() as string) as CdkChildTimings;
    let resources = 0;
    const outdir = path.join(root, "cdk.out");
    for (const file of await readdir(outdir)) {
      if (!file.endsWith(".template.json")) continue;
      const template = JSON.parse(await readFile(path.join(outdir, file), "utf8")) as { Resources?: object };
      resources += Object.keys(template.Resources ?? {}).length;
    }
    return { coldMs, timings, resources };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * The handlers mirror `generateProject`'s jobs: crons import the shared module, queue handlers
 * import their zod contract and the shared module. Nightshift's bundles also hold its runtime,
 * so esbuild does a little less work per function here than in Nightshift's pass.
 */
async function writeCdkProject(root: string, count: number): Promise<void> {
  const write = async (file: string, content: string) => {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  };
  // Its own tsconfig, so neither tsx nor esbuild picks up the repository's.
  const compilerOptions = { target: "ES2022", module: "ESNext", moduleResolution: "bundler", strict: true };
  await write("tsconfig.json", `${JSON.stringify({ compilerOptions }, null, 2)}\n`);
  await write("services/lib/format.ts", `export const format = (n: number) => \`item \${n.toFixed(2)}\`;\n`);
  for (let i = 0; i < count; i++) {
    const name = `job-${String(i).padStart(3, "0")}`;
    if (i % 2 === 0) {
      await write(
        `services/cron/${name}.ts`,
        `import { format } from "../lib/format";\nexport const handler = async (event: { time?: string }) => {\n  console.log(JSON.stringify({ level: "info", message: format(${i}), time: event.time }));\n};\n`,
      );
    } else {
      await write(
        `services/queue/${name}.ts`,
        `import { z } from "zod";\nexport const schema = z.object({ id: z.string(), n: z.number() });\n`,
      );
      await write(
        `services/queue/${name}.handler.ts`,
        [
          `import { format } from "../lib/format";`,
          `import { schema } from "./${name}";`,
          `export const handler = async (event: { Records: { messageId: string; body: string }[] }) => {`,
          `  const batchItemFailures: { itemIdentifier: string }[] = [];`,
          `  for (const record of event.Records) {`,
          `    try {`,
          `      const payload = schema.parse(JSON.parse(record.body));`,
          `      console.log(JSON.stringify({ level: "info", message: format(payload.n) }));`,
          `    } catch {`,
          `      batchItemFailures.push({ itemIdentifier: record.messageId });`,
          `    }`,
          `  }`,
          `  return { batchItemFailures };`,
          `};`,
          ``,
        ].join("\n"),
      );
    }
  }
  await write("app.ts", cdkAppSource(count));
}

/** The CDK program, as a CDK user would write it for these jobs; it prints its phase timings. */
function cdkAppSource(count: number): string {
  return `// Generated by bench/cdk.ts.
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
let t = performance.now();
const { App, Duration, Stack, TimeZone } = await import("aws-cdk-lib");
const { Architecture, LoggingFormat, Runtime } = await import("aws-cdk-lib/aws-lambda");
const { NodejsFunction, OutputFormat } = await import("aws-cdk-lib/aws-lambda-nodejs");
const { SqsEventSource } = await import("aws-cdk-lib/aws-lambda-event-sources");
const { SqsDestination } = await import("aws-cdk-lib/aws-lambda-destinations");
const { LogGroup, RetentionDays } = await import("aws-cdk-lib/aws-logs");
const { Queue, QueueEncryption } = await import("aws-cdk-lib/aws-sqs");
const { Schedule, ScheduleExpression, ScheduleGroup } = await import("aws-cdk-lib/aws-scheduler");
const { LambdaInvoke } = await import("aws-cdk-lib/aws-scheduler-targets");
const importMs = performance.now() - t;

t = performance.now();
const app = new App({ outdir: path.join(here, "cdk.out") });
const timeoutSeconds = 30;
for (const env of ${JSON.stringify(ENVIRONMENTS)}) {
  const stack = new Stack(app, \`bench-\${env}\`);
  const group = new ScheduleGroup(stack, "Schedules", { scheduleGroupName: \`bench-\${env}\` });
  for (let i = 0; i < ${count}; i++) {
    const name = \`job-\${String(i).padStart(3, "0")}\`;
    const isCron = i % 2 === 0;
    const fn = new NodejsFunction(stack, \`\${name}-fn\`, {
      functionName: \`bench-\${env}-\${name}\`,
      entry: path.join(here, "services", isCron ? \`cron/\${name}.ts\` : \`queue/\${name}.handler.ts\`),
      handler: "handler",
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      timeout: Duration.seconds(timeoutSeconds),
      loggingFormat: LoggingFormat.JSON,
      logGroup: new LogGroup(stack, \`\${name}-logs\`, { retention: RetentionDays.ONE_MONTH }),
      depsLockFilePath: path.join(here, "..", "package-lock.json"),
      bundling: { minify: true, sourceMap: true, format: OutputFormat.ESM, target: "node22", mainFields: ["module", "main"] },
    });
    const dlq = new Queue(stack, \`\${name}-dlq\`, {
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    if (isCron) {
      fn.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(dlq) });
      new Schedule(stack, \`\${name}-schedule\`, {
        scheduleGroup: group,
        schedule: ScheduleExpression.cron({ minute: String(i % 60), timeZone: TimeZone.ETC_UTC }),
        target: new LambdaInvoke(fn, { deadLetterQueue: dlq, retryAttempts: 2, maxEventAge: Duration.hours(1) }),
        enabled: env === "production",
      });
    } else {
      const queue = new Queue(stack, \`\${name}-queue\`, {
        encryption: QueueEncryption.SQS_MANAGED,
        visibilityTimeout: Duration.seconds(6 * timeoutSeconds),
        retentionPeriod: Duration.days(4),
        deadLetterQueue: { queue: dlq, maxReceiveCount: 3 },
      });
      fn.addEventSource(new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 2 }));
    }
  }
}
const constructMs = performance.now() - t;

t = performance.now();
app.synth();
const synthMs = performance.now() - t;
const round = Math.round;
console.log(JSON.stringify({ importMs: round(importMs), constructMs: round(constructMs), synthMs: round(synthMs) }));
`;
}
