/**
 * The shapes AWS Lambda hands an SQS-triggered function and expects back, declared here (no
 * dependency on `@types/aws-lambda`) and kept structurally compatible with its `SQSEvent`,
 * `SQSRecord`, `SQSBatchResponse` and `Context`: every field this package does not need is optional,
 * so a handler typed with ours can be assigned to `SQSHandler`, and hand-built events stay short.
 * Names are Lambda's: camelCase record fields, PascalCase system attributes.
 */

/** SQS system attributes of a record, as Lambda sends them (strings). */
export interface SqsRecordAttributes {
  /** How many times SQS has delivered the message, this time included. */
  readonly ApproximateReceiveCount?: string | undefined;
  /** When the message was sent, epoch milliseconds. */
  readonly SentTimestamp?: string | undefined;
  /** Who sent the message (an IAM principal id). */
  readonly SenderId?: string | undefined;
  /** When the message was first received, epoch milliseconds. */
  readonly ApproximateFirstReceiveTimestamp?: string | undefined;
  /** FIFO queues: the message group. */
  readonly MessageGroupId?: string | undefined;
  /** FIFO queues: the deduplication id. */
  readonly MessageDeduplicationId?: string | undefined;
  /** FIFO queues: the sequence number. */
  readonly SequenceNumber?: string | undefined;
  /** The X-Ray trace header, when tracing is on. */
  readonly AWSTraceHeader?: string | undefined;
  /** Set on messages moved to a dead-letter queue: the queue they came from. */
  readonly DeadLetterQueueSourceArn?: string | undefined;
}

/** A message attribute of a record. Binary values are Base64 text. */
export interface SqsRecordMessageAttribute {
  /** `String`, `Number`, `Binary`, or one of those with a custom suffix (`Number.float`). */
  readonly dataType: string;
  /** The value of a `String` or `Number` attribute. */
  readonly stringValue?: string | undefined;
  /** The bytes of a `Binary` attribute, Base64-encoded. */
  readonly binaryValue?: string | undefined;
  /** Reserved by SQS; not used. */
  readonly stringListValues?: readonly string[] | undefined;
  /** Reserved by SQS; not used. */
  readonly binaryListValues?: readonly string[] | undefined;
}

/** One SQS message delivered to the function. */
export interface SqsRecord {
  /** The SQS message id; also what `batchItemFailures` names. */
  readonly messageId: string;
  /** The receipt handle of this delivery. */
  readonly receiptHandle?: string;
  /** The body as SQS stored it. */
  readonly body: string;
  /** SQS system attributes (`ApproximateReceiveCount`, `MessageGroupId`…). @defaultValue none */
  readonly attributes?: SqsRecordAttributes;
  /** The message attributes the publisher set. @defaultValue none */
  readonly messageAttributes?: Readonly<Record<string, SqsRecordMessageAttribute>>;
  /** The MD5 digest of the body, hex. */
  readonly md5OfBody?: string;
  /** `aws:sqs`. */
  readonly eventSource?: string;
  /** The queue's ARN (`arn:aws:sqs:REGION:ACCOUNT:NAME`); a name ending in `.fifo` is a FIFO queue. */
  readonly eventSourceARN?: string;
  /** The queue's region. */
  readonly awsRegion?: string;
}

/** The event of an SQS event source mapping: a batch of records (from one queue, in practice). */
export interface SqsEvent {
  /** The records, in the order SQS delivered them (per message group, on FIFO queues). */
  readonly Records: readonly SqsRecord[];
}

/** A record to deliver again, named by its message id. */
export interface SqsBatchItemFailure {
  /** The record's `messageId`. */
  itemIdentifier: string;
}

/**
 * A partial batch response: only the records listed are returned to the queue; Lambda deletes the
 * others. Needs `ReportBatchItemFailures` in the event source mapping's `FunctionResponseTypes`.
 */
export interface SqsBatchResponse {
  /** The records to deliver again; empty when the whole batch is finished with. */
  batchItemFailures: SqsBatchItemFailure[];
}

/** What the handler reads from Lambda's invocation context; every field is optional. */
export interface LambdaContext {
  /** Milliseconds left before Lambda ends the invocation. Without it, the handler has no deadline. */
  readonly getRemainingTimeInMillis?: (() => number) | undefined;
  /** The invocation's id. */
  readonly awsRequestId?: string | undefined;
  /** The function's name. */
  readonly functionName?: string | undefined;
}
