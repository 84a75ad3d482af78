const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant as people in the zone read it, with the weekday and the UTC offset in force:
 * `Fri 2026-03-27 10:00 GMT+01:00` (seconds shown only when not zero).
 */
export function formatLocalTime(instant: Date, timezone: string): string {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      timeZoneName: "longOffset",
    });
    formatters.set(timezone, format);
  }
  const part: Record<string, string> = {};
  for (const { type, value } of format.formatToParts(instant)) part[type] = value;
  const seconds = part.second === "00" ? "" : `:${part.second}`;
  const hour = part.hour === "24" ? "00" : part.hour;
  return `${part.weekday} ${part.year}-${part.month}-${part.day} ${hour}:${part.minute}${seconds} ${part.timeZoneName}`;
}
