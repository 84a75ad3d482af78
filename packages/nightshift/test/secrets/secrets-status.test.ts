import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runSecretsCheck } from "../../src/cli/commands/secrets/check";
import { runSecretsStatus } from "../../src/cli/commands/secrets/status";
import { loadConfig } from "../../src/config/load-config";
import { checkRequiredSecrets, localSecretSource } from "../../src/secrets/check-required-secrets";
import { cleanup } from "../helpers/temp-project";
import { type SecretsManagerServer, startSecretsManagerServer } from "./helpers/secrets-manager-server";
import { CANARY, createSecretsProject, secretsTestIo } from "./helpers/secrets-project";
import { startVercelApiServer, type VercelApiServer } from "./helpers/vercel-api-server";

const T0 = Date.parse("2027-01-04T00:00:00Z");
let root: string;
let aws: SecretsManagerServer;
let vercel: VercelApiServer;
let env: Record<string, string>;
const printed: string[] = [];

beforeAll(async () => {
  root = await createSecretsProject();
});
afterAll(async () => {
  expect(printed.join("\n")).not.toContain(CANARY);
  await cleanup(root);
});
beforeEach(async () => {
  aws = await startSecretsManagerServer(T0);
  vercel = await startVercelApiServer({ token: "vercel-token", team: "acme", project: "wordmon-web" });
  env = {
    AWS_ACCESS_KEY_ID: "AKIDTEST",
    AWS_SECRET_ACCESS_KEY: "test-secret",
    NIGHTSHIFT_SECRETSMANAGER_ENDPOINT: aws.endpoint,
    VERCEL_TOKEN: "vercel-token",
    NIGHTSHIFT_VERCEL_API_URL: vercel.url,
  };
  for (const name of ["SMTP_URL", "ANALYTICS_KEY", "STRIPE_KEY"]) {
    aws.create(`wordmon/production/${name}`);
    aws.create(`wordmon/preview/${name}`);
  }
});
afterEach(async () => {
  await Promise.all([aws.stop(), vercel.stop()]);
});

/** Stores a value at the stand-in's current time, as `secrets set` would. */
function put(name: string, at: number) {
  const secret = aws.secrets.get(name)!;
  secret.versions.push({ id: `v${at}`, value: CANARY, stages: ["AWSCURRENT"], created: at });
  secret.lastChanged = at;
}

async function capture(
  command: (io: ReturnType<typeof secretsTestIo>["io"]) => Promise<number>,
  t = secretsTestIo(root, env),
) {
  let error: (Error & { code?: string }) | undefined;
  let code: number | undefined;
  try {
    code = await command(t.io);
  } catch (caught) {
    error = caught as Error;
  }
  printed.push(t.out.stdout(), t.out.stderr(), error?.message ?? "");
  return { code, error, stdout: t.out.stdout(), stderr: t.out.stderr() };
}

