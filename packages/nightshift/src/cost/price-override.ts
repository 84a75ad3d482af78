import { readFile } from "node:fs/promises";
import { closest } from "../discovery/check";
import { NightshiftError, show } from "../errors";
import { parseJsonText } from "../ops/parse-json";
import { COST_ASSUMPTIONS, type CostAssumptions } from "./assumptions";
import { PRICES, type PriceTable } from "./prices";

/** Prices and assumptions after an override file was applied. */
export interface PricingInput {
  readonly prices: PriceTable;
  readonly assumptions: CostAssumptions;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Applies an override (the parsed `--prices` file) over `base`: the same shape as `PRICES`, every
 * key optional, plus `"assumptions"`. Unknown keys are errors (with the closest key suggested),
 * except new instance classes under `rds.instanceHourly`. Prices must be numbers ≥ 0.
 * @example applyPriceOverride({ pricesAsOf: "2027-01-15", lambda: { gbSecond: { arm64: 0.000012 } } }, "prices.json")
 */
export function applyPriceOverride(
  override: unknown,
  file: string,
  base: PricingInput = { prices: PRICES, assumptions: COST_ASSUMPTIONS },
): PricingInput {
  if (!isObject(override)) {
    throw new NightshiftError(
      "E_CONFIG",
      `${file}: must be a JSON object shaped like the price table (got ${show(override)}); e.g. { "pricesAsOf": "2027-01-15", "lambda": { "requestsPerMillion": 0.2 } }.`,
    );
  }
  const { assumptions: assumptionOverride, ...priceOverride } = override;
  const prices = merge(base.prices as unknown as Json, priceOverride, file, "") as unknown as PriceTable;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(prices.pricesAsOf)) {
    throw new NightshiftError(
      "E_CONFIG",
      `${file}: pricesAsOf must be the day the prices were checked, yyyy-mm-dd (got ${show(prices.pricesAsOf)}).`,
    );
  }
  let assumptions = base.assumptions;
  if (assumptionOverride !== undefined) {
    assumptions = merge(
      base.assumptions as unknown as Json,
      assumptionOverride,
      file,
      "assumptions.",
    ) as unknown as CostAssumptions;
    if (assumptions.architecture !== "arm64" && assumptions.architecture !== "x86_64") {
      throw new NightshiftError(
        "E_CONFIG",
        `${file}: assumptions.architecture must be "arm64" or "x86_64" (got ${show(assumptions.architecture)}).`,
      );
    }
  }
  return { prices, assumptions };
}

function merge(base: Json, override: unknown, file: string, path: string): Json {
  const field = path.replace(/\.$/, "") || "(root)";
  if (!isObject(override)) {
    throw new NightshiftError("E_CONFIG", `${file}: ${field} must be an object (got ${show(override)}).`);
  }
  const result: Json = { ...base };
  const openKeys = path === "rds.instanceHourly.";
  for (const [key, value] of Object.entries(override)) {
    const where = `${path}${key}`;
    const current = base[key];
    if (current === undefined && !openKeys) {
      const hint = closest(key, Object.keys(base));
      throw new NightshiftError(
        "E_CONFIG",
        `${file}: ${where} is not in the price table${hint ? ` (did you mean "${path}${hint}"?)` : ""}; keys here: ${Object.keys(base).join(", ")}.`,
      );
    }
    if (isObject(current)) {
      result[key] = merge(current, value, file, `${where}.`);
    } else if (typeof current === "string") {
      if (typeof value !== "string")
        throw new NightshiftError("E_CONFIG", `${file}: ${where} must be a string (got ${show(value)}).`);
      result[key] = value;
    } else {
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
        throw new NightshiftError(
          "E_CONFIG",
          `${file}: ${where} must be a number ≥ 0 (got ${show(value)}); prices are USD, e.g. 0.0000133334.`,
        );
      }
      result[key] = value;
    }
  }
  return result;
}

/** Reads and applies a `--prices` file. */
export async function loadPriceOverride(file: string, displayName: string = file): Promise<PricingInput> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new NightshiftError(
      "E_CONFIG",
      `--prices ${displayName}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}); give the path of a JSON file shaped like the price table.`,
      { cause: error },
    );
  }
  return applyPriceOverride(parseJsonText(text, displayName), displayName);
}
