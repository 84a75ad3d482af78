import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { QueueContract } from "../../definition/queue";
import type { TopicDefinition } from "../../definition/topic";
import { NightshiftError } from "../../errors";
import { type PayloadIssue, validatePayload } from "../validate";
import { describeContract } from "./contract-name";

/** SQS's largest message, body and attributes together: 1 MiB. */
export const SQS_MAX_MESSAGE_BYTES = 1_048_576;
/** SNS's largest publish, body and attributes together: 256 KiB. */
export const SNS_MAX_MESSAGE_BYTES = 262_144;

/**
 * Message attributes: metadata that travels beside the payload (never inside the body), readable by
 * SNS filter policies and by handlers as `ctx.attributes`. Numbers are sent as SQS/SNS `Number`s.
 */
export type MessageAttributes = Readonly<Record<string, string | number>>;

/** The wire shape SQS and SNS both take for message attributes. */
export type WireAttributes = Record<string, { DataType: "String" | "Number"; StringValue: string }>;

export function toWireAttributes(attributes: MessageAttributes | undefined): WireAttributes | undefined {
  if (!attributes || Object.keys(attributes).length === 0) return undefined;
  const wire: WireAttributes = {};
  for (const [name, value] of Object.entries(attributes)) {
    wire[name] =
      typeof value === "number"
        ? { DataType: "Number", StringValue: String(value) }
        : { DataType: "String", StringValue: value };
  }
  return wire;
}

/** Size as SQS and SNS count it: the body plus each attribute's name, data type and value, in UTF-8 bytes. */
export function messageBytes(body: string, attributes: WireAttributes | undefined): number {
  let size = Buffer.byteLength(body, "utf8");
  for (const [name, value] of Object.entries(attributes ?? {})) {
    size += Buffer.byteLength(name) + Buffer.byteLength(value.DataType) + Buffer.byteLength(value.StringValue);
  }
  return size;
}

const formatBytes = (bytes: number) => bytes.toLocaleString("en-US");

/** Throws `E_PAYLOAD_TOO_LARGE` naming the target, the size and the limit. */
export function checkSize(options: {
  readonly verb: string;
  readonly target: string;
  readonly service: "SQS" | "SNS";
  readonly bytes: number;
  readonly limit: number;
  readonly index?: number;
}): void {
  if (options.bytes <= options.limit) return;
  const which = options.index === undefined ? "the message" : `payload [${options.index}]`;
  const limitText = options.limit === SQS_MAX_MESSAGE_BYTES ? "1 MiB" : "256 KiB";
  throw new NightshiftError(
    "E_PAYLOAD_TOO_LARGE",
    `${options.verb}(${options.target}): ${which} is ${formatBytes(options.bytes)} bytes (body and attributes), over ${options.service}'s limit of ${formatBytes(options.limit)} bytes (${limitText}); nothing was sent. Store large data in the database or object storage and send its id instead.`,
  );
}

/**
 * Validates payloads against the contract's schema before anything is sent. Throws
 * `E_INVALID_PAYLOAD` listing every issue (`[index] path: message` for batches).
 */
export async function checkPayloads(
  verb: string,
  target: string,
  contract: QueueContract | TopicDefinition,
  payloads: readonly unknown[],
  batch: boolean,
): Promise<void> {
  const problems: { index: number; issues: PayloadIssue[] }[] = [];
  for (const [index, payload] of payloads.entries()) {
    const result = await validatePayload(contract.schema as StandardSchemaV1, payload);
    if (!result.ok) problems.push({ index, issues: result.issues });
  }
  if (problems.length === 0) return;
  const lines = problems.flatMap(({ index, issues }) =>
    issues.map((issue) => `  - ${batch ? `[${index}] ` : ""}${issue.path}: ${issue.message}`),
  );
  const count = batch ? `${problems.length} of ${payloads.length} payloads do` : "the payload does";
  throw new NightshiftError(
    "E_INVALID_PAYLOAD",
    `${verb}(${target}): ${count} not match the schema in ${describeContract(contract)}; nothing was sent.\n${lines.join("\n")}`,
  );
}

/** The body: the payload itself as JSON, no envelope. */
export function toBody(verb: string, target: string, payload: unknown): string {
  const body = JSON.stringify(payload);
  if (typeof body !== "string") {
    throw new NightshiftError(
      "E_INVALID_PAYLOAD",
      `${verb}(${target}): the payload cannot be written as JSON (got ${typeof payload}); nothing was sent. Send a JSON object.`,
    );
  }
  return body;
}
