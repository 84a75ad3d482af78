import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { MessageContext } from "../runtime/context";
import { attachName, type Nameable } from "./job-name";
import type { QueueContract } from "./queue";

export type MessageHandler<S extends StandardSchemaV1> = (
  payload: StandardSchemaV1.InferOutput<S>,
  ctx: MessageContext,
) => Promise<void> | void;

export interface QueueHandlerDefinition<S extends StandardSchemaV1 = StandardSchemaV1> extends Nameable {
  readonly kind: "queue-handler";
  readonly contract: QueueContract<S>;
  // Method syntax on purpose: a handler for a specific schema must still fit where any handler is accepted.
  handler(payload: StandardSchemaV1.InferOutput<S>, ctx: MessageContext): Promise<void> | void;
}

/**
 * Implements a queue's consumer. The default export of `services/queue/<name>.handler.ts`.
 * Throwing fails only this message: it is retried, then moved to the DLQ.
 */
export function handle<S extends StandardSchemaV1>(
  contract: QueueContract<S>,
  handler: MessageHandler<S>,
): QueueHandlerDefinition<S> {
  const definition: QueueHandlerDefinition<S> = { kind: "queue-handler", contract, handler };
  attachName(definition);
  return definition;
}
