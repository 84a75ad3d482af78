import { NightshiftError } from "../errors";
import { CHANGING_KINDS, type ChangingKind, toChangeKind } from "./change-kind";
import { type ChangedAttribute, changedAttributes, formatPaths } from "./changed-attributes";
import type { CostDelta } from "./cost-delta";
import type { PlanJson } from "./plan-json";
import { findRisks, type PlanRisk } from "./risk-rules";

/** One parsed plan and the stack it belongs to. */
export interface StackPlan {
  /** The stack (environment) name, e.g. "pr-42" or "production". */
  name: string;
  /** Where the plan was read from, for messages. */
  file: string;
  plan: PlanJson;
}

export type PlanSummary = Record<ChangingKind, number>;

/** One resource instance the plan changes. Attribute names only; values never leave the plan. */
export interface ReportChange {
  address: string;
  type: string;
  action: ChangingKind;
  /** Terraform's action_reason, e.g. "replace_because_cannot_update". */
  reason?: string;
  /** Attribute paths that force a replacement. */
  replacePaths: string[];
  /** For updates and replacements: the top-level attributes that change. */
  attributes: ChangedAttribute[];
  /** The deposed object key, for leftovers of create_before_destroy. */
  deposed?: string;
  /** The address in the previous run, when the resource moved. */
  previousAddress?: string;
}

export interface StackReport {
  name: string;
  file: string;
  terraformVersion?: string;
  /** True when Terraform could not finish the plan: it cannot be applied. */
  errored: boolean;
  summary: PlanSummary;
  changes: ReportChange[];
}

/** What `nightshift plan-report --json` prints and what the PR comment is rendered from. */
export interface PlanReport {
  /** The PR environment, e.g. "pr-42", used for the cron commands. */
  environment?: string;
  summary: PlanSummary;
  risks: PlanRisk[];
  stacks: StackReport[];
  cost: CostDelta;
  previewUrl?: string;
  /** Copy-paste commands that run each cron in the PR environment. */
  crons: Array<{ name: string; command: string }>;
  /** Stacks whose plan could not be made (e.g. no read access): the comment says so. */
  failedStacks: string[];
  /**
   * Stacks deliberately not planned (a PR without a read-only plan role, `AWS_PLAN_ROLE_ARN`, cannot
   * read their state): the comment says so, and how to plan them. Absent in older saved reports.
   */
  skippedStacks?: string[];
  /** Why the cron list is missing, when `nightshift list` could not be read. */
  cronsUnavailable?: string;
}

export interface PlanReportOptions {
  environment?: string;
  cost?: CostDelta;
  previewUrl?: string;
  /** Cron job names (kebab-case file names). */
  crons?: readonly string[];
  /** Stacks whose `terraform plan` failed. */
  failedStacks?: readonly string[];
  /** Stacks not planned on purpose (no read-only plan role). */
  skippedStacks?: readonly string[];
  /** Why the cron names are unknown, instead of claiming the app has none. */
  cronsUnavailable?: string;
}

/** Reviewers read destructive changes first. */
const KIND_ORDER: Record<ChangingKind, number> = { replace: 0, delete: 1, forget: 2, update: 3, create: 4 };

/** Job names are kebab-case file names; anything else is left out of the copy-paste commands. */
export const SAFE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function emptySummary(): PlanSummary {
  return { create: 0, update: 0, replace: 0, delete: 0, forget: 0 };
}

/**
 * Builds the report from parsed plans. Throws E_BAD_PLAN, naming the file and the resource, for an
 * action list Terraform does not document.
 */
export function buildPlanReport(stacks: readonly StackPlan[], options: PlanReportOptions = {}): PlanReport {
  const summary = emptySummary();
  const risks: PlanRisk[] = [];
  const stackReports = stacks.map((stack): StackReport => {
    const stackSummary = emptySummary();
    const changes: ReportChange[] = [];
    for (const rc of stack.plan.resource_changes) {
      const kind = toChangeKind(rc.change.actions);
      if (kind === undefined) {
        throw new NightshiftError(
          "E_BAD_PLAN",
          `${stack.file}: ${rc.address} has change.actions ${JSON.stringify(rc.change.actions)}, which is not one Terraform documents (no-op, create, read, update, delete, forget, or a replace pair). Upgrade nightshift or report the Terraform version.`,
        );
      }
      if (kind === "none" || rc.mode === "data") continue;
      stackSummary[kind] += 1;
      summary[kind] += 1;
      risks.push(...findRisks(stack.name, rc, kind));
      changes.push({
        address: rc.address,
        type: rc.type,
        action: kind,
        reason: rc.action_reason || undefined,
        replacePaths: kind === "replace" ? formatPaths(rc.change.replace_paths) : [],
        attributes: kind === "update" || kind === "replace" ? changedAttributes(rc.change) : [],
        deposed: rc.deposed,
        previousAddress: rc.previous_address,
      });
    }
    changes.sort((a, b) => KIND_ORDER[a.action] - KIND_ORDER[b.action] || compare(a.address, b.address));
    return {
      name: stack.name,
      file: stack.file,
      terraformVersion: stack.plan.terraform_version,
      errored: stack.plan.errored === true,
      summary: stackSummary,
      changes,
    };
  });
  const environment = options.environment;
  const crons =
    environment && SAFE_NAME.test(environment)
      ? [...new Set(options.crons ?? [])]
          .filter((name) => SAFE_NAME.test(name))
          .sort(compare)
          .map((name) => ({ name, command: `npx nightshift run ${name} --env ${environment}` }))
      : [];
  return {
    environment,
    summary,
    risks,
    stacks: stackReports,
    cost: options.cost ?? { available: false, reason: "no cost estimate was given (--cost-before/--cost-after)" },
    previewUrl: options.previewUrl,
    crons,
    failedStacks: (options.failedStacks ?? []).filter((name) => SAFE_NAME.test(name)),
    skippedStacks: (options.skippedStacks ?? []).filter((name) => SAFE_NAME.test(name)),
    cronsUnavailable: options.cronsUnavailable,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Total number of changes in a summary. */
export function countChanges(summary: PlanSummary): number {
  return CHANGING_KINDS.reduce((n, kind) => n + summary[kind], 0);
}
