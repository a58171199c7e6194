/**
 * What an SQS event source mapping does around a Lambda function, done by the tests against a real
 * server: receive messages (all attributes), turn each into the record Lambda would build from it
 * (same body, attributes, message id, receipt handle), invoke the handler, then delete the records
 * the response does not list — the others stay in the queue until their visibility runs out.
 */
import { randomUUID } from 'node:crypto';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { decodeBody } from '@sqs-mega/core';
import type { LambdaContext, SqsBatchResponse, SqsRecord } from '../../src/lambda/index.js';

/** A queue as an event source: where to receive from, and what its records say they come from. */
export interface EventSourceQueue {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
}

/** The queue at `queueUrl`, with its ARN read from the server. */
export async function eventSourceQueue(sqs: SQSClient, queueUrl: string): Promise<EventSourceQueue> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  const queueArn = Attributes?.['QueueArn'];
  if (queueArn === undefined) throw new Error(`no QueueArn for ${queueUrl}`);
  const region = await sqs.config.region();
  return { sqs, queueUrl, queueArn, region };
}

/** The record Lambda builds from a received message (all fields, as Lambda sends them). */
export function toSqsRecord(message: Message, queue: Pick<EventSourceQueue, 'queueArn' | 'region'>): SqsRecord {
  const messageAttributes: Record<string, { stringValue?: string; binaryValue?: string; stringListValues: string[]; binaryListValues: string[]; dataType: string }> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    const attribute: (typeof messageAttributes)[string] = { stringListValues: [], binaryListValues: [], dataType: value.DataType ?? 'String' };
    if (value.StringValue !== undefined) attribute.stringValue = value.StringValue;
    if (value.BinaryValue !== undefined) attribute.binaryValue = Buffer.from(value.BinaryValue).toString('base64');
    messageAttributes[name] = attribute;
  }
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: { ...message.Attributes },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queue.queueArn,
    awsRegion: queue.region,
  };
}

/**
 * Receives (without deleting) until `count` messages arrived, as records. They stay invisible for
 * `visibilityTimeout` seconds, as the event source mapping's messages do for the queue's timeout.
 */
export async function receiveRecords(
  queue: EventSourceQueue,
  count: number,
  options: { visibilityTimeout?: number; timeoutMs?: number } = {},
): Promise<SqsRecord[]> {
  const records: SqsRecord[] = [];
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  while (records.length < count) {
    if (Date.now() > deadline) throw new Error(`received ${records.length} of ${count} messages`);
    const { Messages = [] } = await queue.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.queueUrl,
        MaxNumberOfMessages: Math.min(10, count - records.length),
        WaitTimeSeconds: 1,
        VisibilityTimeout: options.visibilityTimeout ?? 30,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    records.push(...Messages.map((m) => toSqsRecord(m, queue)));
  }
  return records;
}

/** Deletes the records the response does not list as failures, as the event source mapping does. */
export async function settleLikeLambda(queue: EventSourceQueue, records: readonly SqsRecord[], response: SqsBatchResponse): Promise<void> {
  const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
  const done = records.filter((r) => !failed.has(r.messageId) && r.eventSourceARN === queue.queueArn);
  for (let i = 0; i < done.length; i += 10) {
    const Entries = done.slice(i, i + 10).map((r, j) => ({ Id: String(j), ReceiptHandle: r.receiptHandle! }));
    const { Failed } = await queue.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queue.queueUrl, Entries }));
    if (Failed?.length) throw new Error(`delete failed: ${JSON.stringify(Failed)}`);
  }
}

/** A Lambda context whose invocation ends `remainingMs` from now. */
export function lambdaContext(remainingMs: number): LambdaContext {
  const endsAt = Date.now() + remainingMs;
  return { getRemainingTimeInMillis: () => Math.max(0, endsAt - Date.now()), awsRequestId: randomUUID(), functionName: 'sqs-mega-test' };
}

/** The message ids a response lists, sorted. */
export function failedIds(response: SqsBatchResponse): string[] {
  return response.batchItemFailures.map((f) => f.itemIdentifier).sort();
}

/** The event name of a record's MEGA body (SNS envelope unwrapped), else its body. */
export function nameOf(record: SqsRecord): string {
  const decoded = decodeBody(record.body);
  return decoded.kind === 'mega' ? decoded.payload.event.name : record.body;
}

/** Message ids by {@link nameOf}. */
export function idsByName(records: readonly SqsRecord[]): Map<string, string> {
  return new Map(records.map((r) => [nameOf(r), r.messageId]));
}
