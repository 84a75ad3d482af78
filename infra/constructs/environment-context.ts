import type { Arns } from "../arn";
import type { Naming } from "../naming";
import type { PolicyStatement } from "../policy";

/** A built function's zip, as `bundleFunctions()` returns it. */
export interface FunctionArtifact {
  readonly name: string;
  /** Absolute path of the deterministic zip (handler `index.handler`). */
  readonly zipPath: string;
  /** Base64 SHA-256 of the zip: Lambda's `source_code_hash`. */
  readonly sha256: string;
}

/** What every job construct in one environment shares. The `EnvironmentStack` builds it once. */
export interface EnvironmentContext {
  readonly naming: Naming;
  readonly arns: Arns;
  /** Days function logs are kept. */
  readonly logRetentionDays: number;
  /** Env vars every function gets (the stack adds more later with `addFunctionEnvironment`). */
  readonly functionEnvironment: Readonly<Record<string, string>>;
  /** Statements every function role gets besides its own: sending within the environment. */
  readonly functionStatements: readonly PolicyStatement[];
  /** Permissions boundary (policy ARN) every role is created with; set for pull-request environments. */
  readonly permissionsBoundary?: string;
  /** Where alarms notify. */
  readonly alertsTopicArn: string;
}
