import { defineCommand } from "citty";
import { loadConfig } from "../../../config/load-config";
import { awsSecretSource, checkRequiredSecrets, localSecretSource } from "../../../secrets/check-required-secrets";
import { processSecretsIo, type SecretsIo } from "../../../secrets/secrets-io";
import { findProjectRoot } from "../../project-root";
import { openSecretsContext } from "./context";

export interface SecretsCheckArgs {
  /** An environment about to be deployed; without it, the local `.env.local`. */
  readonly env?: string;
}

/**
 * `nightshift secrets check [--env <env>]`: fails (`E_MISSING_SECRETS`, exit 2) when a required
 * secret has no value, listing the command that sets each one. CI runs it before a deploy.
 */
export async function runSecretsCheck(args: SecretsCheckArgs, io: SecretsIo): Promise<number> {
  if (args.env === undefined) {
    const root = findProjectRoot(io.cwd);
    const config = await loadConfig(root);
    await checkRequiredSecrets(config, localSecretSource(root, io.env));
    io.stdout("Every required secret has a value locally.\n");
    return 0;
  }
  const context = await openSecretsContext(io, args.env);
  try {
    const check = await checkRequiredSecrets(
      context.config,
      awsSecretSource(context.config, context.environment, context.aws),
    );
    for (const entry of check.notCreated) {
      io.stderr(`note: ${entry.name} does not exist yet; this deploy creates it. Then run: ${entry.fix}\n`);
    }
    io.stdout(`Every required secret has a value for ${context.scope}.\n`);
    return 0;
  } finally {
    context.close();
  }
}

export default defineCommand({
  meta: {
    name: "check",
    description: "Fail when a required secret has no value (locally, or in --env before a deploy).",
  },
  args: {
    env: { type: "string", description: "The environment about to be deployed (default: the local .env.local)." },
  },
  async run({ args }) {
    process.exitCode = await runSecretsCheck({ env: args.env }, processSecretsIo());
  },
});
