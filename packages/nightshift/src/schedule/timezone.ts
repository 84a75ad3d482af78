import { NightshiftError, show } from "../errors";

const EXAMPLES = `an IANA name such as "Europe/Paris", "America/New_York" or "UTC"`;
let zoneNames: readonly string[] | undefined;

/**
 * Checks that a time zone is an IANA name EventBridge Scheduler and `Intl` both understand,
 * spelled exactly (names are case-sensitive).
 *
 * @param where names the source in the error, e.g. `services/cron/report.ts: timezone` or `--tz`;
 *   the message reads `<where> "<timezone>": <reason>`.
 * @throws NightshiftError `E_BAD_TIMEZONE` with the closest known name when there is one.
 * @example assertTimezone("Europe/Paris", "services/cron/report.ts")
 */
export function assertTimezone(timezone: string, where: string): void {
  if (typeof timezone !== "string" || timezone.trim() === "")
    throw timezoneError(where, timezone, `not a time zone; use ${EXAMPLES}.`);
  let resolved: string | undefined;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: timezone }).resolvedOptions().timeZone;
  } catch {
    resolved = undefined;
  }
  if (resolved !== undefined && /^[A-Za-z]/.test(timezone)) {
    if (resolved === timezone || resolved.toLowerCase() !== timezone.toLowerCase()) return;
    throw timezoneError(
      where,
      timezone,
      `not spelled as in the IANA database (names are case-sensitive); write "${resolved}".`,
    );
  }
  const suggestion = closestZone(timezone);
  const fix = suggestion ? `did you mean "${suggestion}"?` : `use ${EXAMPLES}.`;
  throw timezoneError(where, timezone, `not an IANA time zone; ${fix}`);
}

function timezoneError(where: string, timezone: unknown, reason: string): NightshiftError {
  return new NightshiftError("E_BAD_TIMEZONE", `${where} ${show(timezone)}: ${reason}`);
}

/** The known zone nearest by edit distance, comparing city names when no region is given. */
function closestZone(input: string): string | undefined {
  zoneNames ??= [...Intl.supportedValuesOf("timeZone"), "UTC"];
  const wanted = normalize(input);
  const compareCity = !input.includes("/");
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const zone of zoneNames) {
    const candidate = normalize(compareCity ? (zone.split("/").pop() ?? zone) : zone);
    const distance = editDistance(wanted, candidate);
    if (distance < bestDistance) {
      best = zone;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(wanted.length / 4)) ? best : undefined;
}

function normalize(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}
