import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runSecretsList } from "../../src/cli/commands/secrets/list";
import { runSecretsSet } from "../../src/cli/commands/secrets/set";
import { runSecretsUnset } from "../../src/cli/commands/secrets/unset";
import { cleanup } from "../helpers/temp-project";
import { type SecretsManagerServer, startSecretsManagerServer } from "./helpers/secrets-manager-server";
import { CANARY, createSecretsProject, secretsTestIo } from "./helpers/secrets-project";

let root: string;
let aws: SecretsManagerServer;
let env: Record<string, string>;
/** Everything every command printed in this file, for the canary check at the end. */
const printed: string[] = [];

beforeAll(async () => {
  root = await createSecretsProject();
});
afterAll(async () => {
  expect(printed.join("\n")).not.toContain(CANARY);
  await cleanup(root);
});
beforeEach(async () => {
  aws = await startSecretsManagerServer();
  env = {
    AWS_ACCESS_KEY_ID: "AKIDTEST",
    AWS_SECRET_ACCESS_KEY: "test-secret",
    NIGHTSHIFT_SECRETSMANAGER_ENDPOINT: aws.endpoint,
  };
  for (const name of ["SMTP_URL", "ANALYTICS_KEY", "STRIPE_KEY"]) {
    aws.create(`wordmon/production/${name}`);
    aws.create(`wordmon/preview/${name}`);
  }
});
afterEach(async () => {
  await aws.stop();
});

/** Runs a command, records its output for the canary check, and returns it with the error, if any. */
async function run(
  command: (io: ReturnType<typeof secretsTestIo>["io"]) => Promise<number>,
  t: ReturnType<typeof secretsTestIo>,
) {
  let error: Error | undefined;
  let code: number | undefined;
  try {
    code = await command(t.io);
  } catch (caught) {
    error = caught as Error;
  }
  printed.push(t.out.stdout(), t.out.stderr(), error?.message ?? "", String(error?.stack ?? ""));
  return { code, error, stdout: t.out.stdout(), stderr: t.out.stderr() };
}