describe("nightshift secrets status", () => {
  it("compares Vercel's copies with AWS by presence and dates, per branch for previews, without reading values", async () => {
    put("wordmon/production/SMTP_URL", T0);
    put("wordmon/production/ANALYTICS_KEY", T0 + 1_000);
    put("wordmon/production/STRIPE_KEY", T0 + 60_000);
    put("wordmon/preview/ANALYTICS_KEY", T0);
    vercel.variables.push(
      // Written by the deploy after the secret changed: in sync.
      { key: "ANALYTICS_KEY", target: ["production"], type: "sensitive", value: CANARY, updatedAt: T0 + 2_000 },
      // Written before the secret last changed: stale.
      { key: "STRIPE_KEY", target: ["production"], type: "sensitive", value: CANARY, updatedAt: T0 + 5_000 },
      {
        key: "ANALYTICS_KEY",
        target: ["preview"],
        gitBranch: "feature/x",
        type: "sensitive",
        value: CANARY,
        updatedAt: T0 + 9_000,
      },
      {
        key: "ANALYTICS_KEY",
        target: ["preview"],
        gitBranch: "feature/y",
        type: "encrypted",
        value: CANARY,
        updatedAt: T0 + 9_000,
      },
      // Left behind in Vercel although preview has no value in AWS.
      {
        key: "STRIPE_KEY",
        target: ["preview"],
        gitBranch: "feature/x",
        type: "sensitive",
        value: CANARY,
        updatedAt: T0,
      },
    );
    const result = await capture((io) => runSecretsStatus({}, io));
    expect(result.error).toBeUndefined();
    expect(result.code).toBe(1);
    expect(result.stdout).toMatchInlineSnapshot(`
      "production:
        SMTP_URL       required  AWS set (changed 2027-01-04T00:00:00.000Z)
                       lambda    read from AWS at each cold start
        ANALYTICS_KEY  required  AWS set (changed 2027-01-04T00:00:01.000Z)
                       lambda    read from AWS at each cold start
                       vercel production  in sync (written 2027-01-04T00:00:02.000Z)
        STRIPE_KEY     optional  AWS set (changed 2027-01-04T00:01:00.000Z)
                       vercel production  stale (written 2027-01-04T00:00:05.000Z): Vercel's copy predates the last change in AWS: redeploy

      preview:
        SMTP_URL       required  AWS not set: nightshift secrets set SMTP_URL --env preview
                       lambda    read from AWS at each cold start
        ANALYTICS_KEY  required  AWS set (changed 2027-01-04T00:00:00.000Z)
                       lambda    read from AWS at each cold start
                       vercel preview (feature/x)  in sync (written 2027-01-04T00:00:09.000Z)
                       vercel preview (feature/y)  not sensitive (written 2027-01-04T00:00:09.000Z): not a sensitive variable in Vercel: redeploy to replace it
        STRIPE_KEY     optional  AWS not set: nightshift secrets set STRIPE_KEY --env preview
                       vercel preview (feature/x)  left in Vercel (written 2027-01-04T00:00:00.000Z): AWS has no value but Vercel still has one: redeploy, or set it again
      "
    `);
    // One listing, by project name and team slug, with the token; never a decrypt request.
    expect(vercel.requests).toEqual([{ path: "/v9/projects/wordmon-web/env?slug=acme", authorized: true }]);
    // Secrets Manager was only described, never read.
    expect(new Set(aws.calls.map((call) => call.operation))).toEqual(new Set(["DescribeSecret"]));
  });

  it("shows JSON for one environment and exits 0 when everything is in order", async () => {
    for (const name of ["SMTP_URL", "ANALYTICS_KEY", "STRIPE_KEY"]) put(`wordmon/production/${name}`, T0);
    for (const key of ["ANALYTICS_KEY", "STRIPE_KEY"]) {
      vercel.variables.push({ key, target: ["production"], type: "sensitive", value: CANARY, updatedAt: T0 });
    }
    const result = await capture((io) => runSecretsStatus({ env: "production", json: true }, io));
    expect(result.code).toBe(0);
    const [status] = JSON.parse(result.stdout);
    expect(status).toMatchObject({
      scope: "production",
      vercelTarget: "production",
      secrets: [
        { name: "SMTP_URL", aws: "set", vercel: [] },
        { name: "ANALYTICS_KEY", aws: "set", vercel: [{ drift: "in sync" }] },
        { name: "STRIPE_KEY", aws: "set", vercel: [{ drift: "in sync" }] },
      ],
    });
  });

  it("says what it could not check: Vercel without VERCEL_TOKEN, and secrets not created yet", async () => {
    aws.secrets.delete("wordmon/production/SMTP_URL");
    const result = await capture(
      (io) => runSecretsStatus({ env: "production" }, io),
      secretsTestIo(root, { ...env, VERCEL_TOKEN: "" }),
    );
    expect(result.stdout).toContain("SMTP_URL       required  AWS not created: deploy first");
    expect(result.stdout).toContain("vercel production  not checked");
    expect(result.stdout).toContain("(Vercel not checked: set VERCEL_TOKEN to compare)");
    expect(vercel.requests).toEqual([]);
  });

  it("explains a token Vercel refuses and a project it does not have", async () => {
    const refused = await capture(
      (io) => runSecretsStatus({ env: "production" }, io),
      secretsTestIo(root, { ...env, VERCEL_TOKEN: "wrong" }),
    );
    expect(refused.error?.message).toBe(
      'Vercel refused VERCEL_TOKEN for project "wordmon-web" of team "acme" (HTTP 401); create a token with access to the team at vercel.com/account/tokens and set VERCEL_TOKEN.',
    );
    await vercel.stop();
    vercel = await startVercelApiServer({ token: "vercel-token", team: "acme", project: "other" });
    const missing = await capture(
      (io) => runSecretsStatus({ env: "production" }, io),
      secretsTestIo(root, { ...env, NIGHTSHIFT_VERCEL_API_URL: vercel.url }),
    );
    expect(missing.error).toMatchObject({ code: "E_NOT_DEPLOYED" });
    expect(missing.error?.message).toBe(
      'Vercel has no project "wordmon-web" of team "acme" (HTTP 404); check vercel.team and vercel.project in nightshift.config.ts, or deploy production, which creates the project.',
    );
  });
});

