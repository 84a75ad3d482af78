import type { SecretInput, SecretsIo } from "../../../src/secrets/secrets-io";
import { createProject } from "../../helpers/temp-project";
import { testIo } from "../../ops/helpers/test-io";

/** A value that must never show up anywhere but the Secrets Manager stand-in. */
export const CANARY = "canary-5d1e0b7a-do-not-print";

export const CONFIG = `import { defineConfig } from "nightshift";
export default defineConfig({
  app: "wordmon",
  region: "us-east-1",
  stateBucket: "wordmon-state",
  github: { owner: "acme", repo: "wordmon" },
  vercel: { team: "acme", project: "wordmon-web" },
  secrets: [
    { name: "SMTP_URL", description: "SMTP connection URL used to send report emails", targets: ["lambda"] },
    { name: "ANALYTICS_KEY", description: "Analytics write key", targets: ["lambda", "vercel"] },
    { name: "STRIPE_KEY", description: "Stripe secret key", targets: ["vercel"], required: false },
  ],
});
`;

export function createSecretsProject(extra: Record<string, string> = {}): Promise<string> {
  return createProject({ "nightshift.config.ts": CONFIG, ...extra });
}

export interface InputScript {
  /** What is piped to stdin (not a terminal). */
  piped?: string;
  /** What is typed at the hidden prompt (a terminal). */
  typed?: string;
}

/** A SecretsIo over `testIo`, with scripted input; `prompts` records the hidden prompt's questions. */
export function secretsTestIo(
  cwd: string,
  env: Record<string, string | undefined>,
  input: InputScript = {},
  confirm = false,
) {
  const base = testIo({ cwd, env, confirm });
  const prompts: string[] = [];
  const secretInput: SecretInput = {
    isTTY: input.typed !== undefined,
    readAll: async () => input.piped ?? "",
    promptHidden: async (question) => {
      prompts.push(question);
      return input.typed ?? "";
    },
  };
  const io: SecretsIo = { ...base.io, input: secretInput };
  return { io, out: base.out, prompts, questions: base.questions };
}
