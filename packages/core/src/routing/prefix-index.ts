/**
 * Entries indexed by literal string prefixes: given a value, the buckets of every registered prefix
 * the value starts with. Prefixes are kept sorted; a lookup is one binary search plus a walk up the
 * chain of registered prefixes of the nearest one, so its cost grows with log(number of prefixes),
 * not with their count or their lengths.
 */
import type { Bucket } from './string-index.js';

export class PrefixIndex<E> {
  private readonly buckets = new Map<string, Bucket<E>>();
  /** The registered prefixes, sorted; rebuilt on the first lookup after a new prefix. */
  private sorted: string[] = [];
  /** For each sorted prefix, the index of the longest registered proper prefix of it, or -1. */
  private parents: number[] = [];
  /** Bucket of each sorted prefix. */
  private sortedBuckets: Bucket<E>[] = [];
  private dirty = false;

  /** Adds an entry under a prefix; returns its bucket (to remove it later). */
  add(prefix: string, entry: E): Bucket<E> {
    let bucket = this.buckets.get(prefix);
    if (bucket === undefined) {
      bucket = [];
      this.buckets.set(prefix, bucket);
      this.dirty = true;
    }
    bucket.push(entry);
    return bucket;
  }

  private rebuild(): void {
    this.sorted = [...this.buckets.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.sortedBuckets = this.sorted.map((p) => this.buckets.get(p)!);
    this.parents = [];
    // In sorted order, the registered prefixes of a string are on a stack of its predecessors.
    const stack: number[] = [];
    this.sorted.forEach((prefix, index) => {
      while (stack.length > 0 && !prefix.startsWith(this.sorted[stack[stack.length - 1]!]!)) stack.pop();
      this.parents.push(stack.length > 0 ? stack[stack.length - 1]! : -1);
      stack.push(index);
    });
    this.dirty = false;
  }

  /** Pushes onto `out` the non-empty bucket of every registered prefix of `value`. */
  collect(value: string, out: Bucket<E>[]): void {
    if (this.dirty) this.rebuild();
    const sorted = this.sorted;
    // The last prefix <= value: every registered prefix of value is it or one of its ancestors
    // (the strings starting with a prefix form one contiguous run in sorted order).
    let low = 0;
    let high = sorted.length - 1;
    let nearest = -1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (sorted[mid]! <= value) {
        nearest = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    for (let i = nearest; i !== -1; i = this.parents[i]!) {
      if (value.startsWith(sorted[i]!)) {
        const bucket = this.sortedBuckets[i]!;
        if (bucket.length > 0) out.push(bucket);
      }
    }
  }
}
