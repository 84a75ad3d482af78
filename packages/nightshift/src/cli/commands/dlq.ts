import { defineCommand } from "citty";
import { NightshiftError, show } from "../../errors";
import { peekDeadLetters } from "../../ops/dlq-peek";
import { purgeDeadLetters } from "../../ops/dlq-purge";
import { redriveDeadLetters } from "../../ops/dlq-redrive";
import { findQueue } from "../../ops/find-job";
import { describeTarget, openTarget } from "../../ops/open-target";
import { type OpsIo, processIo } from "../../ops/ops-io";
import { queueDepth, resolveQueueAddress } from "../../ops/queue-address";
import { envArg } from "../shared-args";

export interface DlqArgs {
  readonly queue: string;
  readonly env?: string;
  readonly peek?: string;
  readonly redrive?: boolean;
  readonly purge?: boolean;
  readonly yes?: boolean;
  readonly json?: boolean;
}

const MAX_PEEK = 100;

function peekCount(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const count = Number(value === "" ? 10 : value);
  if (!Number.isInteger(count) || count < 1 || count > MAX_PEEK) {
    throw new NightshiftError(
      "E_USAGE",
      `--peek must be a whole number 1–${MAX_PEEK} (got ${show(value)}); e.g. --peek 10.`,
    );
  }
  return count;
}

/** `nightshift dlq`: inspect, redrive or purge a queue's dead-letter queue. Returns the exit code. */
export async function runDlq(args: DlqArgs, io: OpsIo): Promise<number> {
  const actions = [args.peek !== undefined && "--peek", args.redrive && "--redrive", args.purge && "--purge"].filter(
    Boolean,
  );
  if (actions.length > 1) {
    throw new NightshiftError("E_USAGE", `choose one of --peek, --redrive and --purge (got ${actions.join(" and ")}).`);
  }
  const count = peekCount(args.peek);
  const { job: queue, target } = await openTarget("dlq", args.env, io, (project) =>
    findQueue(project, args.queue, "dlq"),
  );
  try {
    const address = await resolveQueueAddress(target, queue);
    const where = describeTarget(target);
    const base = { queue: queue.name, dlq: address.dlqName, environment: target.environment };
    const print = (json: object, text: string) =>
      io.stdout(args.json ? `${JSON.stringify({ ...base, ...json }, null, 2)}\n` : text);

    if (count !== undefined) {
      const messages = await peekDeadLetters(target, address, count);
      const lines = [
        `${address.dlqName} in ${where}: showing ${messages.length} message${messages.length === 1 ? "" : "s"} (still in the DLQ)`,
      ];
      for (const m of messages) {
        lines.push(
          `- ${m.messageId}  received ${m.receiveCount}×  sent ${m.sentAt}${m.groupId ? `  group ${m.groupId}` : ""}`,
        );
        lines.push(`  ${JSON.stringify(m.body)}`);
        if (Object.keys(m.attributes).length > 0) lines.push(`  attributes ${JSON.stringify(m.attributes)}`);
      }
      print({ messages }, `${lines.join("\n")}\n`);
      return 0;
    }

    if (args.redrive) {
      const result = await redriveDeadLetters(target, address, io);
      const how = result.method === "move-task" ? "SQS message move task" : "receive, send, delete";
      const text = result.interrupted
        ? result.method === "move-task"
          ? `Stopped watching after ${result.moved} moved; the move task keeps running in AWS (see the queue in the SQS console).\n`
          : `Stopped after moving ${result.moved}; the rest are still in ${address.dlqName}. Run the redrive again to continue.\n`
        : result.moved === 0
          ? `${address.dlqName} in ${where} is empty: nothing to redrive.\n`
          : `Moved ${result.moved} message${result.moved === 1 ? "" : "s"} from ${address.dlqName} back to ${address.name} in ${where} (${how}).\n`;
      print(result, text);
      return result.interrupted ? 130 : 0;
    }

    if (args.purge) {
      const depth = await queueDepth(target, address.dlqUrl, address.dlqName);
      if (!args.yes) {
        const ok = await io.confirm(
          `Delete all ${depth.visible + depth.inFlight} message(s) in ${address.dlqName} in ${where}? This cannot be undone.`,
        );
        if (!ok) {
          throw new NightshiftError(
            "E_USAGE",
            `purge of ${address.dlqName} not confirmed, so nothing was deleted; answer "y", or pass --yes when no terminal can answer (CI).`,
          );
        }
      }
      await purgeDeadLetters(target, address);
      print(
        { purged: depth.visible + depth.inFlight },
        `Purged ${address.dlqName} in ${where} (${depth.visible + depth.inFlight} message(s)).\n`,
      );
      return 0;
    }

    const depth = await queueDepth(target, address.dlqUrl, address.dlqName);
    print(
      { messages: depth.visible, inFlight: depth.inFlight },
      `${address.dlqName} in ${where}: ${depth.visible} message${depth.visible === 1 ? "" : "s"} waiting, ${depth.inFlight} in flight.\n${
        depth.visible > 0 ? `See them with --peek 10; move them back with --redrive once the handler is fixed.\n` : ""
      }`,
    );
    return 0;
  } finally {
    target.clients.destroy();
  }
}

export default defineCommand({
  meta: {
    name: "dlq",
    description:
      "Inspect a queue's dead-letter queue, move its messages back (--redrive) or delete them (--purge). Acts on the local environment, or on a deployed one with --env.",
  },
  args: {
    queue: { type: "positional", description: "Queue name (its file name in services/queue/).", required: true },
    env: envArg,
    peek: {
      type: "string",
      description: "Show up to N messages without removing them (1–100; each peek counts as a receive).",
    },
    redrive: {
      type: "boolean",
      description: "Move every message back to the queue (never deletes one before it was moved).",
    },
    purge: { type: "boolean", description: "Delete every message in the DLQ (asks first)." },
    yes: { type: "boolean", description: "Purge without asking." },
    json: { type: "boolean", description: "Print the result as JSON." },
  },
  async run({ args }) {
    process.exitCode = await runDlq(args, processIo());
  },
});
