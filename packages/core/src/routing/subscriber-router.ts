/**
 * The router (spec §6–§7): many subscribers' patterns → the subscribers a decoded body goes to.
 * Event subscribers see only `kind: 'mega'` results, data subscribers only `kind: 'data'` ones.
 * Subscribers are indexed on what can be indexed — exact event names or name prefixes, exact
 * domains, data keys with fixed string values — so that a message is tested only against the
 * subscribers that can possibly match it, plus those that index on nothing.
 */
import type { DecodedBody } from '../codec/decoded-body.js';
import { isCompiledPattern } from '../matcher/compile.js';
import { dataPattern, type DataPattern } from '../matcher/data-pattern.js';
import { eventPattern, type EventPattern, type EventPatternAttributes } from '../matcher/event-pattern.js';
import type { CompiledPattern, Pattern } from '../matcher/pattern-form.js';
import { isObjectLike, isMatchableObject, readOwn } from '../matcher/value-shapes.js';
import { dataIndexKeyOf, indexKeyOf } from './index-keys.js';
import { StringIndex, type Bucket } from './string-index.js';

/**
 * What a subscriber declares: an event pattern (its attributes, or one already compiled with
 * `eventPattern`), or a data pattern (any pattern, or one compiled with `dataPattern` or
 * `compilePattern`; none means every data object).
 */
export type SubscriberRegistration =
  | { readonly kind: 'event'; readonly pattern: EventPatternAttributes | EventPattern }
  | { readonly kind: 'data'; readonly pattern?: Pattern | DataPattern | CompiledPattern };

interface Entry<S> {
  /** Registration order. */
  readonly seq: number;
  readonly subscriber: S;
  /** `undefined` when the index key is the whole pattern: being found is matching. */
  readonly test: ((value: never) => boolean) | undefined;
  /** The buckets holding this entry, to remove it. */
  buckets: Bucket<Entry<S>>[];
}

function compileEvent(pattern: EventPatternAttributes | EventPattern): {
  compiled: CompiledPattern<never>;
  attributes: EventPattern['attributes'] | undefined;
} {
  if (isCompiledPattern(pattern)) {
    const attributes = (pattern as Partial<EventPattern>).attributes;
    return { compiled: pattern, attributes };
  }
  const compiled = eventPattern(pattern as EventPatternAttributes);
  return { compiled, attributes: compiled.attributes };
}

function compileData(pattern: Pattern | DataPattern | CompiledPattern | undefined): {
  compiled: CompiledPattern<never>;
  /** The pattern to index on, when known. */
  source: Pattern | undefined;
  /** True when the subscriber takes every data object (no pattern). */
  everything: boolean;
} {
  if (isCompiledPattern(pattern)) {
    // A DataPattern carries its source; another compiled pattern is tested as it is.
    const isDataPattern = 'pattern' in pattern;
    const source = isDataPattern ? (pattern as DataPattern).pattern : undefined;
    return { compiled: pattern, source, everything: isDataPattern && source === undefined };
  }
  const source = pattern as Pattern | undefined;
  return { compiled: dataPattern(source), source, everything: source === undefined };
}

function remove<E>(bucket: Bucket<E>, entry: E): void {
  const index = bucket.indexOf(entry);
  if (index >= 0) bucket.splice(index, 1);
}

/**
 * Routes decoded bodies to subscribers. Register each subscriber's pattern with {@link add} (it is
 * validated and compiled once), then call {@link route} for every decoded body: it returns the
 * matching subscribers in registration order. The subscriber value is opaque to the router (a
 * handler, a class instance, an id…); registering the same value twice routes it twice.
 *
 * The cost of `route` depends on the subscribers that can match the message, not on how many are
 * registered: event subscribers are indexed by exact event name (a string, `$eq`, `$oneOf` of
 * strings), else by a literal name prefix (`$match: "^billing\\."`), else by exact domain or
 * domain prefix; data subscribers by one data key with fixed string values (or a literal
 * prefix). Subscribers with nothing to index on are tested on every message of their kind.
 *
 * @example
 * ```ts
 * const router = new SubscriberRouter<Handler>();
 * const off = router.add({ kind: 'event', pattern: { name: 'user.updated' } }, onUserUpdated);
 * router.add({ kind: 'data', pattern: { type: match('^user:notification:') } }, onNotification);
 * for (const handler of router.route(decodeBody(body))) await handler(...);
 * off(); // unsubscribes onUserUpdated
 * ```
 */
export class SubscriberRouter<S> {
  private seq = 0;
  private count = 0;
  private readonly eventNames = new StringIndex<Entry<S>>();
  private readonly eventDomains = new StringIndex<Entry<S>>();
  private readonly eventOthers: Bucket<Entry<S>> = [];
  private readonly dataKeys = new Map<string, StringIndex<Entry<S>>>();
  private readonly dataOthers: Bucket<Entry<S>> = [];

  /** How many subscribers are registered. */
  get size(): number {
    return this.count;
  }

