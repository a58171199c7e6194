/**
 * An index of entries by a string value: exact strings in one map, literal prefixes in one map per
 * prefix length. Looking a value up costs one map probe plus one per distinct prefix length,
 * whatever the number of entries.
 */
import type { IndexKey } from './index-keys.js';

/** Entries that share a key, in registration order. */
export type Bucket<E> = E[];

export class StringIndex<E> {
  private readonly exact = new Map<string, Bucket<E>>();
  private readonly prefixesByLength = new Map<number, Map<string, Bucket<E>>>();
  /** The distinct prefix lengths, ascending. */
  private lengths: number[] = [];

  /** Adds an entry under a key; returns the buckets it went into (to remove it later). */
  add(key: IndexKey, entry: E): Bucket<E>[] {
    if (key.kind === 'exact') {
      return [...new Set(key.values)].map((value) => pushInto(this.exact, value, entry));
    }
    const length = key.prefix.length;
    let byPrefix = this.prefixesByLength.get(length);
    if (byPrefix === undefined) {
      byPrefix = new Map();
      this.prefixesByLength.set(length, byPrefix);
      this.lengths = [...this.prefixesByLength.keys()].sort((a, b) => a - b);
    }
    return [pushInto(byPrefix, key.prefix, entry)];
  }

  /** Pushes onto `out` every non-empty bucket whose key the value satisfies. */
  collect(value: string, out: Bucket<E>[]): void {
    const exact = this.exact.get(value);
    if (exact !== undefined && exact.length > 0) out.push(exact);
    for (const length of this.lengths) {
      if (length > value.length) break;
      const bucket = this.prefixesByLength.get(length)!.get(value.slice(0, length));
      if (bucket !== undefined && bucket.length > 0) out.push(bucket);
    }
  }
}

function pushInto<E>(map: Map<string, Bucket<E>>, key: string, entry: E): Bucket<E> {
  let bucket = map.get(key);
  if (bucket === undefined) {
    bucket = [];
    map.set(key, bucket);
  }
  bucket.push(entry);
  return bucket;
}