describe("required secrets", () => {
  it("stop a deploy with the list of what is missing and the command that sets each", async () => {
    put("wordmon/preview/ANALYTICS_KEY", T0);
    const result = await capture((io) => runSecretsCheck({ env: "pr-42" }, io));
    expect(result.error).toMatchObject({ code: "E_MISSING_SECRETS" });
    // STRIPE_KEY is optional but targets Vercel: the deploy copies it, so it needs a value.
    expect(result.error?.message).toBe(
      [
        "2 secrets have no value in preview (AWS Secrets Manager, shared by pr-42):",
        "  SMTP_URL: SMTP connection URL used to send report emails",
        "    nightshift secrets set SMTP_URL --env preview",
        "  STRIPE_KEY: Stripe secret key",
        "    nightshift secrets set STRIPE_KEY --env preview",
      ].join("\n"),
    );
  });

  it("stop a pull request's deploy when the shared preview secret does not exist yet, saying what creates it", async () => {
    for (const name of ["SMTP_URL", "ANALYTICS_KEY", "STRIPE_KEY"]) put(`wordmon/preview/${name}`, T0);
    aws.secrets.delete("wordmon/preview/STRIPE_KEY");
    const result = await capture((io) => runSecretsCheck({ env: "pr-7" }, io));
    expect(result.error?.message).toBe(
      [
        "1 secret has no value in preview (AWS Secrets Manager, shared by pr-7):",
        "  STRIPE_KEY: Stripe secret key",
        "    the preview stack creates wordmon/preview/STRIPE_KEY when this change is deployed from main; then run: nightshift secrets set STRIPE_KEY --env preview",
      ].join("\n"),
    );
  });

  it("let a first deploy through when the secrets do not exist yet, with a note for each", async () => {
    for (const name of ["SMTP_URL", "ANALYTICS_KEY", "STRIPE_KEY"]) aws.secrets.delete(`wordmon/production/${name}`);
    const result = await capture((io) => runSecretsCheck({ env: "production" }, io));
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      [
        "note: SMTP_URL does not exist yet; this deploy creates it. Then run: nightshift secrets set SMTP_URL --env production",
        "note: ANALYTICS_KEY does not exist yet; this deploy creates it. Then run: nightshift secrets set ANALYTICS_KEY --env production",
        "note: STRIPE_KEY does not exist yet; this deploy creates it. Then run: nightshift secrets set STRIPE_KEY --env production",
        "",
      ].join("\n"),
    );
  });

  it("stop local development unless .env.local, the shell or the local environment provides them", async () => {
    const config = await loadConfig(root);
    await expect(checkRequiredSecrets(config, localSecretSource(root, {}))).rejects.toThrow(
      [
        "2 secrets have no value in .env.local:",
        "  SMTP_URL: SMTP connection URL used to send report emails",
        "    add SMTP_URL=… to .env.local",
        "  ANALYTICS_KEY: Analytics write key",
        "    add ANALYTICS_KEY=… to .env.local",
      ].join("\n"),
    );
    await writeFile(path.join(root, ".env.local"), `ANALYTICS_KEY=${CANARY}\n`);
    // SMTP_URL comes from the local environment itself (its mail catcher); STRIPE_KEY is optional.
    const check = await checkRequiredSecrets(
      config,
      localSecretSource(root, {}, { SMTP_URL: "smtp://127.0.0.1:2525" }),
    );
    expect(check).toEqual({ missing: [], notCreated: [] });
    const cli = await capture((io) => runSecretsCheck({}, io), secretsTestIo(root, { SMTP_URL: "smtp://x" }));
    expect(cli.stdout).toBe("Every required secret has a value locally.\n");
  });
});
