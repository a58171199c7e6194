/**
 * Publishing by contract: `publishEvent(contract, input)` and `publishEvents(contract, inputs)`
 * build each payload with the contract (validated by its schemas) before any call, so nothing
 * invalid is ever sent. In a batch, an input that breaks the contract is its own failed result
 * (a `ContractViolationError` naming each path) and the others are published, as for any entry
 * the publisher refuses.
 */
import type { ContractInput, EventContract, EventDefinition, MegaPayload } from '@sqs-mega/core';
import type { PublishBatchEntryResult, PublishBatchResult } from './batch-sender.js';
import { asEntryError } from './publish-batch.js';

/** Builds every input with `contract` (asynchronous schemas awaited): a payload or the error, per input. */
export async function buildEach<D extends EventDefinition>(
  contract: EventContract<D>,
  inputs: readonly ContractInput<D>[],
): Promise<({ readonly payload: MegaPayload } | { readonly error: unknown })[]> {
  return Promise.all(
    inputs.map(async (input) => {
      try {
        return { payload: await contract.buildAsync(input) };
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
  built: readonly ({ readonly payload: MegaPayload } | { readonly error: unknown })[],
  publishBatch: (payloads: readonly MegaPayload[]) => Promise<PublishBatchResult>,
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
