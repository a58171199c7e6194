/**
 * An index of entries by a string value: exact strings in a map, literal prefixes in a
 * {@link PrefixIndex}. Looking a value up costs one map probe and one binary search over the
 * distinct prefixes, whatever the number of entries.
 */
import type { IndexKey } from './index-keys.js';
import { PrefixIndex } from './prefix-index.js';

/** Entries that share a key, in registration order. */
export type Bucket<E> = E[];

/** Entries indexed by exact strings and literal prefixes of one string value (an event name, a data key's value…). */
export class StringIndex<E> {
  private readonly exact = new Map<string, Bucket<E>>();
  private readonly prefixes = new PrefixIndex<E>();
  private hasPrefixes = false;

  /** Adds an entry under a key; returns the buckets it went into (to remove it later). */
  add(key: IndexKey, entry: E): Bucket<E>[] {
    if (key.kind === 'exact') {
      return [...new Set(key.values)].map((value) => pushInto(this.exact, value, entry));
    }
    this.hasPrefixes = true;
    return [this.prefixes.add(key.prefix, entry)];
  }

  /** Pushes onto `out` every non-empty bucket whose key the value satisfies. */
  collect(value: string, out: Bucket<E>[]): void {
    const exact = this.exact.get(value);
    if (exact !== undefined && exact.length > 0) out.push(exact);
    if (this.hasPrefixes) this.prefixes.collect(value, out);
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
