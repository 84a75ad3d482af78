import { App } from "cdktf";
import type { ParsedNightshiftConfig } from "nightshift/internal/config/parse-config";
import type { Project } from "nightshift/internal/discovery/types";
import type { FunctionArtifact } from "./constructs/environment-context";
import { parseEnvironmentName } from "./environment-name";
import type { NightshiftExtension } from "./extension";
import { BootstrapStack } from "./stacks/bootstrap-stack";
import { EnvironmentStack } from "./stacks/environment-stack";
import { PREVIEW_STACK, PreviewStack } from "./stacks/preview-stack";

export interface NightshiftAppOptions {
  readonly config: ParsedNightshiftConfig;
  readonly project: Project;
  /** Built functions (`bundleFunctions()`), one per cron and queue, plus extensions' system functions. */
  readonly artifacts: readonly FunctionArtifact[];
  /** Deployable environments besides the `bootstrap` and `preview` stacks, e.g. `["production", "pr-42"]`. */
  readonly environments: readonly string[];
  /** Where `stacks/<name>/cdk.tf.json` are written. */
  readonly outdir: string;
  /** @default [] */
  readonly extensions?: readonly NightshiftExtension[];
}

export interface NightshiftApp {
  readonly app: App;
  readonly bootstrap: BootstrapStack;
  readonly preview: PreviewStack;
  readonly environments: readonly EnvironmentStack[];
}

/**
 * Builds every stack: `bootstrap`, `preview`, then one `EnvironmentStack` per environment, each
 * passed through the extensions. Call `app.synth()` to write them.
 */
export function createNightshiftApp(options: NightshiftAppOptions): NightshiftApp {
  const { config, project, artifacts } = options;
  const extensions = options.extensions ?? [];
  const names = [...new Set(options.environments)]
    .filter((name) => name !== PREVIEW_STACK)
    .map((name) => parseEnvironmentName(name));
  const app = new App({ outdir: options.outdir });
  const bootstrap = new BootstrapStack(app, { config });
  const preview = new PreviewStack(app, { config });
  for (const extension of extensions) extension.bootstrap?.(bootstrap);
  for (const extension of extensions) extension.preview?.(preview);

  const environments = names.map((environment) => {
    const budget = extensions
      .map((extension) => extension.connectionBudget?.(environment, config))
      .find((value) => value !== undefined);
    const stack = new EnvironmentStack(app, {
      config,
      environment,
      project,
      artifacts,
      ...(budget ? { validation: { connectionBudget: budget } } : {}),
    });
    for (const extension of extensions) extension.environment?.(stack);
    return stack;
  });
  return { app, bootstrap, preview, environments };
}

/** The deployable environments to write: production, plus `NIGHTSHIFT_ENV` when it names another one. */
export function environmentsToSynth(env: Record<string, string | undefined>): string[] {
  const requested = env.NIGHTSHIFT_ENV?.trim();
  return requested && requested !== "production" ? ["production", parseEnvironmentName(requested)] : ["production"];
}
