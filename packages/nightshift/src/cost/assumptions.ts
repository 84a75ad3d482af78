/**
 * What the estimate assumes where the definitions say nothing. Each is printed with the estimate and
 * can be changed in the `--prices` override file under `"assumptions"`.
 */
export interface CostAssumptions {
  /** Every function is built for this architecture (infra deploys arm64). @default "arm64" */
  readonly architecture: "arm64" | "x86_64";
  /**
   * SQS requests per message: one SendMessage, one ReceiveMessage and one DeleteMessage. Batched
   * receives and deletes make it fewer; empty long-poll receives of an idle queue are not counted.
   * @default 3
   */
  readonly sqsRequestsPerMessage: number;
  /** Payload size; SQS bills each 64 KiB chunk as one request. @default 1 (≤ 64 KiB) */
  readonly sqsChunksPerMessage: number;
  /** Log bytes one invocation writes: Lambda's START/END/REPORT lines plus a few JSON lines. @default 1024 */
  readonly logBytesPerInvocation: number;
}

export const COST_ASSUMPTIONS: CostAssumptions = {
  architecture: "arm64",
  sqsRequestsPerMessage: 3,
  sqsChunksPerMessage: 1,
  logBytesPerInvocation: 1024,
};

/** The assumptions in words, printed under the estimate. */
export function describeAssumptions(a: CostAssumptions): string[] {
  return [
    "A month is 730 hours; cron invocations come from each schedule in its time zone over the next 730 hours.",
    `Functions run on ${a.architecture}; each run takes the job's expectedDuration (default: its timeout) at its memory.`,
    "Queue invocations: messages arriving within a second (or the batchWindow) share one batch, up to batchSize.",
    `SQS: ${a.sqsRequestsPerMessage} requests per message (send, receive, delete) × ${a.sqsChunksPerMessage} 64 KiB chunk(s); idle long-polling is not counted.`,
    "SNS: one publish per message of the busiest subscribed queue; SNS → SQS deliveries are free.",
    `Logs: ${a.logBytesPerInvocation} bytes per invocation, stored for the configured retention.`,
    "Free tiers are per account and shared by every environment: shown, never subtracted.",
  ];
}
