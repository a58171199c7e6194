/**
 * The canonical JSON text of spec §1.3, byte-identical to the reference's
 * `json.dumps(value, sort_keys=True)`: keys sorted by code point, `", "` and `": "` separators,
 * non-ASCII escaped as `\uXXXX`, integral numbers with all digits, floats in Python `repr` form.
 */
import { EncodeError } from '../errors.js';
import { isPlainObject, type PlainObject } from '../plain-object.js';
import { canonicalNumberText } from './python-number-text.js';

// Characters that need escaping: controls, '"', '\', DEL and everything beyond ASCII.
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\u007f-\uffff]/;
const SHORT_ESCAPES: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x08: '\\b', 0x0c: '\\f' };

/** A JSON string literal with Python `ensure_ascii` escaping. */
export function canonicalString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) continue;
    out += s.slice(start, i) + (SHORT_ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, '0')}`);
    start = i + 1;
  }
  return `${out}${s.slice(start)}"`;
}

function compareCodePointsSlow(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

/** Orders strings by Unicode code point (UTF-16 order differs once surrogates meet U+E000–U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    return x >= 0xd800 && y >= 0xd800 ? compareCodePointsSlow(a, b) : x - y;
  }
  return a.length - b.length;
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return 'a Date';
  if (value instanceof Uint8Array) return 'bytes (Uint8Array)';
  if (value === undefined) return 'undefined';
  if (typeof value === 'object' && value !== null) return `an instance of ${value.constructor?.name ?? 'an unknown class'}`;
  return `a ${typeof value}`;
}

/**
 * Sorts keys by code point. The built-in sort (UTF-16 order, no callback) is right unless a key has
 * a surrogate where another has U+E000–U+FFFF; one pass over neighbours tells.
 */
function sortKeys(keys: string[]): string[] {
  if (keys.length < 2) return keys;
  keys.sort();
  for (let i = 1; i < keys.length; i++) {
    if (compareCodePoints(keys[i - 1]!, keys[i]!) > 0) return keys.sort(compareCodePoints);
  }
  return keys;
}

/** An object's keys as written: in code point order, each with its `"key": ` text. */
interface KeyShape {
  /** The keys in `Object.keys` order: what a later object is compared with. */
  readonly keys: readonly string[];
  readonly sorted: readonly string[];
  /** `"key": ` for each of `sorted`. */
  readonly prefixes: readonly string[];
}

/**
 * Recently written key shapes. Payloads repeat shapes (every line item of an order has the same
 * keys), so most objects skip the sort and the key escaping: comparing key lists is a few pointer
 * comparisons. Bounded: {@link SHAPE_CACHE_SIZE} shapes of at most {@link MAX_CACHED_KEYS} keys and
 * {@link MAX_CACHED_KEY_CHARS} characters of keys each.
 */
const shapeCache: KeyShape[] = [];
const SHAPE_CACHE_SIZE = 16;
const MAX_CACHED_KEYS = 64;
const MAX_CACHED_KEY_CHARS = 4_096;
let nextShapeSlot = 0;

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function shapeOf(object: PlainObject): KeyShape {
  const keys = Object.keys(object);
  for (let i = 0; i < shapeCache.length; i++) {
    const shape = shapeCache[i]!;
    if (sameKeys(shape.keys, keys)) return shape;
  }
  const sorted = sortKeys([...keys]);
  const shape: KeyShape = { keys, sorted, prefixes: sorted.map((key) => canonicalString(key) + ': ') };
  if (keys.length <= MAX_CACHED_KEYS && keys.reduce((chars, key) => chars + key.length, 0) <= MAX_CACHED_KEY_CHARS) {
    shapeCache[nextShapeSlot] = shape;
    nextShapeSlot = (nextShapeSlot + 1) % SHAPE_CACHE_SIZE;
  }
  return shape;
}

/** Depth up to which cycles are found by scanning the open containers (cheaper than a Set there). */
const SCANNED_DEPTH = 32;

class CanonicalJsonWriter {
  readonly #path: (string | number)[] = [];
  /** The containers being written, outermost first: a value among them is a cycle. */
  readonly #open: object[] = [];
  /** The open containers deeper than {@link SCANNED_DEPTH}, for deep structures. */
  readonly #deepOpen = new Set<object>();

  write(value: unknown): string {
    switch (typeof value) {
      case 'string':
        return canonicalString(value);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'number':
      case 'bigint': {
        const text = canonicalNumberText(value);
        if (text !== undefined) return text;
        return this.#fail(value, 'use a finite number, or the BSON encoding, which carries NaN and ±Infinity');
      }
      case 'object':
        if (value === null) return 'null';
        if (Array.isArray(value) || isPlainObject(value)) {
          this.#enter(value);
          const text = Array.isArray(value) ? this.#array(value) : this.#object(value);
          this.#leave();
          return text;
        }
        return this.#fail(
          value,
          value instanceof Date || value instanceof Uint8Array
            ? 'JSON has no such type: convert it (an ISO string, Base64) or use the BSON encoding'
            : 'only plain objects, arrays, strings, numbers, booleans and null can be written',
        );
      default:
        return this.#fail(value, 'only plain objects, arrays, strings, numbers, booleans and null can be written');
    }
  }

  /** Opens a container, failing when it is already open (a cycle). */
  #enter(value: object): void {
    const open = this.#open;
    const scanned = Math.min(open.length, SCANNED_DEPTH);
    let isOpen = this.#deepOpen.has(value);
    for (let i = 0; i < scanned && !isOpen; i++) isOpen = open[i] === value;
    if (isOpen) this.#fail(value, 'the value contains a cycle (an object inside itself)', 'a cycle');
    if (open.length >= SCANNED_DEPTH) this.#deepOpen.add(value);
    open.push(value);
  }

  #leave(): void {
    const value = this.#open.pop()!;
    if (this.#open.length >= SCANNED_DEPTH) this.#deepOpen.delete(value);
  }

  #array(array: readonly unknown[]): string {
    const length = array.length;
    if (length === 0) return '[]';
    const path = this.#path;
    path.push(0);
    const last = path.length - 1;
    let text = '[' + this.write(array[0]);
    for (let i = 1; i < length; i++) {
      path[last] = i;
      text += ', ' + this.write(array[i]);
    }
    path.pop();
    return text + ']';
  }

  #object(object: PlainObject): string {
    const { sorted, prefixes } = shapeOf(object);
    const path = this.#path;
    let text = '';
    for (let i = 0; i < sorted.length; i++) {
      const key = sorted[i]!;
      const value = object[key];
      if (value === undefined) continue;
      path.push(key);
      text += (text === '' ? '{' : ', ') + prefixes[i]! + this.write(value);
      path.pop();
    }
    return text === '' ? '{}' : text + '}';
  }

  #fail(value: unknown, advice: string, problem = `JSON cannot carry ${describe(value)}`): never {
    throw new EncodeError(this.#path.join('.'), problem, advice);
  }
}

/**
 * Writes a value as canonical JSON (spec §1.3). Object members whose value is `undefined` are left
 * out, as `JSON.stringify` does.
 *
 * @throws {@link EncodeError} (code `ENCODE_UNSUPPORTED`, with the path) for NaN, ±Infinity, `Date`,
 * `Uint8Array`, functions, symbols, `undefined` array items, class instances and cycles.
 */
export function writeCanonicalJson(value: unknown): string {
  try {
    return new CanonicalJsonWriter().write(value);
  } catch (error) {
    if (error instanceof RangeError) {
      throw new EncodeError('', 'the value is nested too deeply to write', 'flatten the structure');
    }
    throw error;
  }
}
