import { defineCommand } from "citty";
import { NightshiftError } from "../../../errors";
import { readSecretValue } from "../../../secrets/read-secret-value";
import { secretId } from "../../../secrets/secret-names";
import { processSecretsIo, type SecretsIo } from "../../../secrets/secrets-io";
import { declaredSecret, openSecretsContext, requireOwnScope } from "./context";

export interface SecretsSetArgs {
  readonly name: string;
  readonly env: string;
  /** Anything after the name: refused, since a value on the command line stays in shell history. */
  readonly extra?: readonly string[];
}

/**
 * `nightshift secrets set NAME --env <env>`: stores a value read from stdin or a hidden prompt in the
 * secret the deploy created. Prints where it went and who picks it up, never the value.
 */
export async function runSecretsSet(args: SecretsSetArgs, io: SecretsIo): Promise<number> {
  const command = `nightshift secrets set ${args.name} --env ${args.env}`;
  if (args.extra && args.extra.length > 0) {
    throw new NightshiftError(
      "E_USAGE",
      `secrets set takes the value from stdin or a hidden prompt, never as an argument (it would stay in your shell history and process list); nothing was stored. Run \`${command}\` and type it, or pipe it: \`printf %s "$VALUE" | ${command}\`.`,
    );
  }
  const context = await openSecretsContext(io, args.env);
  try {
    requireOwnScope(context, "set");
    const secret = declaredSecret(context.config, args.name);
    const value = await readSecretValue(io.input, secret.name, command);
    const id = secretId(context.config.app, context.scope, secret.name);
    await context.aws.put(id, value);
    const pickedUp = [
      secret.targets.includes("lambda") ? "Lambdas read it at their next cold start" : undefined,
      secret.targets.includes("vercel") ? `Vercel gets it at the next ${context.scope} deploy` : undefined,
    ].filter(Boolean);
    io.stdout(`Set ${secret.name} for ${context.scope} (${id}). ${pickedUp.join("; ")}.\n`);
    return 0;
  } finally {
    context.close();
  }
}

export default defineCommand({
  meta: {
    name: "set",
    description: "Store a secret's value (from stdin, or typed at a hidden prompt) in AWS Secrets Manager.",
  },
  args: {
    name: {
      type: "positional",
      required: true,
      description: "The secret's name, as declared in nightshift.config.ts.",
    },
    env: {
      type: "string",
      required: true,
      description: "production, preview (shared by every pr-<N>), or another environment.",
    },
  },
  async run({ args }) {
    const known = new Set(["_", "name", "env"]);
    // Unknown flags (`--value …`) are refused like extra positionals; only their names are kept.
    const extra = [...(args._ as string[]).slice(1), ...Object.keys(args).filter((key) => !known.has(key))];
    process.exitCode = await runSecretsSet({ name: args.name, env: args.env, extra }, processSecretsIo());
  },
});
