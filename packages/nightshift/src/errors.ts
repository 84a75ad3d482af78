/**
 * Every user-facing error Nightshift raises carries a stable code, so tools and tests can match on
 * the code while people read the message. Messages name the file, the field, the value, the limit
 * and the fix.
 */
export type NightshiftErrorCode =
  | "E_BAD_DURATION"
  | "E_BAD_NAME"
  | "E_DUPLICATE_NAME"
  | "E_NOT_A_DEFINITION"
  | "E_CONTRACT_WITHOUT_HANDLER"
  | "E_HANDLER_WITHOUT_CONTRACT"
  | "E_HANDLER_CONTRACT_MISMATCH"
  | "E_BAD_OPTION"
  | "E_BAD_SCHEDULE"
  | "E_BAD_TIMEZONE"
  | "E_UNKNOWN_TOPIC"
  | "E_CONTRACT_UNNAMED"
  | "E_INVALID_PAYLOAD"
  | "E_PAYLOAD_TOO_LARGE"
  | "E_SEND_FAILED"
  | "E_CONFIG"
  | "E_LIMIT"
  | "E_USAGE"
  | "E_UNKNOWN_JOB"
  | "E_NO_LOCAL_ENV"
  | "E_NO_CREDENTIALS"
  | "E_PORT_IN_USE"
  | "E_MISSING_SECRETS"
  | "E_BAD_PLAN"
  | "E_MIGRATION_FAILED"
  | "E_ONCE_BUSY"
  | "E_NOT_DEPLOYED"
  | "E_ACCESS_DENIED"
  | "E_AWS"
  | "E_INTERRUPTED"
  | "E_VERCEL";

export class NightshiftError extends Error {
  readonly code: NightshiftErrorCode;
  constructor(code: NightshiftErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "NightshiftError";
    this.code = code;
  }
}

export function isNightshiftError(error: unknown): error is NightshiftError {
  return (
    error instanceof Error && typeof (error as NightshiftError).code === "string" && error.name === "NightshiftError"
  );
}

/** Quotes a user value for an error message: strings in double quotes, everything else as JSON. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "undefined";
  if (typeof value === "function") return "a function";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
