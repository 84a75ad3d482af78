import type { SQSClient } from "@aws-sdk/client-sqs";
import type { ParsedQueue } from "../discovery/types";
import { NightshiftError } from "../errors";
import { type AwsCallContext, awsCall } from "./aws-errors";
import { queueName } from "./deployed-names";
import type { OpsTarget } from "./target";

/** A queue and its dead-letter queue, as the environment has them. */
export interface QueueAddress {
  readonly job: string;
  readonly fifo: boolean;
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly dlqName: string;
  readonly dlqUrl: string;
  readonly dlqArn: string;
}

/** The call context for error messages about `action` in `target`. */
export function callContext(target: OpsTarget, action: string): AwsCallContext {
  return {
    action,
    environment: target.environment,
    region: target.region,
    notFoundFix:
      target.kind === "local"
        ? "save the job file so `nightshift dev` creates it"
        : `deploy it first (merge to main for production, or push the pull request for pr-<N>)`,
  };
}

/**
 * Finds a queue's URL and ARN, and its DLQ from the queue's own redrive policy (so the DLQ is always
 * the one SQS actually moves failed messages to).
 */
export async function resolveQueueAddress(target: OpsTarget, queue: ParsedQueue): Promise<QueueAddress> {
  const sqs: SQSClient = await target.clients.sqs();
  const { GetQueueUrlCommand, GetQueueAttributesCommand } = await import("@aws-sdk/client-sqs");
  const name = queueName(target.prefix, queue.name, queue.fifo);
  const context = callContext(target, `finding the queue ${name}`);
  const url = (await awsCall(context, () => sqs.send(new GetQueueUrlCommand({ QueueName: name })))).QueueUrl as string;
  const attributes =
    (
      await awsCall(context, () =>
        sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn", "RedrivePolicy"] })),
      )
    ).Attributes ?? {};
  const arn = attributes.QueueArn as string;
  let dlqArn: string | undefined;
  try {
    dlqArn = (JSON.parse(attributes.RedrivePolicy ?? "{}") as { deadLetterTargetArn?: string }).deadLetterTargetArn;
  } catch {
    dlqArn = undefined;
  }
  if (!dlqArn) {
    throw new NightshiftError(
      "E_NOT_DEPLOYED",
      `${name} in environment "${target.environment}" has no dead-letter queue (its RedrivePolicy is ${attributes.RedrivePolicy ? "unreadable" : "missing"}); every Nightshift queue gets one on deploy, so redeploy the environment.`,
    );
  }
  const [, , , , owner, dlqName] = dlqArn.split(":");
  const dlqUrl = (
    await awsCall(callContext(target, `finding the dead-letter queue ${dlqName}`), () =>
      sqs.send(new GetQueueUrlCommand({ QueueName: dlqName, ...(owner ? { QueueOwnerAWSAccountId: owner } : {}) })),
    )
  ).QueueUrl as string;
  return { job: queue.name, fifo: queue.fifo, name, url, arn, dlqName: dlqName as string, dlqUrl, dlqArn };
}

/** Messages waiting in a queue and messages received but not yet deleted (both approximate). */
export async function queueDepth(
  target: OpsTarget,
  url: string,
  label: string,
): Promise<{ visible: number; inFlight: number }> {
  const sqs = await target.clients.sqs();
  const { GetQueueAttributesCommand } = await import("@aws-sdk/client-sqs");
  const result = await awsCall(callContext(target, `reading the size of ${label}`), () =>
    sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
      }),
    ),
  );
  return {
    visible: Number(result.Attributes?.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(result.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}
