import type { ParsedNightshiftConfig } from "../config/parse-config";
import type { AwsSecrets } from "./aws-secrets";
import { PREVIEW_SECRET_SCOPE, secretId } from "./secret-names";
import type { VercelVariableInfo } from "./vercel-api";

/** A secret's state in AWS. */
export type AwsSecretState = "set" | "not set" | "not created";

/**
 * Whether a Vercel variable matches AWS. Sensitive variables cannot be read back, so values are
 * never compared; what is compared is presence and dates: a variable written after the secret last
 * changed in AWS holds the current value (the deploy copies it from AWS), one written before is stale.
 */
export type VercelDrift =
  | "in sync"
  | "stale"
  | "missing in Vercel"
  | "left in Vercel"
  | "not sensitive"
  | "not set"
  | "not checked";

export interface VercelCopy {
  /** The branch of a branch-scoped preview variable; undefined for production. */
  readonly gitBranch?: string;
  readonly drift: VercelDrift;
  readonly updatedAt?: string;
}

export interface SecretStatus {
  readonly name: string;
  readonly required: boolean;
  readonly targets: readonly ("lambda" | "vercel")[];
  readonly secretId: string;
  readonly aws: AwsSecretState;
  /** ISO time of the secret's last change in AWS. */
  readonly lastChanged?: string;
  /** Per Vercel variable (one per branch for previews); empty when the secret does not target Vercel. */
  readonly vercel: readonly VercelCopy[];
}

export interface ScopeStatus {
  readonly scope: string;
  /** The Vercel environment the scope's variables live in, if any. */
  readonly vercelTarget?: "production" | "preview";
  /** Why Vercel was not checked, when it was not. */
  readonly vercelNote?: string;
  readonly secrets: readonly SecretStatus[];
}

/** The Vercel environment a scope's secrets are copied to: production, every branch's preview, or none. */
export function vercelTargetOfScope(scope: string): "production" | "preview" | undefined {
  if (scope === "production") return "production";
  return scope === PREVIEW_SECRET_SCOPE ? "preview" : undefined;
}

export interface ScopeStatusOptions {
  readonly config: ParsedNightshiftConfig;
  readonly scope: string;
  readonly aws: AwsSecrets;
  /** The project's variables, or undefined when Vercel was not checked (`vercelNote` says why). */
  readonly vercel?: readonly VercelVariableInfo[];
  readonly vercelNote?: string;
}

/** Every declared secret of one scope: set or not in AWS, and per Vercel variable, in sync or not. */
export async function scopeStatus(options: ScopeStatusOptions): Promise<ScopeStatus> {
  const { config, scope } = options;
  const vercelTarget = vercelTargetOfScope(scope);
  const secrets: SecretStatus[] = [];
  for (const secret of config.secrets) {
    const id = secretId(config.app, scope, secret.name);
    const state = await options.aws.describe(id);
    const aws: AwsSecretState = state.hasValue ? "set" : state.exists ? "not set" : "not created";
    const lastChanged = state.lastChanged?.getTime();
    let vercel: VercelCopy[] = [];
    if (vercelTarget && secret.targets.includes("vercel")) {
      if (!options.vercel) {
        vercel = [{ drift: "not checked" }];
      } else {
        const copies = options.vercel.filter((v) => v.key === secret.name && v.target.includes(vercelTarget));
        vercel = copies.map((copy) => ({
          ...(copy.gitBranch ? { gitBranch: copy.gitBranch } : {}),
          ...(copy.updatedAt ? { updatedAt: new Date(copy.updatedAt).toISOString() } : {}),
          drift: driftOf(aws, lastChanged, copy),
        }));
        if (vercel.length === 0) vercel = [{ drift: aws === "set" ? "missing in Vercel" : "not set" }];
      }
    }
    secrets.push({
      name: secret.name,
      required: secret.required,
      targets: secret.targets,
      secretId: id,
      aws,
      ...(state.lastChanged ? { lastChanged: state.lastChanged.toISOString() } : {}),
      vercel,
    });
  }
  return {
    scope,
    ...(vercelTarget ? { vercelTarget } : {}),
    ...(options.vercelNote ? { vercelNote: options.vercelNote } : {}),
    secrets,
  };
}

function driftOf(aws: AwsSecretState, lastChanged: number | undefined, copy: VercelVariableInfo): VercelDrift {
  if (aws !== "set") return "left in Vercel";
  if (copy.type !== "sensitive") return "not sensitive";
  if (lastChanged === undefined || copy.updatedAt === undefined) return "stale";
  return copy.updatedAt >= lastChanged ? "in sync" : "stale";
}

/** True when something needs doing: a required secret without a value, or a Vercel copy that is off. */
export function needsAttention(status: ScopeStatus): boolean {
  return status.secrets.some(
    (secret) =>
      (secret.required && secret.aws !== "set") ||
      secret.vercel.some((copy) => !["in sync", "not checked", "not set"].includes(copy.drift)),
  );
}

const HINTS: Partial<Record<VercelDrift, string>> = {
  stale: "Vercel's copy predates the last change in AWS: redeploy",
  "missing in Vercel": "the next deploy copies it",
  "left in Vercel": "AWS has no value but Vercel still has one: redeploy, or set it again",
  "not sensitive": "not a sensitive variable in Vercel: redeploy to replace it",
};

/** Plain-text report: one line per secret and target. Names, states and dates only. */
export function formatScopeStatus(status: ScopeStatus): string {
  const lines = [`${status.scope}:`];
  const width = Math.max(4, ...status.secrets.map((s) => s.name.length));
  for (const secret of status.secrets) {
    const flag = secret.required ? "required" : "optional";
    const changed = secret.aws === "set" && secret.lastChanged ? ` (changed ${secret.lastChanged})` : "";
    const fix =
      secret.aws === "set"
        ? ""
        : secret.aws === "not set"
          ? `: nightshift secrets set ${secret.name} --env ${status.scope}`
          : ": deploy first";
    lines.push(`  ${secret.name.padEnd(width)}  ${flag}  AWS ${secret.aws}${changed}${fix}`);
    if (secret.targets.includes("lambda"))
      lines.push(`  ${"".padEnd(width)}  lambda    read from AWS at each cold start`);
    for (const copy of secret.vercel) {
      const where = copy.gitBranch
        ? `vercel ${status.vercelTarget} (${copy.gitBranch})`
        : `vercel ${status.vercelTarget ?? ""}`.trim();
      const hint = HINTS[copy.drift] ? `: ${HINTS[copy.drift]}` : "";
      const updated = copy.updatedAt ? ` (written ${copy.updatedAt})` : "";
      lines.push(`  ${"".padEnd(width)}  ${where}  ${copy.drift}${updated}${hint}`);
    }
    if (secret.targets.includes("vercel") && !status.vercelTarget) {
      lines.push(`  ${"".padEnd(width)}  vercel    not wired: only production and pull requests have Vercel variables`);
    }
  }
  if (status.secrets.length === 0) lines.push("  no secrets declared in nightshift.config.ts");
  if (status.vercelNote) lines.push(`  (${status.vercelNote})`);
  return `${lines.join("\n")}\n`;
}
