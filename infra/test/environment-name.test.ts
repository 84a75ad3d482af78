import { describe, expect, it } from "vitest";
import { environmentsToSynth } from "../app";
import { environmentKind, parseEnvironmentName } from "../environment-name";

describe("parseEnvironmentName", () => {
  it("accepts pr-<N> and short letters-and-digits names", () => {
    for (const name of ["pr-1", "pr-42", "pr-999999", "production", "preview", "staging", "qa2"]) {
      expect(parseEnvironmentName(name)).toBe(name);
    }
  });

  it("rejects names that could overlap another environment's prefix, with the rule and an example", () => {
    const rule =
      'must be "pr-<number>" (e.g. "pr-42", number 1–999999) or 2–16 lowercase letters and digits starting with a letter (e.g. "staging")';
    expect(() => parseEnvironmentName("pr-042")).toThrow(
      `NIGHTSHIFT_ENV ${rule} (got "pr-042"); dashes appear only in "pr-<number>" so that environment names never overlap.`,
    );
    for (const bad of ["pr-1-x", "my-env", "PR-1", "1abc", "x", "a-very-long-name-indeed", "pr-1234567", ""]) {
      expect(() => parseEnvironmentName(bad)).toThrow(`NIGHTSHIFT_ENV ${rule} (got ${JSON.stringify(bad)})`);
    }
  });

  it("rejects reserved names", () => {
    expect(() => parseEnvironmentName("bootstrap")).toThrow(
      'NIGHTSHIFT_ENV "bootstrap" is reserved (bootstrap, pr, development, local, test, deploy, boundary); choose another name such as "staging".',
    );
    expect(() => parseEnvironmentName("pr")).toThrow('NIGHTSHIFT_ENV "pr" is reserved');
  });

  it("reads production's flags in production and preview's everywhere else", () => {
    expect(environmentKind("production")).toBe("production");
    expect(environmentKind("pr-3")).toBe("preview");
    expect(environmentKind("staging")).toBe("preview");
  });
});

describe("environmentsToSynth", () => {
  it("always writes production and adds NIGHTSHIFT_ENV when it names another environment", () => {
    expect(environmentsToSynth({})).toEqual(["production"]);
    expect(environmentsToSynth({ NIGHTSHIFT_ENV: " " })).toEqual(["production"]);
    expect(environmentsToSynth({ NIGHTSHIFT_ENV: "production" })).toEqual(["production"]);
    expect(environmentsToSynth({ NIGHTSHIFT_ENV: "pr-42" })).toEqual(["production", "pr-42"]);
  });
});
