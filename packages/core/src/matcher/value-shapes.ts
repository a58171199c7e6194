/**
 * The shapes of matched values (spec §5.5): what counts as a plain object, how a key is looked up
 * (own properties only), and what counts as empty (§5.1 `$empty`).
 */

const objectPrototype = Object.prototype;
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * An object that an object pattern can match (spec §5.5): not `null`, an array, a `Date` or a
 * `Uint8Array` (nor another typed array view). Broader than the model's `isPlainObject`
 * (plain-object.ts), which also requires an `Object` or `null` prototype.
 */
export function isMatchableObject(value: unknown): value is Record<string, unknown> {
  return plainPrototypeOf(value) !== NOT_PLAIN;
}

/** What {@link plainPrototypeOf} returns for a value that is not a plain object. */
export const NOT_PLAIN: unique symbol = Symbol('not a plain object');

/**
 * The prototype of a plain object (§5.5), to pass to {@link readOwnFrom}; {@link NOT_PLAIN} when
 * the value is not a plain object. One prototype read serves every key of the object.
 */
export function plainPrototypeOf(value: unknown): object | null | typeof NOT_PLAIN {
  if (typeof value !== 'object' || value === null) return NOT_PLAIN;
  return plainPrototypeFrom(value, prototypeOf(value));
}

/**
 * {@link plainPrototypeOf} for an object whose prototype has been read already (generated code
 * reads `__proto__` inline, and calls this when it is not `Object.prototype`).
 */
export function plainPrototypeFrom(value: object, proto: object | null): object | null | typeof NOT_PLAIN {
  if (proto === objectPrototype || proto === null) return proto;
  return Array.isArray(value) || value instanceof Date || ArrayBuffer.isView(value) ? NOT_PLAIN : proto;
}

/**
 * The prototype of an object. Fast path: the `__proto__` accessor is inline-cached, unlike
 * `Object.getPrototypeOf`; an own "__proto__" data key (JSON.parse makes them) shadows it, so any
 * other answer is checked with `Object.getPrototypeOf`.
 */
export function prototypeOf(value: object): object | null {
  if ((value as { __proto__?: unknown }).__proto__ === objectPrototype) return objectPrototype;
  return Object.getPrototypeOf(value) as object | null;
}

/** Marks a property whose getter threw, so that a lookup can fail without throwing. */
export const GETTER_THREW: unique symbol = Symbol('getter threw');

/**
 * True while `Object.prototype` has an enumerable property — the mark of prototype pollution
 * (`obj.__proto__.isAdmin = true`). While it is, every lookup checks `hasOwnProperty`.
 * Refreshed by {@link checkObjectPrototype} at the start of every `test`.
 */
export let objectPrototypePolluted = false;

/** Refreshes {@link objectPrototypePolluted} and returns it; costs a few nanoseconds (an empty `for…in`). */
export function checkObjectPrototype(): boolean {
  let polluted = false;
  for (const _ in objectPrototype) {
    polluted = true;
    break;
  }
  objectPrototypePolluted = polluted;
  return polluted;
}

/** True for keys that `Object.prototype` has (`constructor`, `toString`, `__proto__`…): always checked. */
export function isObjectPrototypeKey(key: string): boolean {
  return key in objectPrototype;
}

function readOwnChecked(object: Record<string, unknown>, key: string): unknown {
  if (!hasOwn.call(object, key)) return undefined;
  try {
    return object[key];
  } catch {
    return GETTER_THREW;
  }
}

/**
 * An own property of an object whose prototype is `proto` (from {@link plainPrototypeOf}): its
 * value, `undefined` when there is no own property of that name (inherited ones such as
 * `constructor`, or keys added to a polluted `Object.prototype`, count as absent), or
 * {@link GETTER_THREW}.
 *
 * The common case — a plain object, a key that `Object.prototype` does not have (`prototypeKey`,
 * computed once per pattern key with {@link isObjectPrototypeKey}), no pollution — costs one
 * property read; anything else checks `hasOwnProperty` first. Call {@link checkObjectPrototype}
 * before a series of lookups.
 */
export function readOwnFrom(
  object: Record<string, unknown>,
  proto: object | null,
  key: string,
  prototypeKey: boolean,
): unknown {
  if (proto !== null && (proto !== objectPrototype || prototypeKey || objectPrototypePolluted)) {
    return readOwnChecked(object, key);
  }
  try {
    return object[key];
  } catch {
    return GETTER_THREW;
  }
}

/**
 * An own property of any object: its value, `undefined` when there is no own property of that
 * name, or {@link GETTER_THREW}. Always checks `hasOwnProperty`.
 */
export function readOwn(object: Record<string, unknown>, key: string): unknown {
  return readOwnChecked(object, key);
}

/** Like {@link readOwn}, for explanations: the value, or the error its getter threw. */
export function readOwnOrError(
  object: Record<string, unknown>,
  key: string,
): { readonly value: unknown } | { readonly error: unknown } {
  if (!hasOwn.call(object, key)) return { value: undefined };
  try {
    return { value: object[key] };
  } catch (error) {
    return { error };
  }
}

/** `$empty` (§5.1): absent, `null`, `""`, `[]` or a plain object with no own enumerable key. */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.length === 0;
  if (!isMatchableObject(value)) return false;
  for (const key in value) {
    if (hasOwn.call(value, key)) return false;
  }
  return true;
}

/** Any non-null object (arrays included): something own properties can be read from. */
export function isObjectLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
