import { defineCommand } from "citty";
import { PREVIEW_SECRET_SCOPE } from "../../../secrets/secret-names";
import {
  formatScopeStatus,
  needsAttention,
  type ScopeStatus,
  scopeStatus,
  vercelTargetOfScope,
} from "../../../secrets/secret-status";
import { processSecretsIo, type SecretsIo } from "../../../secrets/secrets-io";
import {
  listVercelVariables,
  VERCEL_API_URL_ENV,
  VERCEL_TOKEN_ENV,
  type VercelVariableInfo,
} from "../../../secrets/vercel-api";
import { openSecretsContext } from "./context";

export interface SecretsStatusArgs {
  /** One environment; without it, `production` and `preview`. */
  readonly env?: string;
  readonly json?: boolean;
}

/**
 * `nightshift secrets status [--env <env>]`: per secret, set or not in AWS; per target, where it
 * goes; for Vercel, whether the project's variable is present and written after the secret last
 * changed (`VERCEL_TOKEN` needed). Exit code 1 when something needs doing.
 */
export async function runSecretsStatus(args: SecretsStatusArgs, io: SecretsIo): Promise<number> {
  const environments = args.env === undefined ? ["production", PREVIEW_SECRET_SCOPE] : [args.env];
  const token = io.env[VERCEL_TOKEN_ENV]?.trim();
  const statuses: ScopeStatus[] = [];
  let vercel: VercelVariableInfo[] | undefined;
  for (const environment of environments) {
    const context = await openSecretsContext(io, environment);
    try {
      const wantsVercel =
        vercelTargetOfScope(context.scope) !== undefined &&
        context.config.secrets.some((secret) => secret.targets.includes("vercel"));
      if (wantsVercel && token && !vercel) {
        vercel = await listVercelVariables({
          token,
          team: context.config.vercel.team,
          project: context.config.vercel.project,
          ...(io.env[VERCEL_API_URL_ENV] ? { baseUrl: io.env[VERCEL_API_URL_ENV] } : {}),
        });
      }
      statuses.push(
        await scopeStatus({
          config: context.config,
          scope: context.scope,
          aws: context.aws,
          ...(vercel ? { vercel } : {}),
          ...(wantsVercel && !token ? { vercelNote: `Vercel not checked: set ${VERCEL_TOKEN_ENV} to compare` } : {}),
        }),
      );
    } finally {
      context.close();
    }
  }
  io.stdout(args.json ? `${JSON.stringify(statuses, null, 2)}\n` : statuses.map(formatScopeStatus).join("\n"));
  return statuses.some(needsAttention) ? 1 : 0;
}

export default defineCommand({
  meta: {
    name: "status",
    description: "Show per secret and target whether it is set in AWS and whether Vercel matches (drift).",
  },
  args: {
    env: { type: "string", description: "One environment (default: production and preview)." },
    json: { type: "boolean", description: "Print the status as JSON." },
  },
  async run({ args }) {
    process.exitCode = await runSecretsStatus({ env: args.env, json: args.json }, processSecretsIo());
  },
});
