/**
 * Splitting messages into batch calls: at most `maxEntries` entries and `maxBytes` in total per
 * batch, in input order (so FIFO groups keep their order), greedily filling each batch. Entries
 * are sized (prepared) only when the next batch is asked for, so encoding overlaps the calls
 * already in flight instead of delaying the first one.
 */

/** The limits of one batch call. */
export interface BatchLimits {
  /** Most entries per call (10 for SendMessageBatch and PublishBatch). */
  readonly maxEntries: number;
  /** Largest sum of the entries' sizes, in bytes. */
  readonly maxBytes: number;
}

/**
 * Hands out batches of entry indexes `0 … count−1` in order. `sizeOf(index)` prepares an entry
 * and returns its size, or `undefined` to leave it out (an invalid entry, reported elsewhere).
 */
export class BatchPlanner implements BatchSource {
  readonly #count: number;
  readonly #sizeOf: (index: number) => number | undefined;
  readonly #limits: BatchLimits;
  #next = 0;
  /** An entry that did not fit the previous batch: it opens the next one. */
  #carried: { index: number; size: number } | undefined;

  constructor(count: number, sizeOf: (index: number) => number | undefined, limits: BatchLimits) {
    this.#count = count;
    this.#sizeOf = sizeOf;
    this.#limits = limits;
  }

  /**
   * The next batch (indexes, in order), or `undefined` when every entry was handed out.
   * @throws RangeError when an entry is larger than a batch (the caller must refuse those).
   */
  next(): number[] | undefined {
    const { maxEntries, maxBytes } = this.#limits;
    const batch: number[] = [];
    let bytes = 0;
    if (this.#carried) {
      batch.push(this.#carried.index);
      bytes = this.#carried.size;
      this.#carried = undefined;
    }
    while (batch.length < maxEntries && this.#next < this.#count) {
      const index = this.#next++;
      const size = this.#sizeOf(index);
      if (size === undefined) continue;
      if (size > maxBytes) {
        throw new RangeError(`BatchPlanner: entry ${index} has size ${size}, over the batch limit of ${maxBytes} bytes`);
      }
      if (bytes + size > maxBytes) {
        this.#carried = { index, size };
        break;
      }
      batch.push(index);
      bytes += size;
    }
    return batch.length > 0 ? batch : undefined;
  }

  /** Every entry not handed out yet, in order, without preparing any. */
  drain(): number[] {
    const rest: number[] = this.#carried ? [this.#carried.index] : [];
    this.#carried = undefined;
    while (this.#next < this.#count) rest.push(this.#next++);
    return rest;
  }
}

/** Where {@link sendBatches} takes its batches from. */
export interface BatchSource {
  /** The next batch, in input order, or `undefined` when none is left. */
  next(): readonly number[] | undefined;
  /** Every entry not handed out yet, without preparing it (for a run that stops early). */
  drain(): number[];
}

/**
 * Groups the `indexes` of `sizes` into batches within `limits`, keeping their order. Every size
 * must be ≤ `limits.maxBytes`.
 *
 * @returns the batches, each a list of indexes into `sizes`.
 */
export function planBatches(sizes: readonly number[], indexes: readonly number[], limits: BatchLimits): number[][] {
  const planner = new BatchPlanner(indexes.length, (k) => sizes[indexes[k]!] ?? Number.POSITIVE_INFINITY, limits);
  const batches: number[][] = [];
  for (let batch = planner.next(); batch; batch = planner.next()) batches.push(batch.map((k) => indexes[k]!));
  return batches;
}
