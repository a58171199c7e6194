/**
 * Deletes of settled messages, batched with DeleteMessageBatch: 10 per call, or after a few
 * milliseconds when fewer are waiting; failed entries are retried (see {@link SqsBatcher}).
 */
import { DeleteMessageBatchCommand, type BatchResultErrorEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { InFlightMessage } from './in-flight.js';
import { SqsBatcher, type BatchFailure, type EntryFailure } from './sqs-batcher.js';

/** Options of {@link createDeleteBatcher}. */
export interface DeleteBatcherOptions {
  readonly client: SQSClient;
  readonly queueUrl: string;
  readonly delayMs: number;
  readonly onDeleted: (message: InFlightMessage) => void;
  readonly onFailed: (messages: readonly InFlightMessage[], failure: BatchFailure) => void;
}

/** Entry failures of a batch answer, with entries identified by their position (`Id` = index). */
export function entryFailures(failed: readonly BatchResultErrorEntry[] | undefined): EntryFailure[] {
  if (failed === undefined) return [];
  return failed.map((entry) => ({
    index: Number(entry.Id),
    code: entry.Code ?? 'Unknown',
    senderFault: entry.SenderFault !== false,
    message: entry.Message,
  }));
}

/** A batcher that deletes messages from `queueUrl`. */
export function createDeleteBatcher(options: DeleteBatcherOptions): SqsBatcher<InFlightMessage> {
  const { client, queueUrl } = options;
  return new SqsBatcher<InFlightMessage>({
    delayMs: options.delayMs,
    call: async (messages, signal) => {
      const output = await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: messages.map((m, index) => ({ Id: String(index), ReceiptHandle: m.message.receiptHandle })),
        }),
        { abortSignal: signal },
      );
      return entryFailures(output.Failed);
    },
    onSucceeded: options.onDeleted,
    onFailed: options.onFailed,
  });
}
