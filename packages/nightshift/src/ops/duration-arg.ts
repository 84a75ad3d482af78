import { parseDuration } from "../definition/duration";
import { NightshiftError, show } from "../errors";

const SHORT = /^\s*(\d+)\s*(s|m|h|d)\s*$/;
const SHORT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * A duration given on the command line, in seconds: the short form (`90s`, `15m`, `2h`, `1d`) or the
 * one job files use (`"15 minutes"`).
 * @example parseDurationArg("--since", "15m") // 900
 */
export function parseDurationArg(flag: string, value: string): number {
  const short = SHORT.exec(value);
  if (short) return Number(short[1]) * (SHORT_SECONDS[short[2] as string] as number);
  try {
    return parseDuration(value, flag);
  } catch {
    throw new NightshiftError(
      "E_USAGE",
      `${flag} must be a duration such as 90s, 15m, 2h, 1d or "15 minutes" (got ${show(value)}).`,
    );
  }
}
