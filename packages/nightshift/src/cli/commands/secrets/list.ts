import { defineCommand } from "citty";
import { loadConfig } from "../../../config/load-config";
import { secretId } from "../../../secrets/secret-names";
import { processSecretsIo, type SecretsIo } from "../../../secrets/secrets-io";
import { findProjectRoot } from "../../project-root";
import { openSecretsContext } from "./context";

export interface SecretsListArgs {
  /** With an environment, also says whether each secret has a value there. */
  readonly env?: string;
  readonly json?: boolean;
}

export interface SecretListing {
  readonly name: string;
  readonly description: string;
  readonly targets: readonly string[];
  readonly required: boolean;
  readonly secretId?: string;
  readonly set?: boolean;
}

/** `nightshift secrets list [--env <env>]`: the declared secrets; with `--env`, which have values. Never values. */
export async function runSecretsList(args: SecretsListArgs, io: SecretsIo): Promise<number> {
  let listing: SecretListing[];
  let scope: string | undefined;
  if (args.env === undefined) {
    const config = await loadConfig(findProjectRoot(io.cwd));
    listing = config.secrets.map(({ name, description, targets, required }) => ({
      name,
      description,
      targets,
      required,
    }));
  } else {
    const context = await openSecretsContext(io, args.env);
    scope = context.scope;
    try {
      listing = [];
      for (const secret of context.config.secrets) {
        const id = secretId(context.config.app, context.scope, secret.name);
        const state = await context.aws.describe(id);
        const { name, description, targets, required } = secret;
        listing.push({ name, description, targets, required, secretId: id, set: state.hasValue });
      }
    } finally {
      context.close();
    }
  }
  if (args.json) {
    io.stdout(`${JSON.stringify(listing, null, 2)}\n`);
    return 0;
  }
  if (listing.length === 0) {
    io.stdout("No secrets declared in nightshift.config.ts.\n");
    return 0;
  }
  const width = Math.max(...listing.map((entry) => entry.name.length));
  for (const entry of listing) {
    const state = entry.set === undefined ? "" : entry.set ? `  set in ${scope}` : `  NOT SET in ${scope}`;
    io.stdout(
      `${entry.name.padEnd(width)}  ${entry.required ? "required" : "optional"}  ${entry.targets.join("+")}${state}\n  ${" ".repeat(width)}${entry.description}\n`,
    );
  }
  return 0;
}

export default defineCommand({
  meta: { name: "list", description: "List the declared secrets; with --env, whether each has a value." },
  args: {
    env: { type: "string", description: "Also check values in this environment (production, preview, pr-<N>…)." },
    json: { type: "boolean", description: "Print [{ name, description, targets, required, secretId?, set? }]." },
  },
  async run({ args }) {
    process.exitCode = await runSecretsList({ env: args.env, json: args.json }, processSecretsIo());
  },
});
