/**
 * Visibility changes decided once a message is settled or released — a retry's backoff, or 0 to
 * hand a message back — batched with ChangeMessageVisibilityBatch like deletes.
 */
import { ChangeMessageVisibilityBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { entryFailures } from './delete-batcher.js';
import type { InFlightMessage } from './in-flight.js';
import type { VisibilityChangePurpose } from './listener-errors.js';
import { SqsBatcher, type BatchFailure } from './sqs-batcher.js';

/** One visibility change. */
export interface VisibilityChange {
  readonly message: InFlightMessage;
  /** The new visibility timeout, in seconds from now. */
  readonly seconds: number;
  readonly purpose: Exclude<VisibilityChangePurpose, 'heartbeat'>;
}

/** Options of {@link createVisibilityBatcher}. */
export interface VisibilityBatcherOptions {
  readonly client: SQSClient;
  readonly queueUrl: string;
  readonly delayMs: number;
  readonly onFailed: (changes: readonly VisibilityChange[], failure: BatchFailure) => void;
}

/** A batcher that changes the visibility of messages of `queueUrl`. */
export function createVisibilityBatcher(options: VisibilityBatcherOptions): SqsBatcher<VisibilityChange> {
  const { client, queueUrl } = options;
  return new SqsBatcher<VisibilityChange>({
    delayMs: options.delayMs,
    call: async (changes, signal) => {
      const output = await client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: changes.map((c, index) => ({
            Id: String(index),
            ReceiptHandle: c.message.message.receiptHandle,
            VisibilityTimeout: c.seconds,
          })),
        }),
        { abortSignal: signal },
      );
      return entryFailures(output.Failed);
    },
    onFailed: options.onFailed,
  });
}
