import { type CommandDef, runCommand, showUsage } from "citty";
import { isNightshiftError } from "../errors";
import { commands } from "./commands";
import { UsageError } from "./usage-error";

/** Exit codes: 1 = the operation failed, 2 = the input was invalid (usage, definition or argument). */
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
    const code = error instanceof UsageError || isNightshiftError(error) ? 2 : 1;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`nightshift ${name}: ${message.split("\n").join("\n  ")}\n`);
    process.exitCode = code;
    if (code === 1 && process.env.NIGHTSHIFT_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  }
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
  "plan-report": "summarize terraform plans as the pull-request comment (markdown or --json)",
  run: "run a cron now, locally or in a deployed environment (--env <name> [--wait])",
  schedule: "check a schedule expression and print its next fire times",
  secrets: "set, list, unset, status and check the declared secrets (AWS Secrets Manager → Lambda and Vercel)",
  send: "send a message to a queue, checked against its schema (local, or --env <name>)",
};
