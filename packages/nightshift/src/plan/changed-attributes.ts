import type { PlanChange } from "./plan-json";

/** One top-level attribute a change touches. Reports carry names only, never values. */
export interface ChangedAttribute {
  name: string;
  /** True when Terraform marks any part of it sensitive, before or after. */
  sensitive: boolean;
  /** True when the new value is known only after apply. */
  unknown: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True if a `*_sensitive` / `after_unknown` mask holds `true` anywhere inside. */
export function maskHasTrue(mask: unknown): boolean {
  if (mask === true) return true;
  if (Array.isArray(mask)) return mask.some(maskHasTrue);
  if (isRecord(mask)) return Object.values(mask).some(maskHasTrue);
  return false;
}

function maskAt(mask: unknown, name: string): unknown {
  if (mask === true) return true;
  return isRecord(mask) ? mask[name] : undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * The top-level attributes an update or replacement changes: those whose value differs between
 * `before` and `after`, plus those known only after apply. Sorted by name. Creates and deletes touch
 * every attribute, so callers list none for them.
 */
export function changedAttributes(change: PlanChange): ChangedAttribute[] {
  const before = isRecord(change.before) ? change.before : {};
  const after = isRecord(change.after) ? change.after : {};
  const unknown = isRecord(change.after_unknown) ? change.after_unknown : {};
  const names = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)]);
  const result: ChangedAttribute[] = [];
  for (const name of [...names].sort()) {
    const isUnknown = maskHasTrue(unknown[name]);
    if (!isUnknown && sameValue(before[name], after[name])) continue;
    const sensitive =
      maskHasTrue(maskAt(change.before_sensitive, name)) || maskHasTrue(maskAt(change.after_sensitive, name));
    result.push({ name, sensitive, unknown: isUnknown });
  }
  return result;
}

/**
 * Renders replace_paths as attribute paths (`ingress[0].cidr_blocks`). Steps are attribute names and
 * indexes from the schema, never values.
 */
export function formatPaths(paths: ReadonlyArray<ReadonlyArray<string | number>> | undefined): string[] {
  if (!paths) return [];
  return paths.map((path) =>
    path.map((step, i) => (typeof step === "number" ? `[${step}]` : i === 0 ? step : `.${step}`)).join(""),
  );
}
