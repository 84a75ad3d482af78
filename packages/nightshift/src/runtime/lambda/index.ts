/**
 * `nightshift/lambda`: what a bundled function's entry imports. Keep this module light: the adapters
 * load Postgres only when a job uses `ctx.once` or `overlap: "skip"`, and never load the AWS SDK.
 */
export {
  type CronHandler,
  type CronHandlerOptions,
  type CronOutcome,
  type CronResult,
  createCronHandler,
} from "./cron";
export { createQueueHandler, type QueueHandler, type QueueHandlerOptions, RECORD_CONCURRENCY } from "./queue";
export { type Clock, systemClock } from "./run-clock";
export { type CronEvent, schedulerInput } from "./scheduler-input";
export type { LambdaContext, SQSBatchResponse, SQSEvent, SQSMessageAttribute, SQSRecord } from "./types";