  /**
   * Registers a subscriber's pattern. The pattern is validated and compiled now.
   *
   * @returns a function that unregisters this subscriber (calling it again does nothing).
   * @throws PatternError (code `PATTERN_INVALID`) when the pattern is invalid.
   */
  add(registration: SubscriberRegistration, subscriber: S): () => void {
    const entry: Entry<S> =
      registration.kind === 'event'
        ? this.addEvent(registration.pattern, subscriber)
        : this.addData(registration.pattern, subscriber);
    this.count++;
    let registered = true;
    return () => {
      if (!registered) return;
      registered = false;
      for (const bucket of entry.buckets) remove(bucket, entry);
      entry.buckets = [];
      this.count--;
    };
  }

  private addEvent(pattern: EventPatternAttributes | EventPattern, subscriber: S): Entry<S> {
    const { compiled, attributes } = compileEvent(pattern);
    const declared = attributes === undefined ? [] : Object.keys(attributes);
    const nameKey = indexKeyOf(attributes?.name);
    const domainKey = indexKeyOf(attributes?.domain);
    const [index, key, attribute] =
      nameKey?.kind === 'exact' || (nameKey !== undefined && domainKey?.kind !== 'exact')
        ? [this.eventNames, nameKey, 'name']
        : domainKey !== undefined
          ? [this.eventDomains, domainKey, 'domain']
          : [undefined, undefined, undefined];
    // Found through an index that is the subscriber's only attribute: that is a match already.
    const sufficient = key !== undefined && key.sufficient && declared.length === 1 && declared[0] === attribute;
    const entry: Entry<S> = {
      seq: this.seq++,
      subscriber,
      test: sufficient ? undefined : compiled.test,
      buckets: [],
    };
    if (index === undefined || key === undefined) {
      this.eventOthers.push(entry);
      entry.buckets = [this.eventOthers];
    } else {
      entry.buckets = index.add(key, entry);
    }
    return entry;
  }

  private addData(pattern: Pattern | DataPattern | CompiledPattern | undefined, subscriber: S): Entry<S> {
    const { compiled, source, everything } = compileData(pattern);
    const found = dataIndexKeyOf(source);
    // No pattern means every data object; an index key that is the whole pattern means a match.
    const sufficient = everything || (found !== undefined && found.key.sufficient);
    const entry: Entry<S> = { seq: this.seq++, subscriber, test: sufficient ? undefined : compiled.test, buckets: [] };
    if (found === undefined) {
      this.dataOthers.push(entry);
      entry.buckets = [this.dataOthers];
      return entry;
    }
    let index = this.dataKeys.get(found.dataKey);
    if (index === undefined) {
      index = new StringIndex();
      this.dataKeys.set(found.dataKey, index);
    }
    entry.buckets = index.add(found.key, entry);
    return entry;
  }

  /**
   * The subscribers a decoded body goes to, in registration order: for `mega`, the event
   * subscribers whose pattern matches the payload; for `data`, the data subscribers whose pattern
   * (if any) matches the data object; for `plaintext` and `binary`, none. Never throws.
   */
  route(decoded: DecodedBody): S[] {
    if (typeof decoded !== 'object' || decoded === null) return [];
    const buckets: Bucket<Entry<S>>[] = [];
    let value: unknown;
    if (decoded.kind === 'mega') {
      const payload = decoded.payload;
      value = payload;
      const event = isObjectLike(payload) ? readOwn(payload as unknown as Record<string, unknown>, 'event') : undefined;
      if (isObjectLike(event)) {
        const name = readOwn(event, 'name');
        if (typeof name === 'string') this.eventNames.collect(name, buckets);
        const domain = readOwn(event, 'domain');
        if (typeof domain === 'string') this.eventDomains.collect(domain, buckets);
      }
      if (this.eventOthers.length > 0) buckets.push(this.eventOthers);
    } else if (decoded.kind === 'data') {
      const data: unknown = decoded.data;
      value = data;
      // Only a plain object can match an object pattern, the only kind the data index holds.
      if (isMatchableObject(data)) {
        for (const [key, index] of this.dataKeys) {
          const fixed = readOwn(data, key);
          if (typeof fixed === 'string') index.collect(fixed, buckets);
        }
      }
      if (this.dataOthers.length > 0) buckets.push(this.dataOthers);
    } else {
      return [];
    }
    return matching(buckets, value as never);
  }
}

/** Tests the entries of the candidate buckets; returns the matching subscribers in registration order. */
function matching<S>(buckets: readonly Bucket<Entry<S>>[], value: never): S[] {
  const hits: Entry<S>[] = [];
  let sources = 0;
  for (const bucket of buckets) {
    const before = hits.length;
    for (const entry of bucket) if (entry.test === undefined || entry.test(value)) hits.push(entry);
    if (hits.length > before) sources++;
  }
  // Each bucket is in registration order; hits from several buckets are merged by insertion
  // (a handful of hits: cheaper than Array.prototype.sort with a comparator).
  if (sources > 1) {
    for (let i = 1; i < hits.length; i++) {
      const hit = hits[i]!;
      let j = i - 1;
      while (j >= 0 && hits[j]!.seq > hit.seq) {
        hits[j + 1] = hits[j]!;
        j--;
      }
      hits[j + 1] = hit;
    }
  }
  const subscribers: S[] = new Array<S>(hits.length);
  for (let i = 0; i < hits.length; i++) subscribers[i] = hits[i]!.subscriber;
  return subscribers;
}
