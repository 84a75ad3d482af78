import type { StandardSchemaV1 } from "@standard-schema/spec";
import { attachName, type Nameable } from "./job-name";

export interface TopicOptions<S extends StandardSchemaV1 = StandardSchemaV1> {
  /** Payload schema: any Standard Schema (zod, valibot, arktype…). Checked before publishing. */
  schema: S;
  /** FIFO topic; only FIFO queues may subscribe. @default false */
  fifo?: boolean;
}

export interface TopicDefinition<S extends StandardSchemaV1 = StandardSchemaV1> extends Nameable {
  readonly kind: "topic";
  readonly schema: S;
  readonly options: TopicOptions<S>;
}

/** Declares a fan-out topic. The default export of `services/topic/<name>.ts`. */
export function topic<S extends StandardSchemaV1>(options: TopicOptions<S>): TopicDefinition<S> {
  const definition: TopicDefinition<S> = { kind: "topic", schema: options.schema, options };
  attachName(definition);
  return definition;
}
