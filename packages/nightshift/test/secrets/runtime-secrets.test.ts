import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/runtime/logger";
import { createSecretReader, declaredSecretArns, loadSecrets } from "../../src/runtime/secrets";
import { type SecretsManagerServer, startSecretsManagerServer } from "./helpers/secrets-manager-server";
import { CANARY } from "./helpers/secrets-project";

let aws: SecretsManagerServer;
let smtpArn: string;
let keyArn: string;
let env: Record<string, string | undefined>;

beforeEach(async () => {
  aws = await startSecretsManagerServer();
  smtpArn = aws.create("wordmon/production/SMTP_URL");
  keyArn = aws.create("wordmon/production/ANALYTICS_KEY");
  const put = (name: string, value: string) =>
    aws.secrets.get(name)!.versions.push({ id: name, value, stages: ["AWSCURRENT"], created: aws.clock.now });
  put("wordmon/production/SMTP_URL", CANARY);
  put("wordmon/production/ANALYTICS_KEY", "key-value");
  // What a deployed function gets: names → ARNs, the region, and here the stand-in's endpoint.
  env = {
    NIGHTSHIFT_SECRETS: JSON.stringify({ SMTP_URL: smtpArn, ANALYTICS_KEY: keyArn }),
    NIGHTSHIFT_ENV: "production",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "ASIATEST",
    AWS_SECRET_ACCESS_KEY: "test",
    NIGHTSHIFT_SECRETSMANAGER_ENDPOINT: aws.endpoint,
  };
});
afterEach(async () => {
  await aws.stop();
});

const gets = () => aws.calls.filter((call) => call.operation === "GetSecretValue").map((call) => call.input.SecretId);

describe("secrets at run time", () => {
  it("fetches every declared secret once per process, by ARN, one GetSecretValue each", async () => {
    const reader = createSecretReader({ env });
    await reader.load();
    expect(gets().sort()).toEqual([smtpArn, keyArn].sort());
    // Warm invocations read from memory.
    expect(await reader.get("SMTP_URL")).toBe(CANARY);
    expect(await reader.get("ANALYTICS_KEY")).toBe("key-value");
    expect(await reader.get("SMTP_URL")).toBe(CANARY);
    expect(gets()).toHaveLength(2);
  });

  it("reads with the SDK client it is given, and shares one fetch between concurrent first reads", async () => {
    const client = new SecretsManagerClient({
      region: "us-east-1",
      endpoint: aws.endpoint,
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
    });
    const reader = createSecretReader({ env: { ...env, NIGHTSHIFT_SECRETSMANAGER_ENDPOINT: undefined }, client });
    const values = await Promise.all([reader.get("SMTP_URL"), reader.get("ANALYTICS_KEY"), reader.get("SMTP_URL")]);
    expect(values).toEqual([CANARY, "key-value", CANARY]);
    expect(gets()).toHaveLength(2);
    client.destroy();
  });

  it("says how to set a declared secret that has no value, without any value in the message", async () => {
    aws.secrets.get("wordmon/production/ANALYTICS_KEY")!.versions = [];
    const reader = createSecretReader({ env });
    await expect(reader.get("ANALYTICS_KEY")).rejects.toThrow(
      'secret ANALYTICS_KEY has no value in AWS Secrets Manager for "production"; set it with `nightshift secrets set ANALYTICS_KEY --env production`.',
    );
    expect(await reader.find("ANALYTICS_KEY")).toBeUndefined();
    const pr = createSecretReader({ env: { ...env, NIGHTSHIFT_ENV: "pr-42" } });
    await expect(pr.get("ANALYTICS_KEY")).rejects.toThrow("`nightshift secrets set ANALYTICS_KEY --env preview`");
  });

  it("reads undeclared names from env vars (Vercel, .env.local), and explains an unset one", async () => {
    const reader = createSecretReader({ env: { STRIPE_KEY: "from-env" } });
    expect(await reader.get("STRIPE_KEY")).toBe("from-env");
    await expect(reader.get("NOPE")).rejects.toMatchObject({
      code: "E_MISSING_SECRETS",
      message:
        'secret NOPE is not set. Locally, add NOPE=… to .env.local; deployed, declare it in nightshift.config.ts secrets (targets "lambda" and/or "vercel"), deploy, and run `nightshift secrets set NOPE --env <env>`.',
    });
    expect(aws.calls).toEqual([]);
  });

  it("copies the values into env for code that reads process.env, keeping what is already set", async () => {
    const target: Record<string, string | undefined> = { ...env, ANALYTICS_KEY: "already-set" };
    await loadSecrets(target);
    expect(target.SMTP_URL).toBe(CANARY);
    expect(target.ANALYTICS_KEY).toBe("already-set");
  });

  it("retries after a failed fetch instead of caching the failure", async () => {
    const changing = { ...env, NIGHTSHIFT_SECRETSMANAGER_ENDPOINT: "http://127.0.0.1:9" };
    const reader = createSecretReader({ env: changing });
    await expect(reader.get("SMTP_URL")).rejects.toMatchObject({ code: "E_AWS" });
    changing.NIGHTSHIFT_SECRETSMANAGER_ENDPOINT = aws.endpoint;
    expect(await reader.get("SMTP_URL")).toBe(CANARY);
    expect(gets()).toHaveLength(2);
  });

  it("rejects a malformed NIGHTSHIFT_SECRETS", () => {
    expect(() => declaredSecretArns({ NIGHTSHIFT_SECRETS: '{"SMTP_URL": 42}' })).toThrow(
      'NIGHTSHIFT_SECRETS must be a JSON object of secret names to Secrets Manager ARNs, as the deploy sets it (got "{\\"SMTP_URL\\": 42}"); redeploy the environment, or unset it to read secrets from env vars.',
    );
    expect(declaredSecretArns({})).toEqual({});
  });

  it("never puts a value in a log line (canary)", async () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({ job: "generate-report" }, (line) => lines.push(line));
    const reader = createSecretReader({ env });
    await reader.load();
    log.info("secrets loaded", { names: Object.keys(declaredSecretArns(env)) });
    const failing = createSecretReader({ env: { ...env, NIGHTSHIFT_SECRETSMANAGER_ENDPOINT: "http://127.0.0.1:9" } });
    await failing.load().catch((error) => log.error("secrets failed", { error }));
    expect(JSON.stringify(lines)).not.toContain(CANARY);
    expect(lines).toHaveLength(2);
  });
});
