import { NightshiftError } from "../../errors";

/** A payload of a batch that SQS did not accept. */
export interface BatchFailure {
  /** Position in the array given to `sendBatch()`. */
  readonly index: number;
  /** SQS's error code, or `NotAttempted` when an earlier failure stopped a FIFO batch. */
  readonly code: string;
  readonly message: string;
}

/** A payload of a batch that SQS accepted. */
export interface BatchSent {
  readonly index: number;
  readonly messageId: string;
}

/**
 * Thrown by `sendBatch()` when some payloads were not sent (`E_SEND_FAILED`). The ones that were
 * sent are listed in `sent`, so a caller can retry only `failed`.
 */
export class SendBatchError extends NightshiftError {
  readonly sent: readonly BatchSent[];
  readonly failed: readonly BatchFailure[];
  constructor(queue: string, total: number, sent: BatchSent[], failed: BatchFailure[], cause?: unknown) {
    const lines = failed.map((failure) => `  - [${failure.index}] ${failure.code}: ${failure.message}`);
    super(
      "E_SEND_FAILED",
      `sendBatch(${queue}): ${failed.length} of ${total} payloads were not sent; the other ${sent.length} were (their ids are on error.sent). Retry the failed ones (error.failed):\n${lines.join("\n")}`,
      cause === undefined ? undefined : { cause },
    );
    this.sent = sent;
    this.failed = failed;
  }
}
