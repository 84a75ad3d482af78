import { offsetAt } from "./zone-time";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

/**
 * An instant as people in the zone read it, with the weekday and the UTC offset in force:
 * `Fri 2026-03-27 10:00 +01:00` (seconds shown only when not zero).
 */
export function formatLocalTime(instant: Date, timezone: string): string {
  const offset = offsetAt(instant.getTime(), timezone);
  const wall = new Date(instant.getTime() + offset);
  const iso = wall.toISOString();
  const seconds = wall.getUTCSeconds() === 0 ? "" : iso.slice(16, 19);
  const minutes = Math.abs(offset) / 60_000;
  const sign = offset < 0 ? "-" : "+";
  const zone = `${sign}${pad(Math.floor(minutes / 60))}:${pad(Math.round(minutes % 60))}`;
  return `${WEEKDAYS[wall.getUTCDay()]} ${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds} ${zone}`;
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}
