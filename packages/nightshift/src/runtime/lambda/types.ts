/**
 * The slices of Lambda's event and context shapes the adapters read. Declared here rather than
 * pulled from `@types/aws-lambda`, so the runtime has no type dependency on it.
 */
export interface LambdaContext {
  readonly awsRequestId: string;
  readonly functionName?: string;
  getRemainingTimeInMillis(): number;
}

export interface SQSMessageAttribute {
  readonly stringValue?: string;
  readonly binaryValue?: string;
  readonly dataType: string;
}

export interface SQSRecord {
  readonly messageId: string;
  readonly receiptHandle?: string;
  readonly body: string;
  readonly attributes: {
    readonly ApproximateReceiveCount: string;
    readonly SentTimestamp: string;
    readonly MessageGroupId?: string;
    readonly MessageDeduplicationId?: string;
    readonly [name: string]: string | undefined;
  };
  readonly messageAttributes: Readonly<Record<string, SQSMessageAttribute>>;
  readonly md5OfBody?: string;
  readonly eventSource?: string;
  readonly eventSourceARN?: string;
  readonly awsRegion?: string;
}

export interface SQSEvent {
  readonly Records: readonly SQSRecord[];
}

/** What a queue function returns with `ReportBatchItemFailures`: the records SQS must redeliver. */
export interface SQSBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}