describe("nightshift secrets set", () => {
  it("stores a piped value with PutSecretValue through the signed SDK client, dropping one trailing newline", async () => {
    const t = secretsTestIo(root, env, { piped: `${CANARY}\n` });
    const result = await run((io) => runSecretsSet({ name: "SMTP_URL", env: "production" }, io), t);
    expect(result.error).toBeUndefined();
    expect(aws.current("wordmon/production/SMTP_URL")).toBe(CANARY);
    expect(result.stdout).toBe(
      "Set SMTP_URL for production (wordmon/production/SMTP_URL). Lambdas read it at their next cold start.\n",
    );
    const put = aws.calls.find((call) => call.operation === "PutSecretValue");
    expect(put?.input).toMatchObject({ SecretId: "wordmon/production/SMTP_URL", SecretString: CANARY });
    expect(put?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/us-east-1\/secretsmanager\//);
  });

  it("reads the value at a hidden prompt when stdin is a terminal", async () => {
    const t = secretsTestIo(root, env, { typed: CANARY });
    const result = await run((io) => runSecretsSet({ name: "ANALYTICS_KEY", env: "preview" }, io), t);
    expect(result.error).toBeUndefined();
    expect(t.prompts).toEqual(["Value for ANALYTICS_KEY (input hidden): "]);
    expect(aws.current("wordmon/preview/ANALYTICS_KEY")).toBe(CANARY);
    expect(result.stdout).toBe(
      "Set ANALYTICS_KEY for preview (wordmon/preview/ANALYTICS_KEY). Lambdas read it at their next cold start; Vercel gets it at the next preview deploy.\n",
    );
  });

  it("refuses a value given as an argument, without storing or repeating it", async () => {
    const t = secretsTestIo(root, env, { piped: "unused" });
    const result = await run((io) => runSecretsSet({ name: "SMTP_URL", env: "production", extra: [CANARY] }, io), t);
    expect(result.error?.message).toBe(
      'secrets set takes the value from stdin or a hidden prompt, never as an argument (it would stay in your shell history and process list); nothing was stored. Run `nightshift secrets set SMTP_URL --env production` and type it, or pipe it: `printf %s "$VALUE" | nightshift secrets set SMTP_URL --env production`.',
    );
    expect(aws.calls).toEqual([]);
  });

  it("says which deploy step creates a secret that does not exist yet", async () => {
    aws.secrets.delete("wordmon/production/SMTP_URL");
    const t = secretsTestIo(root, env, { piped: CANARY });
    const result = await run((io) => runSecretsSet({ name: "SMTP_URL", env: "production" }, io), t);
    expect(result.error).toMatchObject({ code: "E_NOT_DEPLOYED" });
    expect(result.error?.message).toBe(
      'secret wordmon/production/SMTP_URL does not exist yet in us-east-1: the deploy creates it, empty (apply the "production" stack: the deploy from main does it, or by hand `npm run synth` then `terraform apply` in cdktf.out/stacks/production). Deploy, then run this again.',
    );
  });

  it("rejects an undeclared name, a pull-request environment and an empty value", async () => {
    const undeclared = await run(
      (io) => runSecretsSet({ name: "NOPE", env: "production" }, io),
      secretsTestIo(root, env, { piped: CANARY }),
    );
    expect(undeclared.error?.message).toBe(
      '"NOPE" is not a secret declared in nightshift.config.ts (declared: SMTP_URL, ANALYTICS_KEY, STRIPE_KEY); add it to secrets: [{ name, description, targets }] and deploy first.',
    );
    const pr = await run(
      (io) => runSecretsSet({ name: "SMTP_URL", env: "pr-42" }, io),
      secretsTestIo(root, env, { piped: CANARY }),
    );
    expect(pr.error?.message).toBe(
      "--env pr-42: pull-request environments share the preview values, so set them with --env preview.",
    );
    const empty = await run(
      (io) => runSecretsSet({ name: "SMTP_URL", env: "production" }, io),
      secretsTestIo(root, env, { piped: "\n" }),
    );
    expect(empty.error?.message).toBe(
      'no value for SMTP_URL was given: pipe it in (`printf %s "$VALUE" | nightshift secrets set SMTP_URL --env production`) or type it at the hidden prompt; to remove a value, use `nightshift secrets unset`.',
    );
    expect(aws.calls.filter((call) => call.operation === "PutSecretValue")).toEqual([]);
  });
});

describe("nightshift secrets list", () => {
  it("lists the declared secrets and, with --env, which have values, never the values", async () => {
    await run(
      (io) => runSecretsSet({ name: "SMTP_URL", env: "production" }, io),
      secretsTestIo(root, env, { piped: CANARY }),
    );
    const plain = await run((io) => runSecretsList({}, io), secretsTestIo(root, env));
    expect(plain.stdout).toBe(
      [
        "SMTP_URL       required  lambda",
        "               SMTP connection URL used to send report emails",
        "ANALYTICS_KEY  required  lambda+vercel",
        "               Analytics write key",
        "STRIPE_KEY     optional  vercel",
        "               Stripe secret key",
        "",
      ].join("\n"),
    );
    const json = await run((io) => runSecretsList({ env: "production", json: true }, io), secretsTestIo(root, env));
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ name: "SMTP_URL", secretId: "wordmon/production/SMTP_URL", set: true }),
      expect.objectContaining({ name: "ANALYTICS_KEY", set: false }),
      expect.objectContaining({ name: "STRIPE_KEY", required: false, set: false }),
    ]);
    // A pull request reads the preview values.
    const pr = await run((io) => runSecretsList({ env: "pr-42" }, io), secretsTestIo(root, env));
    expect(pr.stdout).toContain("SMTP_URL       required  lambda  NOT SET in preview");
  });
});

describe("nightshift secrets unset", () => {
  it("deletes the value after confirmation, and leaves it when not confirmed", async () => {
    await run(
      (io) => runSecretsSet({ name: "SMTP_URL", env: "production" }, io),
      secretsTestIo(root, env, { piped: CANARY }),
    );
    const refused = secretsTestIo(root, env, {}, false);
    const no = await run((io) => runSecretsUnset({ name: "SMTP_URL", env: "production" }, io), refused);
    expect(no.error?.message).toBe(
      "not confirmed, so SMTP_URL was left as it is; pass --yes to unset it without asking.",
    );
    expect(refused.questions).toEqual([
      "Delete the value of SMTP_URL for production (wordmon/production/SMTP_URL)? It cannot be restored.",
    ]);
    expect(aws.current("wordmon/production/SMTP_URL")).toBe(CANARY);

    const yes = await run(
      (io) => runSecretsUnset({ name: "SMTP_URL", env: "production" }, io),
      secretsTestIo(root, env, {}, true),
    );
    expect(yes.stdout).toBe("Unset SMTP_URL for production: the next deploy creates the secret again, empty.\n");
    expect(aws.secrets.has("wordmon/production/SMTP_URL")).toBe(false);
    expect(aws.calls.find((call) => call.operation === "DeleteSecret")?.input).toEqual({
      SecretId: "wordmon/production/SMTP_URL",
      ForceDeleteWithoutRecovery: true,
    });

    const again = await run(
      (io) => runSecretsUnset({ name: "SMTP_URL", env: "production", yes: true }, io),
      secretsTestIo(root, env),
    );
    expect(again.stdout).toBe(
      "SMTP_URL has no value for production (wordmon/production/SMTP_URL does not exist); nothing to do.\n",
    );
  });
});
