import { type CommandDef, runCommand, showUsage } from "citty";
import { isNightshiftError, type NightshiftErrorCode } from "../errors";
import { commands } from "./commands";
import { UsageError } from "./usage-error";

/**
 * Exit codes: 1 = the operation failed (AWS, the local environment, a job), 2 = the input was
 * invalid (usage, a definition, an argument, a payload), 130 = interrupted with Ctrl-C.
 */
export async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    printHelp();
    return;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(
      `nightshift: unknown command "${name}" (E_UNKNOWN_COMMAND). Commands: ${Object.keys(commands).join(", ")}.\n`,
    );
    process.exit(2);
  }
  const command = (await load()) as CommandDef;
  if (rest.includes("--help") || rest.includes("-h")) {
    await showUsage(command);
    return;
  }
  try {
    await runCommand(command, { rawArgs: rest });
  } catch (error) {
    const code = exitCodeFor(error);
    // citty colours argument names; error lines stay plain so scripts and NO_COLOR users can read them.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colour codes
    let message = (error instanceof Error ? error.message : String(error)).replace(/\u001b\[[0-9;]*m/g, "");
    if (isArgumentError(error))
      message = `${message} (${error.code === "EARG" ? "E_USAGE" : error.code}); see nightshift ${name} --help.`;
    process.stderr.write(`nightshift ${name}: ${message.split("\n").join("\n  ")}\n`);
    process.exitCode = code;
    if (code === 1 && process.env.NIGHTSHIFT_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  }
}

/** citty's own argument errors (a missing argument, an unknown subcommand): the input was invalid. */
function isArgumentError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && error.name === "CLIError";
}

/** Errors about the world rather than the input: the command was right, the operation failed. */
const OPERATION_FAILURES: ReadonlySet<NightshiftErrorCode> = new Set([
  "E_AWS",
  "E_NO_CREDENTIALS",
  "E_NOT_DEPLOYED",
  "E_ACCESS_DENIED",
  "E_SEND_FAILED",
  "E_NO_LOCAL_ENV",
  "E_PORT_IN_USE",
  "E_MIGRATION_FAILED",
  "E_VERCEL",
  "E_ONCE_BUSY",
]);

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError || isArgumentError(error)) return 2;
  if (!isNightshiftError(error)) return 1;
  if (error.code === "E_INTERRUPTED") return 130;
  return OPERATION_FAILURES.has(error.code) ? 1 : 2;
}

function printHelp(): void {
  const lines = [
    "nightshift: crons, queues and Postgres for Next.js, on AWS and on your laptop",
    "",
    "Usage: nightshift <command> [options]   (nightshift <command> --help for details)",
    "",
    ...Object.entries(commandSummaries).map(([name, summary]) => `  ${name.padEnd(14)}${summary}`),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

const commandSummaries: Record<string, string> = {
  cost: "estimate an environment's monthly AWS bill from the job definitions",
  dev: "run everything locally: Postgres, SQS/SNS, crons, consumers, Next.js, mail catcher, dashboard",
  dlq: "inspect, redrive or purge a queue's dead-letter queue (local, or --env <name>)",
  list: "list every cron and queue with its schedule and settings",
  logs: "show a job's log: local runs, or CloudWatch with --env <name> (--since, --follow)",
  migrate: "apply pending SQL migrations locally, or in AWS with --env <name>",
  "plan-report": "summarize terraform plans as the pull-request comment (markdown or --json)",
  run: "run a cron now, locally or in a deployed environment (--env <name> [--wait])",
  schedule: "check a schedule expression and print its next fire times",
  secrets: "set, list, unset, status and check the declared secrets (AWS Secrets Manager → Lambda and Vercel)",
  send: "send a message to a queue, checked against its schema (local, or --env <name>)",
};
