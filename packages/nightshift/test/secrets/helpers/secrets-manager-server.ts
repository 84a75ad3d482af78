import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One secret as the stand-in keeps it. */
export interface StoredSecret {
  readonly name: string;
  readonly arn: string;
  versions: { id: string; value: string; stages: string[]; created: number }[];
  lastChanged: number;
  created: number;
}

/** One request the server received: the operation and its JSON input. */
export interface SecretsManagerCall {
  readonly operation: string;
  readonly input: Record<string, unknown>;
  /** The request's `Authorization` header (signed by the SDK). */
  readonly authorization: string | undefined;
}

export interface SecretsManagerServer {
  /** `NIGHTSHIFT_SECRETSMANAGER_ENDPOINT`. */
  readonly endpoint: string;
  readonly secrets: Map<string, StoredSecret>;
  readonly calls: SecretsManagerCall[];
  /** Creates an empty secret, as the deploy would. Returns its ARN. */
  create(name: string): string;
  /** The secret's current value, for assertions. */
  current(name: string): string | undefined;
  /** The server's clock (ms since the epoch); advance it between calls. */
  clock: { now: number };
  stop(): Promise<void>;
}

const REGION = "us-east-1";
const ACCOUNT = "123456789012";

class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/**
 * A local stand-in for AWS Secrets Manager speaking its JSON 1.1 protocol (`POST /` with
 * `x-amz-target: secretsmanager.<Operation>`), so tests drive the real SDK client with its endpoint
 * pointed here. It implements what Nightshift calls: DescribeSecret, GetSecretValue, PutSecretValue
 * and DeleteSecret, with AWS's error types (ResourceNotFoundException for a missing secret, and for
 * a secret with no `AWSCURRENT` version).
 */
export async function startSecretsManagerServer(
  startMs = Date.parse("2027-01-04T00:00:00Z"),
): Promise<SecretsManagerServer> {
  const secrets = new Map<string, StoredSecret>();
  const calls: SecretsManagerCall[] = [];
  const clock = { now: startMs };
  const seconds = (ms: number) => ms / 1000;

  const find = (id: unknown): StoredSecret => {
    const secret = [...secrets.values()].find((s) => s.name === id || s.arn === id);
    if (!secret)
      throw new ServiceError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    return secret;
  };
  const current = (secret: StoredSecret) => secret.versions.find((v) => v.stages.includes("AWSCURRENT"));

  const operations: Record<string, (input: Record<string, unknown>) => Record<string, unknown>> = {
    DescribeSecret(input) {
      const secret = find(input.SecretId);
      return {
        ARN: secret.arn,
        Name: secret.name,
        CreatedDate: seconds(secret.created),
        LastChangedDate: seconds(secret.lastChanged),
        VersionIdsToStages: Object.fromEntries(secret.versions.map((v) => [v.id, v.stages])),
      };
    },
    GetSecretValue(input) {
      const secret = find(input.SecretId);
      const version = current(secret);
      if (!version) {
        throw new ServiceError(
          "ResourceNotFoundException",
          "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
        );
      }
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.id,
        SecretString: version.value,
        VersionStages: version.stages,
        CreatedDate: seconds(version.created),
      };
    },
    PutSecretValue(input) {
      const secret = find(input.SecretId);
      if (typeof input.SecretString !== "string" || input.SecretString.length === 0) {
        throw new ServiceError("InvalidParameterException", "You must provide either SecretString or SecretBinary.");
      }
      for (const version of secret.versions) {
        version.stages = version.stages.includes("AWSCURRENT") ? ["AWSPREVIOUS"] : [];
      }
      const id = randomUUID();
      secret.versions.push({ id, value: input.SecretString, stages: ["AWSCURRENT"], created: clock.now });
      secret.lastChanged = clock.now;
      return { ARN: secret.arn, Name: secret.name, VersionId: id, VersionStages: ["AWSCURRENT"] };
    },
    DeleteSecret(input) {
      const secret = find(input.SecretId);
      if (input.ForceDeleteWithoutRecovery !== true) {
        throw new ServiceError("InvalidRequestException", "the stand-in only supports ForceDeleteWithoutRecovery");
      }
      secrets.delete(secret.name);
      return { ARN: secret.arn, Name: secret.name, DeletionDate: seconds(clock.now) };
    },
  };

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers["x-amz-target"] ?? "");
    const operation = target.replace(/^secretsmanager\./, "");
    let input: Record<string, unknown> = {};
    try {
      input = JSON.parse(Buffer.concat(chunks).toString() || "{}");
    } catch {}
    calls.push({ operation, input, authorization: req.headers.authorization });
    try {
      const handler = operations[operation];
      if (!target.startsWith("secretsmanager.") || !handler) {
        throw new ServiceError("UnknownOperationException", `the stand-in does not implement ${target}`);
      }
      const output = handler(input);
      res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify(output));
    } catch (error) {
      const failure =
        error instanceof ServiceError ? error : new ServiceError("InternalServiceError", String(error), 500);
      res.writeHead(failure.status, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify({ __type: failure.type, message: failure.message }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    secrets,
    calls,
    clock,
    create(name) {
      const arn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-${randomBytes(3).toString("hex")}`;
      secrets.set(name, { name, arn, versions: [], lastChanged: clock.now, created: clock.now });
      return arn;
    },
    current(name) {
      const secret = secrets.get(name);
      return secret ? current(secret)?.value : undefined;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
