/**
 * Plain objects and own properties: the one place that says what counts as a "plain object" and how
 * keys are read and written without touching prototypes (so `__proto__`, `constructor`… stay data).
 */

/** A string-keyed record of unknown values. */
export type PlainObject = Record<string, unknown>;

const objectPrototype = Object.prototype;
// `hasOwnProperty.call` inside `for…in` is what V8 optimizes best (3× faster than Object.hasOwn there).
const hasOwnProperty = Object.prototype.hasOwnProperty;

/**
 * True for `{}`-like objects: created by an object literal, `JSON.parse`, `Object.create(null)` or
 * another realm's `Object`. False for `null`, arrays, `Date`, `Uint8Array`, class instances, Maps.
 */
export function isPlainObject(value: unknown): value is PlainObject {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === objectPrototype || proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * The value of an own property, or `undefined` when the object has no own property of that name.
 * Reads first and checks ownership only for a defined value, so an absent key costs one load.
 */
export function getOwn(object: PlainObject, key: string): unknown {
  const value = object[key];
  return value === undefined || hasOwnProperty.call(object, key) ? value : undefined;
}

/** True when the object has at least one own enumerable key. */
export function hasKeys(object: PlainObject): boolean {
  for (const key in object) if (hasOwnProperty.call(object, key)) return true;
  return false;
}

/**
 * Sets an own data property. Unlike `object[key] = value`, a key `__proto__` becomes an ordinary
 * property instead of replacing the prototype.
 */
export function setOwn(object: PlainObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

/** A shallow copy of the own enumerable properties, `__proto__` keys kept as data. */
export function copyOwn(source: PlainObject): PlainObject {
  const copy: PlainObject = {};
  for (const key of Object.keys(source)) setOwn(copy, key, source[key]);
  return copy;
}
