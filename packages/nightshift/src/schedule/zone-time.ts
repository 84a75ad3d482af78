/**
 * Wall-clock arithmetic in IANA zones with nothing but `Intl`. A "wall time" is a local date-time
 * stored as the milliseconds of the same fields read as UTC (a fake UTC clock).
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const probes = new Map<string, Map<number, number>>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timezone, format);
  }
  return format;
}

/** Local time minus UTC, in milliseconds, at an instant. */
export function offsetAt(instantMs: number, timezone: string): number {
  const fields = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(timezone).formatToParts(instantMs)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour % 24, fields.minute, fields.second);
  return wall - Math.floor(instantMs / 1000) * 1000;
}

/** The wall time an instant shows in a zone. */
export function wallTimeOf(instantMs: number, timezone: string): number {
  return instantMs + offsetAt(instantMs, timezone);
}

/**
 * Every instant that shows the given wall time in the zone, ascending: none in a spring-forward
 * gap, two in a fall-back overlap, otherwise one. Assumes no two offset changes within 48 hours,
 * which holds for every zone since 1970.
 */
export function instantsOfWallTime(wallMs: number, timezone: string): number[] {
  const before = probe(wallMs - DAY_MS, timezone);
  const after = probe(wallMs + DAY_MS, timezone);
  if (before === after) return [wallMs - before];
  const instants: number[] = [];
  for (const offset of [before, after]) {
    const instant = wallMs - offset;
    if (offsetAt(instant, timezone) === offset) instants.push(instant);
  }
  return instants.sort((a, b) => a - b);
}

/** The offset at the start of the hour holding an instant; cached, as neighbouring wall times share it. */
function probe(instantMs: number, timezone: string): number {
  let cache = probes.get(timezone);
  if (!cache) {
    cache = new Map();
    probes.set(timezone, cache);
  }
  const hour = Math.floor(instantMs / HOUR_MS);
  let offset = cache.get(hour);
  if (offset === undefined) {
    if (cache.size > 100_000) cache.clear();
    offset = offsetAt(hour * HOUR_MS, timezone);
    cache.set(hour, offset);
  }
  return offset;
}
