/**
 * The monthly cost change between two `nightshift cost --json` outputs (the base branch and the PR
 * head). Either side may be missing: the cost command can be absent on an old base, or fail; the
 * report then says why instead of failing the pipeline.
 */
export type CostDelta =
  | {
      available: true;
      beforeUsd: number;
      afterUsd: number;
      deltaUsd: number;
      /** Lines whose monthly cost changed, largest change first. */
      lines: CostDeltaLine[];
    }
  | { available: false; reason: string };

export interface CostDeltaLine {
  name: string;
  beforeUsd: number;
  afterUsd: number;
  deltaUsd: number;
}

/** A cost estimate read from a file, or why it could not be read. */
export type CostInput = { ok: true; totalUsd: number; lines: Map<string, number> } | { ok: false; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads the text `nightshift cost --json` printed:
 * `{ "totalUsd", "items": [{ "name", "kind", "totalUsd" }], "fixed": [{ "name", "usd" }] }`.
 */
export function parseCostJson(text: string | undefined, label: string): CostInput {
  if (text === undefined) return { ok: false, reason: `${label} was not produced` };
  if (text.trim() === "")
    return { ok: false, reason: `${label} is empty (\`nightshift cost --json\` printed nothing)` };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: `${label} is not JSON (\`nightshift cost --json\` failed)` };
  }
  if (!isRecord(data) || typeof data.totalUsd !== "number" || !Number.isFinite(data.totalUsd)) {
    return { ok: false, reason: `${label} has no numeric "totalUsd"` };
  }
  const lines = new Map<string, number>();
  const addLines = (list: unknown, prefix: string, field: "totalUsd" | "usd") => {
    if (!Array.isArray(list)) return;
    for (const item of list) {
      if (!isRecord(item) || typeof item.name !== "string" || typeof item[field] !== "number") continue;
      const key = `${prefix}${item.name}`;
      lines.set(key, (lines.get(key) ?? 0) + (item[field] as number));
    }
  };
  addLines(data.items, "", "totalUsd");
  addLines(data.fixed, "fixed: ", "usd");
  return { ok: true, totalUsd: data.totalUsd, lines };
}

/** Compares two estimates. Lines that changed by less than a hundredth of a cent are left out. */
export function computeCostDelta(before: CostInput, after: CostInput): CostDelta {
  if (!after.ok) return { available: false, reason: after.reason };
  if (!before.ok) return { available: false, reason: before.reason };
  const names = new Set([...before.lines.keys(), ...after.lines.keys()]);
  const lines: CostDeltaLine[] = [];
  for (const name of names) {
    const beforeUsd = before.lines.get(name) ?? 0;
    const afterUsd = after.lines.get(name) ?? 0;
    const deltaUsd = afterUsd - beforeUsd;
    if (Math.abs(deltaUsd) < 0.0001) continue;
    lines.push({ name, beforeUsd, afterUsd, deltaUsd });
  }
  lines.sort((a, b) => Math.abs(b.deltaUsd) - Math.abs(a.deltaUsd) || a.name.localeCompare(b.name));
  return {
    available: true,
    beforeUsd: before.totalUsd,
    afterUsd: after.totalUsd,
    deltaUsd: after.totalUsd - before.totalUsd,
    lines,
  };
}
