import { defineCommand } from "citty";
import { NightshiftError } from "../../../errors";
import { secretId } from "../../../secrets/secret-names";
import { processSecretsIo, type SecretsIo } from "../../../secrets/secrets-io";
import { declaredSecret, openSecretsContext, requireOwnScope } from "./context";

export interface SecretsUnsetArgs {
  readonly name: string;
  readonly env: string;
  /** Skips the confirmation (scripts, CI). */
  readonly yes?: boolean;
}

/**
 * `nightshift secrets unset NAME --env <env>`: removes a secret's value. Secrets Manager cannot
 * empty a secret, so the secret is deleted at once (no recovery window) and the next deploy creates
 * it again, empty: Lambdas then find no value; Vercel keeps its copy until that deploy.
 */
export async function runSecretsUnset(args: SecretsUnsetArgs, io: SecretsIo): Promise<number> {
  const context = await openSecretsContext(io, args.env);
  try {
    requireOwnScope(context, "unset");
    const secret = declaredSecret(context.config, args.name);
    const id = secretId(context.config.app, context.scope, secret.name);
    const state = await context.aws.describe(id);
    if (!state.exists) {
      io.stdout(`${secret.name} has no value for ${context.scope} (${id} does not exist); nothing to do.\n`);
      return 0;
    }
    if (!args.yes) {
      const confirmed = await io.confirm(
        `Delete the value of ${secret.name} for ${context.scope} (${id})? It cannot be restored.`,
      );
      if (!confirmed) {
        throw new NightshiftError(
          "E_USAGE",
          `not confirmed, so ${secret.name} was left as it is; pass --yes to unset it without asking.`,
        );
      }
    }
    await context.aws.remove(id);
    const notes = [
      "the next deploy creates the secret again, empty",
      secret.targets.includes("vercel")
        ? `Vercel keeps its copy until then, and that deploy stops until ${secret.name} is set again or its "vercel" target is removed`
        : undefined,
    ].filter(Boolean);
    io.stdout(`Unset ${secret.name} for ${context.scope}: ${notes.join("; ")}.\n`);
    return 0;
  } finally {
    context.close();
  }
}

export default defineCommand({
  meta: { name: "unset", description: "Remove a secret's value from AWS Secrets Manager." },
  args: {
    name: { type: "positional", required: true, description: "The secret's name." },
    env: { type: "string", required: true, description: "production, preview, or another environment." },
    yes: { type: "boolean", description: "Do not ask for confirmation." },
  },
  async run({ args }) {
    process.exitCode = await runSecretsUnset({ name: args.name, env: args.env, yes: args.yes }, processSecretsIo());
  },
});
