import { describe, expect, it } from "vitest";
import { connectionBudget, maxConnectionsFor } from "../../src/db/connection-budget";

describe("maxConnectionsFor", () => {
  it("follows RDS's memory formula", () => {
    expect(maxConnectionsFor("db.t4g.micro", "f")).toBe(101);
    expect(maxConnectionsFor("db.t3.small", "f")).toBe(202);
    expect(maxConnectionsFor("db.m7g.large", "f")).toBe(811);
    expect(maxConnectionsFor("db.r6g.16xlarge", "f")).toBe(5000);
  });

  it("names the field, the value and what to use instead", () => {
    expect(() => maxConnectionsFor("db.x2g.large", "database.production.instanceClass")).toThrow(
      'nightshift.config.ts: database.production.instanceClass is "db.x2g.large", whose connection limit Nightshift does not know, so it cannot check queue concurrency against it. Use a db.t*, db.m* or db.r* class of a listed size (t: micro–2xlarge, m and r: large–16xlarge), e.g. "db.t4g.micro".',
    );
  });
});

describe("connectionBudget", () => {
  it("gives production its instance less RDS's reserve, the web app and maintenance", () => {
    expect(connectionBudget({ instanceClass: "db.t4g.micro", kind: "production" })).toEqual({
      connections: 74,
      perFunction: 1,
      roleConnectionLimit: 96,
      maxConnections: 101,
      source: "the production database (db.t4g.micro, max_connections 101, 20 kept for the web app)",
    });
  });

  it("shares the preview instance between pull-request environments", () => {
    const budget = connectionBudget({ instanceClass: "db.t4g.micro", kind: "preview" });
    expect(budget).toMatchObject({ connections: 19, roleConnectionLimit: 24 });
    expect(budget.source).toBe(
      "the preview database (db.t4g.micro, max_connections 101, shared by 4 preview environments, 3 kept for the web app)",
    );
  });

  it("refuses an instance too small to leave functions any connection", () => {
    expect(() => connectionBudget({ instanceClass: "db.t4g.micro", kind: "preview", previewEnvironments: 20 })).toThrow(
      'nightshift.config.ts: database.preview.instanceClass "db.t4g.micro" allows 101 connections; shared by 20 environment(s) that leaves 4 each, less 3 for the web app and 2 for maintenance, so none for functions (need at least 1). Use a larger instance class.',
    );
  });
});
