import { NightshiftError } from "../errors";
import { credentialsFor } from "./aws-clients";
import type { RuntimeConfig } from "./config";

/** How long a password read from Secrets Manager is reused before it is read again (after a rotation). */
export const PASSWORD_CACHE_MS = 60 * 1000;

/**
 * The password of a deployed environment's database role, read from its Secrets Manager secret
 * (`NIGHTSHIFT_DATABASE_SECRET_ARN`, JSON with a `password` field, written by the provisioner). Deployed
 * functions and the Vercel project get a `DATABASE_URL` without a password plus that ARN, so the
 * password is in no Terraform state and no env var. Lambda reads it with its role; Vercel with its
 * OIDC role. The result is reused for `PASSWORD_CACHE_MS`, so new connections pick up a rotation.
 */
export function secretPassword(
  config: RuntimeConfig,
  secretArn: string,
  now: () => number = Date.now,
): () => Promise<string> {
  let cached: { value: string; at: number } | undefined;
  return async () => {
    if (cached && now() - cached.at < PASSWORD_CACHE_MS) return cached.value;
    const sdk = await import("@aws-sdk/client-secrets-manager");
    const credentials = credentialsFor(config, undefined);
    const client = new sdk.SecretsManagerClient({
      ...(config.region ? { region: config.region } : {}),
      ...(credentials ? { credentials } : {}),
    });
    const result = await client.send(new sdk.GetSecretValueCommand({ SecretId: secretArn }));
    let password: unknown;
    try {
      password = JSON.parse(result.SecretString ?? "{}").password;
    } catch {
      password = undefined;
    }
    if (typeof password !== "string" || password === "") {
      throw new NightshiftError(
        "E_CONFIG",
        `The database secret ${secretArn} (NIGHTSHIFT_DATABASE_SECRET_ARN) has no password yet. The environment's provisioner writes it on deploy; deploy the environment again, or check its provisioner's logs.`,
      );
    }
    cached = { value: password, at: now() };
    return password;
  };
}
