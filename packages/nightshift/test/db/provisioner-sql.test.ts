import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { databaseNamesFor } from "../../src/provisioner/database-names";
import { scramKeys, scramSha256Verifier } from "../../src/provisioner/scram";
import {
  createDatabaseSql,
  createRoleSql,
  dropDatabaseSql,
  grantDatabaseSql,
  quoteIdent,
  quoteLiteral,
  revokePublicSql,
} from "../../src/provisioner/sql";

describe("quoteIdent", () => {
  it("doubles quotes, so a hostile name stays one identifier", () => {
    expect(quoteIdent('x"; DROP DATABASE postgres; --')).toBe('"x""; DROP DATABASE postgres; --"');
    expect(quoteIdent("Mixed Case")).toBe('"Mixed Case"');
  });

  it("rejects names Postgres would truncate or cannot store", () => {
    expect(() => quoteIdent("a".repeat(64))).toThrow(
      'Postgres identifier "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" is not usable: it must be 1–63 bytes without NUL characters (got 64 bytes). Use a shorter app or environment name.',
    );
    expect(() => quoteIdent("é".repeat(32))).toThrow(/got 64 bytes/);
    expect(() => quoteIdent("")).toThrow(/got 0 bytes/);
    expect(() => quoteIdent("a\0b")).toThrow(/without NUL/);
  });
});

describe("quoteLiteral", () => {
  it("doubles quotes and, with backslashes, uses an E string", () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(quoteLiteral("a\\' or 1=1 --")).toBe("E'a\\\\'' or 1=1 --'");
  });
});

describe("statements", () => {
  it("quote every name", () => {
    const spec = { role: 'r"x', passwordVerifier: "SCRAM-SHA-256$4096:s$a:b", connectionLimit: 10 };
    expect(createRoleSql(spec)).toBe(
      `CREATE ROLE "r""x" WITH LOGIN CONNECTION LIMIT 10 PASSWORD 'SCRAM-SHA-256$4096:s$a:b'`,
    );
    expect(createDatabaseSql('d"x', 'r"x')).toBe('CREATE DATABASE "d""x" OWNER "r""x"');
    expect(revokePublicSql("d")).toBe('REVOKE ALL ON DATABASE "d" FROM PUBLIC');
    expect(grantDatabaseSql("d", "r")).toBe('GRANT CONNECT, TEMPORARY, CREATE ON DATABASE "d" TO "r"');
    expect(dropDatabaseSql("d")).toBe('DROP DATABASE IF EXISTS "d" WITH (FORCE)');
  });
});

describe("scramSha256Verifier", () => {
  // RFC 7677 §3: user "user", password "pencil".
  const salt = Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64");
  const authMessage =
    "n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";

  it("derives the keys of the RFC 7677 example", () => {
    const { clientKey, storedKey, serverKey } = scramKeys("pencil", salt, 4096);
    const serverSignature = createHmac("sha256", serverKey).update(authMessage).digest("base64");
    expect(serverSignature).toBe("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    const clientSignature = createHmac("sha256", storedKey).update(authMessage).digest();
    const proof = Buffer.from(clientKey.map((byte, i) => byte ^ clientSignature[i]!)).toString("base64");
    expect(proof).toBe("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
  });

  it("formats the verifier as PostgreSQL stores it", () => {
    const { storedKey, serverKey } = scramKeys("pencil", salt, 4096);
    expect(scramSha256Verifier("pencil", salt)).toBe(
      `SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$${storedKey.toString("base64")}:${serverKey.toString("base64")}`,
    );
  });
});

describe("databaseNamesFor", () => {
  it("joins app and environment with underscores", () => {
    expect(databaseNamesFor("wordmon", "pr-42")).toEqual({ database: "wordmon_pr_42", role: "wordmon_pr_42" });
    expect(databaseNamesFor("word-mon", "production")).toEqual({
      database: "word_mon_production",
      role: "word_mon_production",
    });
  });

  it("rejects names Postgres cannot hold", () => {
    expect(() => databaseNamesFor("a".repeat(60), "pr-1234")).toThrow(
      `nightshift.config.ts: app "${"a".repeat(60)}" with environment "pr-1234" gives the database name "${"a".repeat(60)}_pr_1234", which must be 1–63 characters of a–z, 0–9 and _ starting with a letter. Shorten the app name.`,
    );
  });
});
