import { NightshiftError } from "../errors";
import { explainAwsError } from "./aws-errors";
import { callContext, type QueueAddress } from "./queue-address";
import type { OpsTarget } from "./target";

/** Deletes every message in the DLQ (SQS PurgeQueue; it may take up to a minute to finish in AWS). */
export async function purgeDeadLetters(target: OpsTarget, address: QueueAddress): Promise<void> {
  const sqs = await target.clients.sqs();
  const { PurgeQueueCommand } = await import("@aws-sdk/client-sqs");
  try {
    await sqs.send(new PurgeQueueCommand({ QueueUrl: address.dlqUrl }));
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    if (name === "PurgeQueueInProgress" || name === "AWS.SimpleQueueService.PurgeQueueInProgress") {
      throw new NightshiftError(
        "E_AWS",
        `${address.dlqName} was purged less than a minute ago, and SQS allows one purge per minute; wait a minute and run it again.`,
        { cause: error },
      );
    }
    throw explainAwsError(error, callContext(target, `purging ${address.dlqName}`));
  }
}
