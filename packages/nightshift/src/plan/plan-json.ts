import { NightshiftError } from "../errors";

/**
 * The parts of `terraform show -json <planfile>` (format_version 1.x; Terraform ≥ 1.10 writes "1.2")
 * that plan-report reads. Unknown properties are ignored, as the format's compatibility promise asks.
 */
export interface PlanJson {
  format_version: string;
  terraform_version?: string;
  /** Omitted by Terraform when the plan has no resource instances at all. */
  resource_changes: PlanResourceChange[];
  /** Present since format 1.1; an errored plan cannot be applied. */
  errored?: boolean;
}

export interface PlanResourceChange {
  address: string;
  previous_address?: string;
  module_address?: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  index?: string | number;
  provider_name?: string;
  /** Set when the change is for a deposed object left behind by create_before_destroy. */
  deposed?: string;
  /** e.g. "replace_because_cannot_update", "delete_because_no_resource_config". */
  action_reason?: string;
  change: PlanChange;
}

export interface PlanChange {
  actions: string[];
  before?: unknown;
  after?: unknown;
  after_unknown?: unknown;
  /** Same shape as `before`, with `true` at every sensitive leaf. */
  before_sensitive?: unknown;
  /** Same shape as `after`, with `true` at every sensitive leaf. */
  after_sensitive?: unknown;
  /** Attribute paths (steps are names or indexes) that force the replacement. */
  replace_paths?: Array<Array<string | number>>;
  importing?: unknown;
}

const HOW_TO_MAKE = "create it with `terraform plan -out=tfplan && terraform show -json tfplan > plan.json`";

function bad(file: string, message: string): NightshiftError {
  return new NightshiftError("E_BAD_PLAN", `${file}: ${message}`);
}

/** Names the kind of a value without printing it: plan values can hold secrets. */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return value === "" ? "an empty string" : "a string";
  return `a ${typeof value}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Parses the text of a `terraform show -json` plan. Throws E_BAD_PLAN naming the file and the field
 * when the text is not JSON, is a binary plan or a state file, or has an unsupported format version.
 */
export function parsePlanJson(text: string, file: string): PlanJson {
  if (text.startsWith("PK")) {
    throw bad(file, `is a binary plan file, not JSON; ${HOW_TO_MAKE}.`);
  }
  if (text.trim() === "") {
    throw bad(file, `is empty; ${HOW_TO_MAKE}.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw bad(file, `is not valid JSON (${detail}); ${HOW_TO_MAKE}.`);
  }
  if (!isRecord(data)) {
    throw bad(file, `must be a JSON object with "format_version" and "resource_changes" (got ${kindOf(data)}).`);
  }
  const version = data.format_version;
  if (typeof version !== "string") {
    throw bad(file, `format_version is missing (got ${kindOf(version)}); ${HOW_TO_MAKE}.`);
  }
  if (!/^1\.\d+$/.test(version)) {
    throw bad(
      file,
      `format_version is ${JSON.stringify(version)}; plan-report reads format 1.x (Terraform ≥ 1.10 writes "1.2"). Use Terraform 1.10 or newer within major version 1.`,
    );
  }
  if (!("planned_values" in data) && !("resource_changes" in data) && "values" in data) {
    throw bad(file, `is a state file, not a plan; ${HOW_TO_MAKE}.`);
  }
  const raw = data.resource_changes ?? [];
  if (!Array.isArray(raw)) {
    throw bad(file, `resource_changes must be an array (got ${kindOf(raw)}).`);
  }
  const resourceChanges = raw.map((entry, i) => checkResourceChange(entry, `resource_changes[${i}]`, file));
  return {
    format_version: version,
    terraform_version: typeof data.terraform_version === "string" ? data.terraform_version : undefined,
    resource_changes: resourceChanges,
    errored: data.errored === true,
  };
}

function checkResourceChange(entry: unknown, where: string, file: string): PlanResourceChange {
  if (!isRecord(entry)) throw bad(file, `${where} must be an object (got ${kindOf(entry)}).`);
  for (const field of ["address", "type", "name"] as const) {
    if (typeof entry[field] !== "string" || entry[field] === "") {
      throw bad(file, `${where}.${field} must be a non-empty string (got ${kindOf(entry[field])}).`);
    }
  }
  const change = entry.change;
  if (!isRecord(change)) throw bad(file, `${where}.change must be an object (got ${kindOf(change)}).`);
  const actions = change.actions;
  if (!Array.isArray(actions) || actions.length === 0 || !actions.every((a) => typeof a === "string")) {
    throw bad(file, `${where}.change.actions must be a non-empty array of strings (got ${kindOf(actions)}).`);
  }
  const paths = change.replace_paths;
  if (paths !== undefined && !(Array.isArray(paths) && paths.every(Array.isArray))) {
    throw bad(file, `${where}.change.replace_paths must be an array of paths (got ${kindOf(paths)}).`);
  }
  return entry as unknown as PlanResourceChange;
}
