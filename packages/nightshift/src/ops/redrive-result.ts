/** What a redrive did. */
export interface RedriveResult {
  /** Messages moved back to the queue (approximate for a move task). */
  readonly moved: number;
  /** `move-task`: SQS's StartMessageMoveTask; `resend`: receive, send, then delete, one by one. */
  readonly method: "move-task" | "resend";
  /** True when Ctrl-C stopped it before the DLQ was empty. */
  readonly interrupted: boolean;
  /** The move task, which keeps running in AWS after an interrupt. */
  readonly taskHandle?: string;
}
