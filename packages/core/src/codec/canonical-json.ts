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

class CanonicalJsonWriter {
  readonly #path: (string | number)[] = [];
  readonly #ancestors = new Set<object>();

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
        if (Array.isArray(value)) return this.#container(value, () => this.#array(value));
        if (isPlainObject(value)) return this.#container(value, () => this.#object(value));
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

  #container(value: object, write: () => string): string {
    if (this.#ancestors.has(value)) this.#fail(value, 'the value contains a cycle (an object inside itself)', 'a cycle');
    this.#ancestors.add(value);
    const text = write();
    this.#ancestors.delete(value);
    return text;
  }

  #array(array: readonly unknown[]): string {
    if (array.length === 0) return '[]';
    const parts = new Array<string>(array.length);
    for (let i = 0; i < array.length; i++) {
      this.#path.push(i);
      parts[i] = this.write(array[i]);
      this.#path.pop();
    }
    return `[${parts.join(', ')}]`;
  }

  #object(object: PlainObject): string {
    const keys = Object.keys(object).sort(compareCodePoints);
    const parts: string[] = [];
    for (const key of keys) {
      const value = object[key];
      if (value === undefined) continue;
      this.#path.push(key);
      parts.push(`${canonicalString(key)}: ${this.write(value)}`);
      this.#path.pop();
    }
    return parts.length === 0 ? '{}' : `{${parts.join(', ')}}`;
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
