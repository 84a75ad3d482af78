import { defineCommand } from "citty";
import { findRunningEnvironment } from "../../local/running";
import { migrateDeployed, migrateLocal } from "../../ops/migrate-environment";
import { type OpsIo, processIo } from "../../ops/ops-io";
import { withProgress } from "../../ops/progress";
import { resolveTarget } from "../../ops/target";
import { findProjectRoot } from "../project-root";

export interface MigrateArgs {
  readonly env?: string;
  readonly json?: boolean;
}

/** `nightshift migrate`: applies pending SQL migrations locally, or in AWS with `--env`. */
export async function runMigrate(args: MigrateArgs, io: OpsIo): Promise<number> {
  const root = findProjectRoot(io.cwd);
  let run: Awaited<ReturnType<typeof migrateLocal>>;
  if (args.env !== undefined) {
    const target = await resolveTarget(root, args.env, io, "migrate");
    if (target.kind !== "aws") return 2;
    try {
      run = await withProgress(io, `Migrating ${target.environment}`, migrateDeployed(target, io));
    } finally {
      target.clients.destroy();
    }
  } else {
    const running = await findRunningEnvironment(root);
    const local = running ? await resolveTarget(root, undefined, io, "migrate") : undefined;
    try {
      run = await migrateLocal(local?.kind === "local" ? local : undefined, root, io);
    } finally {
      local?.clients.destroy();
    }
  }
  if (args.json) io.stdout(`${JSON.stringify(run, null, 2)}\n`);
  else if (run.applied.length === 0) io.stdout(`${run.environment}: no pending migrations (${run.outcome}).\n`);
  else
    io.stdout(
      `${run.environment}: applied ${run.applied.length} migration(s):\n${run.applied.map((m) => `  ${m}\n`).join("")}`,
    );
  return 0;
}

export default defineCommand({
  meta: {
    name: "migrate",
    description: "Apply pending SQL migrations: locally, or in a deployed environment with --env.",
  },
  args: {
    env: {
      type: "string",
      description: "Deployed environment (production, pr-42…); runs its migrate function in AWS.",
    },
    json: { type: "boolean", description: "Print the result as JSON." },
  },
  async run({ args }) {
    const code = await runMigrate({ ...(args.env ? { env: args.env } : {}), json: Boolean(args.json) }, processIo());
    if (code !== 0) process.exitCode = code;
  },
});
