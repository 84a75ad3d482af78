import { NightshiftError } from "../errors";
import type { SecretInput } from "./secrets-io";

/** Secrets Manager's limit for a secret string. */
export const MAX_SECRET_BYTES = 65_536;

/**
 * The value for `nightshift secrets set`, never from argv: piped stdin (one trailing newline
 * dropped, as `echo` adds one) or a hidden prompt. Errors never contain the value.
 */
export async function readSecretValue(input: SecretInput, name: string, command: string): Promise<string> {
  const raw = input.isTTY ? await input.promptHidden(`Value for ${name} (input hidden): `) : await input.readAll();
  const value = raw.replace(/\r?\n$/, "");
  if (value.trim() === "") {
    throw new NightshiftError(
      "E_USAGE",
      `no value for ${name} was given: pipe it in (\`printf %s "$VALUE" | ${command}\`) or type it at the hidden prompt; to remove a value, use \`nightshift secrets unset\`.`,
    );
  }
  const bytes = Buffer.byteLength(value, "utf8");
  if (bytes > MAX_SECRET_BYTES) {
    throw new NightshiftError(
      "E_LIMIT",
      `the value for ${name} is ${bytes} bytes; Secrets Manager stores at most ${MAX_SECRET_BYTES} bytes per secret. Store a reference (a URL or a file in S3) instead.`,
    );
  }
  return value;
}
