/**
 * The shapes of matched values (spec §5.5): what counts as a plain object, how a key is looked up
 * (own properties only), and what counts as empty (§5.1 `$empty`).
 */

const objectPrototype = Object.prototype;
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * A plain object in the sense of §5.5: an object that is not `null`, an array, a `Date` or a
 * `Uint8Array` (nor another typed array view).
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === objectPrototype || proto === null) return true;
  return !Array.isArray(value) && !(value instanceof Date) && !ArrayBuffer.isView(value);
}

/** Marks a property whose getter threw, so that a lookup can fail without throwing. */
export const GETTER_THREW: unique symbol = Symbol('getter threw');

/**
 * An own property of a plain object: its value, `undefined` when there is no own property of that
 * name (inherited ones such as `constructor` count as absent), or {@link GETTER_THREW}.
 */
export function readOwn(object: Record<string, unknown>, key: string): unknown {
  if (!hasOwn.call(object, key)) return undefined;
  try {
    return object[key];
  } catch {
    return GETTER_THREW;
  }
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

/** `hasOwnProperty`, called safely on any object. */
export function hasOwnKey(object: object, key: string): boolean {
  return hasOwn.call(object, key);
}

/** `$empty` (§5.1): absent, `null`, `""`, `[]` or a plain object with no own enumerable key. */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.length === 0;
  if (!isPlainObject(value)) return false;
  for (const key in value) {
    if (hasOwn.call(value, key)) return false;
  }
  return true;
}

/** Any non-null object (arrays included): something own properties can be read from. */
export function isObjectLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
