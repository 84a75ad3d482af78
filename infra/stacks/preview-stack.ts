import type { Construct } from "constructs";
import type { ParsedNightshiftConfig } from "nightshift/internal/config/parse-config";
import { Naming } from "../naming";
import { NightshiftStack } from "./nightshift-stack";

/** The stack name (and state key part) of the shared pull-request base. */
export const PREVIEW_STACK = "preview";

/**
 * The shared base every `pr-<N>` environment builds on, applied from `main` like production. It
 * holds what is too slow or too costly to create per pull request: the one small database instance
 * all PR databases live on (added by the database extension). Its names start `<app>-preview-`.
 */
export class PreviewStack extends NightshiftStack {
  readonly naming: Naming;

  constructor(scope: Construct, props: { config: ParsedNightshiftConfig }) {
    super(scope, PREVIEW_STACK, { config: props.config, environment: PREVIEW_STACK, backend: "s3" });
    this.naming = new Naming(props.config.app, PREVIEW_STACK);
  }
}
