import { NightshiftError } from "../errors";

/** Where a failing AWS call was aimed, for the error message. */
export interface AwsCallContext {
  /** What was being done: `invoking wordmon-pr-42-check-mentions`. */
  readonly action: string;
  readonly environment: string;
  readonly region: string;
  /** What to do when the resource does not exist. @default "deploy the environment first" */
  readonly notFoundFix?: string;
}

const NO_CREDENTIALS = new Set(["CredentialsProviderError", "TokenProviderError"]);
const BAD_CREDENTIALS = new Set([
  "ExpiredToken",
  "ExpiredTokenException",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
]);
const ACCESS_DENIED = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "AuthorizationError",
  "KMS.AccessDeniedException",
]);
const NOT_FOUND = new Set([
  "ResourceNotFoundException",
  "QueueDoesNotExist",
  "AWS.SimpleQueueService.NonExistentQueue",
]);

const LOGIN =
  "Log in with `aws sso login --profile <profile>` and set AWS_PROFILE=<profile>, or export AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN); `aws sts get-caller-identity` shows who you are.";

/**
 * Turns an AWS SDK error into a NightshiftError that says what failed and how to fix it: missing or
 * expired credentials (`E_NO_CREDENTIALS`), missing permissions (`E_ACCESS_DENIED`), a resource that
 * is not deployed (`E_NOT_DEPLOYED`). Anything else becomes `E_AWS` with AWS's own message.
 */
export function explainAwsError(error: unknown, context: AwsCallContext): NightshiftError {
  if (error instanceof NightshiftError) return error;
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  const at = `environment "${context.environment}" (${context.region})`;
  if (name === "AbortError") {
    return new NightshiftError(
      "E_INTERRUPTED",
      `${context.action} in ${at} was interrupted (Ctrl-C); whatever AWS had already accepted keeps going.`,
      { cause: error },
    );
  }
  if (NO_CREDENTIALS.has(name)) {
    return new NightshiftError(
      "E_NO_CREDENTIALS",
      `no AWS credentials found for ${context.action} in ${at} (${message}). ${LOGIN}`,
      { cause: error },
    );
  }
  if (BAD_CREDENTIALS.has(name)) {
    return new NightshiftError(
      "E_NO_CREDENTIALS",
      `AWS rejected your credentials while ${context.action} in ${at} (${name}: ${message}); they are expired or wrong. ${LOGIN}`,
      { cause: error },
    );
  }
  if (ACCESS_DENIED.has(name)) {
    return new NightshiftError(
      "E_ACCESS_DENIED",
      `your AWS identity may not do this: ${context.action} in ${at} was denied (${message}). Use a role that may operate the environment (the deploy role, or an admin), e.g. AWS_PROFILE=<profile with access>.`,
      { cause: error },
    );
  }
  if (NOT_FOUND.has(name)) {
    return new NightshiftError(
      "E_NOT_DEPLOYED",
      `${context.action} failed: it does not exist in ${at} (${message}). Check the --env name and AWS_REGION, or ${context.notFoundFix ?? "deploy the environment first"}.`,
      { cause: error },
    );
  }
  return new NightshiftError("E_AWS", `${context.action} in ${at} failed: ${name ? `${name}: ` : ""}${message}`, {
    cause: error,
  });
}

/** Runs one AWS call and explains its failure with `explainAwsError`. */
export async function awsCall<T>(context: AwsCallContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw explainAwsError(error, context);
  }
}
