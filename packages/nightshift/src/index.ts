export { type DatabaseSize, defineConfig, type NightshiftConfig, type SecretConfig } from "./config/define-config";
export { type CronDefinition, type CronOptions, cron } from "./definition/cron";
export type { EnvironmentKind } from "./definition/defaults";
export type { Duration } from "./definition/duration";
export { handle, type MessageHandler, type QueueHandlerDefinition } from "./definition/handle";
export {
  type FilterPolicy,
  type MessageRate,
  type ParsedPayloadOf,
  type PayloadOf,
  type QueueContract,
  type QueueOptions,
  queue,
  type Subscription,
} from "./definition/queue";
export { type TopicDefinition, type TopicOptions, topic } from "./definition/topic";
export { isNightshiftError, NightshiftError, type NightshiftErrorCode } from "./errors";
export type { CronContext, MessageContext, Once } from "./runtime/context";
export type { Logger } from "./runtime/logger";
export type { ScheduledDelivery } from "./runtime/producer/long-delay";
export type { MessageAttributes } from "./runtime/producer/message";
export { type PublishOptions, publish } from "./runtime/producer/publish";
export { type SendResult, send } from "./runtime/producer/send";
export { type BatchEntry, type SendBatchResult, sendBatch } from "./runtime/producer/send-batch";
export { type BatchFailure, type BatchSent, SendBatchError } from "./runtime/producer/send-batch-error";
export type { SendOptions } from "./runtime/producer/send-options";
export { loadSecrets, optionalSecret, secret } from "./runtime/secrets";
