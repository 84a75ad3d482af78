import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { NightshiftError } from "../errors";
import { awsCall, explainAwsError } from "../ops/aws-errors";
import { SECRETS_ENDPOINT_ENV } from "./secret-names";

/** What Secrets Manager says about one secret, never its value. */
export interface SecretState {
  /** `<app>/<scope>/<NAME>`. */
  readonly secretId: string;
  /** False when the deploy has not created the secret yet. */
  readonly exists: boolean;
  /** True when the secret has a current value (`AWSCURRENT`). */
  readonly hasValue: boolean;
  /** When the secret last changed (value or settings), per Secrets Manager. */
  readonly lastChanged?: Date;
}

/** The Secrets Manager calls the secrets commands make. Values go in, never out. */
export interface AwsSecrets {
  describe(secretId: string): Promise<SecretState>;
  /** Stores a new current value; `E_NOT_DEPLOYED` when the deploy has not created the secret. */
  put(secretId: string, value: string): Promise<void>;
  /** Deletes the secret at once (no recovery window); the next deploy creates it again, empty. */
  remove(secretId: string): Promise<void>;
}

export interface AwsSecretsContext {
  readonly environment: string;
  readonly region: string;
  /** The deploy step that creates the secrets, for "not found" errors. */
  readonly deployStep: string;
}

type Sdk = typeof import("@aws-sdk/client-secrets-manager");

/**
 * A Secrets Manager client with the caller's credentials: explicit ones from `env` when given
 * (`AWS_ACCESS_KEY_ID`…), otherwise the SDK's default chain (profiles, SSO).
 */
export async function createSecretsManagerClient(
  region: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<SecretsManagerClient> {
  const { SecretsManagerClient } = await import("@aws-sdk/client-secrets-manager");
  const endpoint = env[SECRETS_ENDPOINT_ENV]?.trim() || undefined;
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  return new SecretsManagerClient({
    region,
    ...(endpoint ? { endpoint } : {}),
    ...(accessKeyId && secretAccessKey
      ? {
          credentials: {
            accessKeyId,
            secretAccessKey,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          },
        }
      : {}),
  });
}

const isNotFound = (error: unknown) => (error as { name?: string }).name === "ResourceNotFoundException";

export function awsSecrets(client: Pick<SecretsManagerClient, "send">, context: AwsSecretsContext): AwsSecrets {
  let sdk: Promise<Sdk> | undefined;
  const load = () => {
    sdk ??= import("@aws-sdk/client-secrets-manager");
    return sdk;
  };
  const at = (action: string) => ({
    action,
    environment: context.environment,
    region: context.region,
    notFoundFix: `create it with the deploy (${context.deployStep})`,
  });
  const notCreated = (secretId: string) =>
    new NightshiftError(
      "E_NOT_DEPLOYED",
      `secret ${secretId} does not exist yet in ${context.region}: the deploy creates it, empty (${context.deployStep}). Deploy, then run this again.`,
    );

  return {
    async describe(secretId) {
      const { DescribeSecretCommand } = await load();
      try {
        const result = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
        const stages = Object.values(result.VersionIdsToStages ?? {}).flat();
        return {
          secretId,
          exists: result.DeletedDate === undefined,
          hasValue: result.DeletedDate === undefined && stages.includes("AWSCURRENT"),
          ...(result.LastChangedDate ? { lastChanged: result.LastChangedDate } : {}),
        };
      } catch (error) {
        if (isNotFound(error)) return { secretId, exists: false, hasValue: false };
        throw explainAwsError(error, at(`reading secret ${secretId}`));
      }
    },
    async put(secretId, value) {
      const { PutSecretValueCommand } = await load();
      try {
        await client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: value }));
      } catch (error) {
        if (isNotFound(error)) throw notCreated(secretId);
        // AWS error messages name the secret, not the value; the value is never part of one.
        throw explainAwsError(error, at(`storing secret ${secretId}`));
      }
    },
    async remove(secretId) {
      const { DeleteSecretCommand } = await load();
      await awsCall(at(`deleting secret ${secretId}`), () =>
        client.send(new DeleteSecretCommand({ SecretId: secretId, ForceDeleteWithoutRecovery: true })),
      );
    },
  };
}
