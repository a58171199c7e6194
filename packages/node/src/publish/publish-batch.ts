/**
 * `publishBatch`, shared by both publishers: check the shared options once (throwing), then
 * prepare the entries batch by batch as calls free up (an invalid entry is reported in its result
 * and never sent), send them, and count the results.
 */
import { type EncodableBody, EncodeError, MegaError } from '@sqs-mega/core';
import { SqsMegaNodeError } from '../errors.js';
import { type BatchLimits, BatchPlanner } from './batch-plan.js';
import { type BatchCall, type PublishBatchEntryResult, type PublishBatchResult, sendBatches, summarize } from './batch-sender.js';
import { toWireAttributes } from './message-attributes.js';
import { type MessageRules, type OutgoingMessage, checkMessageOptions, prepareMessage } from './outgoing-message.js';
import type { PublishEntryError } from './publish-errors.js';
import { instrumentMessage, outcomeOf, type OutgoingMessageOutcome, type PublishInstrumentation } from './publish-instrumentation.js';
import {
  type BatchEntry,
  type SnsPublishBatchOptions,
  type SqsPublishBatchOptions,
  isBatchEntry,
  mergeEntryOptions,
  resolveBatchOptions,
  resolveEncoding,
} from './publish-options.js';

/** Where a batch goes: the queue or topic, its rules, its batch limits, and its batch call. */
export interface BatchTarget {
  /** The queue URL or topic ARN. */
  readonly resource: string;
  readonly rules: MessageRules;
  readonly limits: BatchLimits;
  readonly call: BatchCall;
  /** What sees each entry before it is sent. @defaultValue none */
  readonly instrumentations?: readonly PublishInstrumentation[];
}

type AnyBatchOptions = SqsPublishBatchOptions & SnsPublishBatchOptions;

/**
 * An error from preparing one entry, as that entry's result. Core's `encodeBody` throws only
 * typed errors; anything else came from the payload itself (a getter that throws) and is reported
 * as the `EncodeError` it amounts to, with the original as `cause`.
 */
export function asEntryError(error: unknown): PublishEntryError {
  if (error instanceof SqsMegaNodeError || error instanceof MegaError) return error as PublishEntryError;
  const wrapped = new EncodeError('', `reading the payload threw ${String(error)}`, 'Fix the payload (see cause).');
  wrapped.cause = error;
  return wrapped;
}

/**
 * Publishes `payloads` to `target` in batches. Rejects only for invalid shared options (before
 * any call); everything else is a per-entry result.
 */
export async function publishInBatches(
  payloads: readonly (EncodableBody | BatchEntry)[],
  options: AnyBatchOptions,
  target: BatchTarget,
): Promise<PublishBatchResult> {
  const batchOptions = resolveBatchOptions(options);
  // The shared options are checked once, so that one bad option is one error, not one per entry.
  checkMessageOptions(options, target.rules, false);
  resolveEncoding(options, target.rules.encoding);
  if (options.attributes !== undefined) toWireAttributes(options.attributes, target.rules.service);

  const results: (PublishBatchEntryResult | undefined)[] = new Array(payloads.length);
  const messages: (OutgoingMessage | undefined)[] = new Array(payloads.length);
  const instrumentations = target.instrumentations ?? [];
  const settles: ((outcome: OutgoingMessageOutcome) => void)[] = [];
  // Entries are prepared as the batches are taken: an invalid one is reported at once and never sent.
  const sizeOf = (index: number): number | undefined => {
    const item = payloads[index]!;
    try {
      const prepared = isBatchEntry(item)
        ? prepareMessage(item.payload, mergeEntryOptions<AnyBatchOptions>(options, item.options), target.rules)
        : prepareMessage(item, options, target.rules);
      let message = prepared;
      if (instrumentations.length > 0) {
        const instrumented = instrumentMessage(instrumentations, prepared, target.rules, {
          destination: target.resource,
          operation: 'publishBatch',
          batch: { size: payloads.length, index },
        });
        message = instrumented.message;
        settles[index] = instrumented.settle;
      }
      messages[index] = message;
      return message.size;
    } catch (error) {
      results[index] = { index, ok: false, error: asEntryError(error), attempts: 0 };
      return undefined;
    }
  };
  const planner = new BatchPlanner(payloads.length, sizeOf, target.limits);
  await sendBatches(messages, planner, target.call, results, {
    ...batchOptions,
    service: target.rules.service,
    resource: target.resource,
    fifo: target.rules.fifo,
    onResult: instrumentations.length === 0 ? undefined : (result) => settles[result.index]?.(outcomeOf(result)),
  });
  return summarize(results as PublishBatchEntryResult[]);
}
