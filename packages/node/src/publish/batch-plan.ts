/**
 * Splitting messages into batch calls: at most `maxEntries` entries and `maxBytes` in total per
 * batch, in input order (so FIFO groups keep their order), greedily filling each batch.
 */

/** The limits of one batch call. */
export interface BatchLimits {
  /** Most entries per call (10 for SendMessageBatch and PublishBatch). */
  readonly maxEntries: number;
  /** Largest sum of the entries' sizes, in bytes. */
  readonly maxBytes: number;
}

/**
 * Groups the `indexes` of `sizes` into batches within `limits`, keeping their order. Every size
 * must be ≤ `limits.maxBytes` (the caller refused larger messages already).
 *
 * @returns the batches, each a list of indexes into `sizes`.
 */
export function planBatches(sizes: readonly number[], indexes: readonly number[], limits: BatchLimits): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  for (const index of indexes) {
    const size = sizes[index];
    if (size === undefined || size > limits.maxBytes) {
      throw new RangeError(`planBatches: entry ${index} has size ${String(size)}, over the batch limit of ${limits.maxBytes} bytes`);
    }
    if (current.length === limits.maxEntries || bytes + size > limits.maxBytes) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(index);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
