import { describe, expect, it, vi } from "vitest";
import { readRuntimeConfig } from "../../src/runtime/config";
import { PASSWORD_CACHE_MS, secretPassword } from "../../src/runtime/database-password";

const reads: string[] = [];
let secretString: string | undefined;

vi.mock("@aws-sdk/client-secrets-manager", () => ({
  SecretsManagerClient: class {
    async send(command: { input: { SecretId: string } }) {
      reads.push(command.input.SecretId);
      return { SecretString: secretString };
    }
  },
  GetSecretValueCommand: class {
    constructor(readonly input: { SecretId: string }) {}
  },
}));

const ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:wordmon-pr-42-database";

describe("secretPassword", () => {
  it("reads the role's password from the secret and reads it again after the cache time", async () => {
    reads.length = 0;
    let now = 0;
    secretString = JSON.stringify({ username: "wordmon_pr_42", password: "first" });
    const password = secretPassword(readRuntimeConfig({ AWS_REGION: "us-east-1" }), ARN, () => now);
    expect(await password()).toBe("first");
    secretString = JSON.stringify({ username: "wordmon_pr_42", password: "rotated" });
    now = PASSWORD_CACHE_MS - 1;
    expect(await password()).toBe("first");
    now = PASSWORD_CACHE_MS;
    expect(await password()).toBe("rotated");
    expect(reads).toEqual([ARN, ARN]);
  });

  it("explains a secret the provisioner has not filled", async () => {
    secretString = undefined;
    const password = secretPassword(readRuntimeConfig({ AWS_REGION: "us-east-1" }), ARN);
    await expect(password()).rejects.toThrow(
      `The database secret ${ARN} (NIGHTSHIFT_DATABASE_SECRET_ARN) has no password yet. The environment's provisioner writes it on deploy; deploy the environment again, or check its provisioner's logs.`,
    );
  });
});
