/**
 * Records built from names that come from outside (message attributes, SQS attributes): every
 * name becomes an own property of a null-prototype object. `__proto__` is a legal SQS attribute
 * name; assigned on a plain object it would set the prototype instead and the entry would vanish,
 * and a name like `constructor` would be found on a plain object's prototype when absent. Reading
 * goes the same way: {@link ownValue} sees own properties only.
 */

/** A null-prototype record holding `entries` as own, enumerable properties (the last of a name wins). */
export function dataRecord<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const record = Object.create(null) as Record<string, T>;
  for (const [name, value] of entries) {
    Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return record;
}

/** `record[key]` when `record` is an object that has `key` as its own property, else `undefined`. */
export function ownValue(record: unknown, key: string): unknown {
  return typeof record === 'object' && record !== null && Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined;
}
