/**
 * `publishBatch`, shared by both publishers: check the shared options once (throwing), prepare
 * every entry before any call (an invalid entry is reported in its result and never sent), plan
 * the batches, send them, and count the results.
 */
import { type EncodableBody, MegaError } from '@sqs-mega/core';
import { SqsMegaNodeError } from '../errors.js';
import { type BatchLimits, planBatches } from './batch-plan.js';
import { type BatchCall, type PublishBatchEntryResult, type PublishBatchResult, sendBatches, summarize } from './batch-sender.js';
import { toWireAttributes } from './message-attributes.js';
import { type MessageRules, type OutgoingMessage, checkMessageOptions, prepareMessage } from './outgoing-message.js';
import type { PublishEntryError } from './publish-errors.js';
import {
  type BatchEntry,
  type SnsPublishBatchOptions,
  type SqsPublishBatchOptions,
  isBatchEntry,
  mergeEntryOptions,
  resolveBatchOptions,
  resolveEncoding,
} from './publish-options.js';

/** Where a batch goes: the rules of its queue or topic, its batch limits, and its batch call. */
export interface BatchTarget {
  readonly rules: MessageRules;
  readonly limits: BatchLimits;
  readonly call: BatchCall;
}

type AnyBatchOptions = SqsPublishBatchOptions & SnsPublishBatchOptions;

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
  const sizes: number[] = new Array(payloads.length).fill(0);
  const valid: number[] = [];
  for (let index = 0; index < payloads.length; index++) {
    const item = payloads[index]!;
    try {
      const message = isBatchEntry(item)
        ? prepareMessage(item.payload, mergeEntryOptions<AnyBatchOptions>(options, item.options), target.rules)
        : prepareMessage(item, options, target.rules);
      messages[index] = message;
      sizes[index] = message.size;
      valid.push(index);
    } catch (error) {
      if (!(error instanceof SqsMegaNodeError || error instanceof MegaError)) throw error;
      results[index] = { index, ok: false, error: error as PublishEntryError, attempts: 0 };
    }
  }

  const plan = planBatches(sizes, valid, target.limits);
  await sendBatches(messages, plan, target.call, results, { ...batchOptions, service: target.rules.service, fifo: target.rules.fifo });
  return summarize(results as PublishBatchEntryResult[]);
}
