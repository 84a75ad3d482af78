import type { SystemFunction } from "nightshift/internal/bundle/entries";
import type { ParsedNightshiftConfig } from "nightshift/internal/config/parse-config";
import type { BootstrapStack } from "./stacks/bootstrap-stack";
import type { EnvironmentStack } from "./stacks/environment-stack";
import type { PreviewStack } from "./stacks/preview-stack";
import type { ConnectionBudget } from "./validate/connection-budget";

/**
 * A part of the platform beyond jobs (the database, secrets, Vercel), added to the stacks it
 * concerns. Register one by adding it to `EXTENSIONS` in `infra/extensions.ts`.
 */
export interface NightshiftExtension {
  readonly name: string;
  /** Functions that ship with Nightshift which this extension deploys; bundled with the jobs. */
  readonly systemFunctions?: readonly SystemFunction[];
  /** The database's connection budget for an environment, checked against queue concurrency at synth. */
  connectionBudget?(environment: string, config: ParsedNightshiftConfig): ConnectionBudget | undefined;
  bootstrap?(stack: BootstrapStack): void;
  preview?(stack: PreviewStack): void;
  /** Called for every deployable environment (`production`, `pr-<N>`, …) after its jobs exist. */
  environment?(stack: EnvironmentStack): void;
}
