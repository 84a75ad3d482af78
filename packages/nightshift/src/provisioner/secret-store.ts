import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/** The two Secrets Manager calls the provisioner and the migrate function make; tests pass a Map. */
export interface SecretStore {
  /** The secret's current string, or undefined when it has no value yet. */
  read(secretId: string): Promise<string | undefined>;
  /** Stores a new current version. */
  write(secretId: string, value: string): Promise<void>;
}

/**
 * Secrets Manager through SDK v3 (shipped by the Lambda Node.js runtime; loaded on first use).
 * The client is created once per process and reused across invocations.
 */
export function awsSecretStore(): SecretStore {
  let client: Promise<{ sdk: typeof import("@aws-sdk/client-secrets-manager"); client: SecretsManagerClient }>;
  const get = () => {
    client ??= import("@aws-sdk/client-secrets-manager").then((sdk) => ({
      sdk,
      client: new sdk.SecretsManagerClient({}),
    }));
    return client;
  };
  return {
    async read(secretId) {
      const { sdk, client } = await get();
      try {
        const result = await client.send(new sdk.GetSecretValueCommand({ SecretId: secretId }));
        return result.SecretString;
      } catch (error) {
        // A secret Terraform created without a version has no AWSCURRENT value yet.
        if ((error as { name?: string }).name === "ResourceNotFoundException") return undefined;
        throw error;
      }
    },
    async write(secretId, value) {
      const { sdk, client } = await get();
      await client.send(new sdk.PutSecretValueCommand({ SecretId: secretId, SecretString: value }));
    },
  };
}

/** An in-memory store: the local environment and tests. */
export function memorySecretStore(initial: Record<string, string> = {}): SecretStore & { values: Map<string, string> } {
  const values = new Map(Object.entries(initial));
  return {
    values,
    async read(secretId) {
      return values.get(secretId);
    },
    async write(secretId, value) {
      values.set(secretId, value);
    },
  };
}
