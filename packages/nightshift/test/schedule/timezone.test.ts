import { describe, expect, it } from "vitest";
import { NightshiftError } from "../../src/errors";
import { assertTimezone } from "../../src/schedule";

const WHERE = "services/cron/report.ts: timezone";
const EXAMPLES = 'use an IANA name such as "Europe/Paris", "America/New_York" or "UTC".';

describe("assertTimezone", () => {
  it.each(["UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Calcutta", "US/Eastern"])(
    "accepts %s",
    (zone) => {
      expect(() => assertTimezone(zone, WHERE)).not.toThrow();
    },
  );

  it.each([
    ["Europe/Pari", 'not an IANA time zone; did you mean "Europe/Paris"?'],
    ["America/NewYork", 'not an IANA time zone; did you mean "America/New_York"?'],
    ["Paris", 'not an IANA time zone; did you mean "Europe/Paris"?'],
    ["New York", 'not an IANA time zone; did you mean "America/New_York"?'],
    ["europe/paris", 'not spelled as in the IANA database (names are case-sensitive); write "Europe/Paris".'],
    ["utc", 'not spelled as in the IANA database (names are case-sensitive); write "UTC".'],
    ["Mars/Olympus", `not an IANA time zone; ${EXAMPLES}`],
    ["+01:00", `not an IANA time zone; ${EXAMPLES}`],
    ["", `not a time zone; ${EXAMPLES}`],
  ])("rejects %j", (zone, reason) => {
    let caught: unknown;
    try {
      assertTimezone(zone, WHERE);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NightshiftError);
    expect((caught as NightshiftError).code).toBe("E_BAD_TIMEZONE");
    expect((caught as NightshiftError).message).toBe(`${WHERE} ${JSON.stringify(zone)}: ${reason}`);
  });
});
