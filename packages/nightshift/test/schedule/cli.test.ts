import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderScheduleCommand } from "../../src/cli/commands/schedule";

const bin = fileURLToPath(new URL("../../bin/nightshift.js", import.meta.url));

function nightshift(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, "schedule", ...args], { encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("nightshift schedule (spawned)", () => {
  it("prints the next fire times as a JSON array of ISO strings", () => {
    const result = nightshift(
      "cron(0 10 ? * MON-FRI *)",
      "--tz",
      "Europe/Paris",
      "--from",
      "2026-03-27T00:00:00Z",
      "--count",
      "3",
      "--json",
    );
    expect(result).toEqual({
      status: 0,
      stdout: '["2026-03-27T09:00:00.000Z","2026-03-30T08:00:00.000Z","2026-03-31T08:00:00.000Z"]\n',
      stderr: "",
    });
  });

  it.each([
    [["cron(0 25 ? * * *)"], 'nightshift schedule: schedule "cron(0 25 ? * * *)": hours must be 0-23 (got 25).\n'],
    [
      ["0 9 1 * 1-5"],
      'nightshift schedule: schedule "0 9 1 * 1-5": this crontab restricts both day-of-month (1) and day-of-week ("1-5"), so Unix cron runs when either matches; one AWS cron cannot say "either", so split it into two cron files: cron(0 9 1 * ? *) and cron(0 9 ? * 2-6 *).\n',
    ],
    [
      ["rate(5 minutes)", "--tz", "Europe/Pari"],
      'nightshift schedule: --tz "Europe/Pari": not an IANA time zone; did you mean "Europe/Paris"?\n',
    ],
    [
      ["rate(5 minutes)", "--from", "yesterday"],
      'nightshift schedule: --from must be an ISO-8601 instant with Z or an offset, e.g. 2026-03-27T00:00:00Z (got "yesterday").\n',
    ],
    [["rate(5 minutes)", "--count", "0"], 'nightshift schedule: --count must be a whole number 1-10000 (got "0").\n'],
    [
      [],
      'nightshift schedule: missing the expression, e.g. nightshift schedule "cron(0 9 ? * MON-FRI *)" --tz Europe/Paris.\n',
    ],
  ])("exits 2 with one line on stderr for %j", (args, stderr) => {
    expect(nightshift(...args)).toEqual({ status: 2, stdout: "", stderr });
  });
});

describe("renderScheduleCommand", () => {
  const now = new Date("2026-10-24T22:00:00Z");

  it("lists local times with their offsets, the description and the deployed form", () => {
    expect(renderScheduleCommand({ expression: "30 2 * * *", tz: "Europe/Paris", count: "3" }, now)).toBe(
      [
        "30 2 * * * deploys as cron(30 2 * * ? *)",
        "  at 02:30 (Europe/Paris)",
        "Next 3 fire times after 2026-10-24T22:00:00.000Z (Europe/Paris):",
        "  Sun 2026-10-25 02:30 +02:00   2026-10-25T00:30:00.000Z",
        "  Mon 2026-10-26 02:30 +01:00   2026-10-26T01:30:00.000Z",
        "  Tue 2026-10-27 02:30 +01:00   2026-10-27T01:30:00.000Z",
        "",
      ].join("\n"),
    );
  });

  it("defaults to five fire times in UTC after now", () => {
    expect(JSON.parse(renderScheduleCommand({ expression: "rate(1 hour)", json: true }, now))).toEqual([
      "2026-10-24T23:00:00.000Z",
      "2026-10-25T00:00:00.000Z",
      "2026-10-25T01:00:00.000Z",
      "2026-10-25T02:00:00.000Z",
      "2026-10-25T03:00:00.000Z",
    ]);
  });

  it("says when a schedule ends or never runs", () => {
    expect(
      renderScheduleCommand({ expression: "at(2027-01-01T09:00:00)", from: "2026-01-01T00:00:00+01:00" }, now),
    ).toBe(
      [
        "at(2027-01-01T09:00:00)",
        "  once at 2027-01-01 09:00 (UTC)",
        "Next 1 fire time after 2025-12-31T23:00:00.000Z (UTC):",
        "  Fri 2027-01-01 09:00 +00:00   2027-01-01T09:00:00.000Z",
        "The schedule has no later fire times.",
        "",
      ].join("\n"),
    );
    expect(renderScheduleCommand({ expression: "at(2026-03-29T02:30:00)", tz: "Europe/Paris" }, new Date(0))).toBe(
      [
        "at(2026-03-29T02:30:00)",
        "  once at 2026-03-29 02:30 (Europe/Paris)",
        "2026-03-29T02:30:00 does not exist in Europe/Paris (the clocks skip it), so it never runs.",
        "",
      ].join("\n"),
    );
  });
});
