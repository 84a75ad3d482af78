import { defineCommand } from "citty";
import { parseDurationArg } from "../../ops/duration-arg";
import { findQueue } from "../../ops/find-job";
import { describeTarget, openTarget } from "../../ops/open-target";
import { type OpsIo, processIo } from "../../ops/ops-io";
import { readPayloadArg, sendMessage } from "../../ops/send-message";
import { envArg } from "../shared-args";

export interface SendCommandArgs {
  readonly queue: string;
  readonly payload: string;
  readonly env?: string;
  readonly delay?: string;
  readonly group?: string;
  readonly dedupeId?: string;
  readonly json?: boolean;
}

/** `nightshift send`: validates a payload against the queue's schema and sends it. Returns the exit code. */
export async function runSend(args: SendCommandArgs, io: OpsIo): Promise<number> {
  const delaySeconds = args.delay === undefined ? undefined : parseDurationArg("--delay", args.delay);
  const { job: queue, target } = await openTarget("send", args.env, io, (project) =>
    findQueue(project, args.queue, "send"),
  );
  try {
    const payload = await readPayloadArg(args.payload, io.cwd);
    const result = await sendMessage(
      target,
      queue,
      payload,
      {
        ...(delaySeconds !== undefined ? { delaySeconds } : {}),
        ...(args.group ? { groupId: args.group } : {}),
        ...(args.dedupeId ? { dedupeId: args.dedupeId } : {}),
      },
      io,
    );
    const where = describeTarget(target);
    if (args.json) {
      io.stdout(`${JSON.stringify({ queue: queue.name, environment: target.environment, ...result }, null, 2)}\n`);
    } else if (result.messageId !== undefined) {
      const later = delaySeconds ? `, visible in ${delaySeconds} s` : "";
      io.stdout(`Sent to ${queue.name} in ${where}${later}: message ${result.messageId}\n`);
    } else {
      io.stdout(
        `Scheduled for ${queue.name} in ${where} at ${result.deliverAt.toISOString()} (one-time schedule ${result.scheduleName}; SQS delays at most 15 minutes).\n`,
      );
    }
    return 0;
  } finally {
    target.clients.destroy();
  }
}

export default defineCommand({
  meta: {
    name: "send",
    description:
      "Send one message to a queue, checked against its schema first. Acts on the local environment, or on a deployed one with --env.",
  },
  args: {
    queue: { type: "positional", description: "Queue name (its file name in services/queue/).", required: true },
    payload: {
      type: "positional",
      description: "The JSON payload (wrap it in single quotes), or @file.json.",
      required: true,
    },
    env: envArg,
    delay: {
      type: "string",
      description: 'Deliver later: 30s, 10m, 2h or "10 minutes" (over 15 minutes uses a one-time schedule).',
    },
    group: { type: "string", description: 'FIFO queues: the message group (default: "default").' },
    dedupeId: { type: "string", description: "FIFO queues: the deduplication id (default: a new UUID)." },
    json: { type: "boolean", description: "Print the result as JSON." },
  },
  async run({ args }) {
    process.exitCode = await runSend(args, processIo());
  },
});
