import { got, ScheduleSyntaxError } from "./schedule-error";
import type { ParsedRate } from "./types";

const UNIT_SECONDS = { minute: 60, hour: 3600, day: 86_400 } as const;

/** Checks the inside of `rate(...)`: a whole number and minute(s), hour(s) or day(s). */
export function parseRate(written: string, inner: string): ParsedRate {
  const parts = inner.trim().split(/\s+/).filter(Boolean);
  if (parts.length !== 2)
    throw new ScheduleSyntaxError(`rate needs a value and a unit, e.g. rate(5 minutes) (got ${got(inner.trim())}).`);
  const [valueText = "", unitText = ""] = parts;
  if (!/^[1-9]\d*$/.test(valueText))
    throw new ScheduleSyntaxError(`rate value must be a whole number of 1 or more (got ${got(valueText)}).`);
  const value = Number(valueText);
  const singular = unitText.endsWith("s") ? unitText.slice(0, -1) : unitText;
  if (!(singular in UNIT_SECONDS)) {
    const hint = /^seconds?$/i.test(unitText) ? "; EventBridge Scheduler runs at most once a minute" : "";
    throw new ScheduleSyntaxError(`rate unit must be minute(s), hour(s) or day(s) (got ${got(unitText)})${hint}.`);
  }
  const unit = singular as keyof typeof UNIT_SECONDS;
  const plural = unitText !== singular;
  if (value === 1 && plural)
    throw new ScheduleSyntaxError(`rate takes the singular unit for 1, as AWS requires; write rate(1 ${unit}).`);
  if (value !== 1 && !plural)
    throw new ScheduleSyntaxError(`rate takes the plural unit for values other than 1; write rate(${value} ${unit}s).`);
  const intervalSeconds = value * UNIT_SECONDS[unit];
  if (!Number.isSafeInteger(intervalSeconds * 1000))
    throw new ScheduleSyntaxError(`rate value is too large to compute with (got ${valueText}).`);
  return {
    kind: "rate",
    written,
    expression: `rate(${value} ${unitText})`,
    value,
    unit,
    intervalSeconds,
  };
}
