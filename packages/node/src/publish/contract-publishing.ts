/**
 * Publishing by contract: `publishEvent(contract, input)` and `publishEvents(contract, inputs)`
 * build each payload with the contract (validated by its schemas) before any call, so nothing
 * invalid is ever sent. In a batch, an input that breaks the contract is its own failed result
 * (a `ContractViolationError` naming each path) and the others are published, as for any entry
 * the publisher refuses.
 */
import { ContractInvalidError, type ContractInput, type EventContract, type EventDefinition, type MegaPayload } from '@sqs-mega/core';
import type { PublishBatchEntryResult, PublishBatchResult } from './batch-sender.js';
import { asEntryError } from './publish-batch.js';
import { batchEntry, type BatchEntry, type SnsMessageOptions, type SqsMessageOptions } from './publish-options.js';

const EVENT_ENTRY = Symbol.for('@sqs-mega/node.EventEntry');

/** A contract input with options of its own, made by {@link eventEntry}. */
export interface EventEntry<D extends EventDefinition = EventDefinition, O extends SqsMessageOptions | SnsMessageOptions = SqsMessageOptions | SnsMessageOptions> {
  /** The contract the input is for: the one `publishEvents` is given. */
  readonly contract: EventContract<D>;
  /** The input, as `contract.build` takes it. */
  readonly input: ContractInput<D>;
  /** This entry's options, over the batch's shared ones (attributes merged by name). */
  readonly options: O;
  /** @internal */
  readonly [EVENT_ENTRY]: true;
}

/**
 * Gives one `publishEvents` input options of its own (a FIFO group id, a deduplication id,
 * attributes…), applied over the batch's shared options, as {@link batchEntry} does for
 * `publishBatch`. The contract is named again so that the input is typed (and checked) by it.
 *
 * @example
 * ```ts
 * await publisher.publishEvents(
 *   orderPlaced,
 *   orders.map((order) => eventEntry(orderPlaced, { object: { id: order.id, current: order } }, { groupId: order.customerId })),
 * );
 * ```
 */
export function eventEntry<D extends EventDefinition, O extends SqsMessageOptions | SnsMessageOptions>(
  contract: EventContract<D>,
  input: ContractInput<D>,
  options: O,
): EventEntry<D, O> {
  return Object.freeze({ contract, input, options, [EVENT_ENTRY]: true as const });
}

/** Whether `value` was made by {@link eventEntry}. */
export function isEventEntry(value: unknown): value is EventEntry {
  return typeof value === 'object' && value !== null && (value as { [EVENT_ENTRY]?: unknown })[EVENT_ENTRY] === true;
}

/** What `publishBatch` is given for one built input: the payload, or the payload with the entry's options. */
type Built = { readonly payload: MegaPayload | BatchEntry } | { readonly error: unknown };

/** Builds every input with `contract` (asynchronous schemas awaited): a payload or the error, per input. */
export async function buildEach<D extends EventDefinition>(contract: EventContract<D>, inputs: readonly (ContractInput<D> | EventEntry<D>)[]): Promise<Built[]> {
  return Promise.all(
    inputs.map(async (item): Promise<Built> => {
      try {
        if (!isEventEntry(item)) return { payload: await contract.buildAsync(item) };
        if (item.contract !== contract) {
          throw new ContractInvalidError(
            `this entry was made with eventEntry(${item.contract.id}, …) and published with publishEvents(${contract.id}, …): give both the same contract`,
          );
        }
        return { payload: batchEntry(await contract.buildAsync(item.input), item.options) };
      } catch (error) {
        return { error };
      }
    }),
  );
}

/**
 * Publishes the payloads that were built (with `publishBatch`) and gives one result per input, in
 * input order: the failures of `built` where it failed, the batch's results elsewhere.
 */
export async function publishBuilt(
  built: readonly Built[],
  publishBatch: (payloads: readonly (MegaPayload | BatchEntry)[]) => Promise<PublishBatchResult>,
): Promise<PublishBatchResult> {
  const valid = built.flatMap((entry, index) => ('payload' in entry ? [{ index, payload: entry.payload }] : []));
  const sent = valid.length === 0 ? [] : (await publishBatch(valid.map((entry) => entry.payload))).results;
  const byIndex = new Map(valid.map((entry, position) => [entry.index, sent[position]!]));
  const results: PublishBatchEntryResult[] = built.map((entry, index) =>
    'error' in entry ? { index, ok: false, error: asEntryError(entry.error), attempts: 0 } : { ...byIndex.get(index)!, index },
  );
  const succeeded = results.filter((r) => r.ok).length;
  return { results, succeeded, failed: results.length - succeeded };
}
