/**
 * BSON documents as spec §1.4 defines them: `bson` does the reading and writing; this module checks
 * what `bson` lets through (unsupported types, subtype 0x02, bad key UTF-8, out-of-range dates…)
 * and maps its classes onto plain JS values (int64 → number or bigint, 0x11 → unsigned bigint,
 * ObjectId → hex string, binary → Uint8Array).
 */
import { BSONError, deserialize, serialize, type Document } from 'bson';
import { EncodeError } from '../errors.js';
import { isPlainObject, setOwn, type PlainObject } from '../plain-object.js';
import { ownBytes } from './base64.js';

const MAX_DATE_MS = 8.64e15;
const INT32_MIN = -0x8000_0000;
const INT32_MAX = 0x7fff_ffff;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const TWO_POW_63 = 2 ** 63;
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** `validateStructure` found a value that `bson` returns as one of its classes (see {@link toPlainValues}). */
const HAS_BSON_CLASSES = 1;
/** A document has a `$ref` key (its offset was pushed to `refKeys`). */
const HAS_REF_KEYS = 2;
/** A key is literally {@link REF_PLACEHOLDER}, so placeholders cannot be told from real keys. */
const HAS_PLACEHOLDER_KEY = 4;
const INVALID = -1;

/**
 * `bson` turns every object with `$ref` and `$id` keys into a DBRef, and a DBRef cannot be turned
 * back losslessly (it splits a dotted `$ref` into database and collection, overriding `$db`). So
 * `$ref` keys are renamed in a copy of the bytes to `$re` + an invalid UTF-8 byte, which `bson`
 * reads as `$re\uFFFD` (a `$` key it does not promote), and renamed back afterwards.
 */
const REF_PLACEHOLDER = '$re\ufffd';

function isPlaceholderKey(bytes: Uint8Array, at: number): boolean {
  // "$re" followed by U+FFFD in UTF-8 (EF BF BD)
  return bytes[at] === 0x24 && bytes[at + 1] === 0x72 && bytes[at + 2] === 0x65 && bytes[at + 3] === 0xef && bytes[at + 4] === 0xbf && bytes[at + 5] === 0xbd;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isValidUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  try {
    utf8.decode(bytes.subarray(start, end));
    return true;
  } catch {
    return false;
  }
}

function int32At(bytes: Uint8Array, i: number): number {
  return (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) | 0;
}

/**
 * Walks the element structure once, without allocating: every length in bounds, every document
 * closed by 0x00 exactly where its length says, only the element types of the table, keys in UTF-8,
 * booleans 0/1, dates within ±8.64e15 ms, no binary subtype 0x02. Iterative, so deep nesting cannot
 * overflow the stack. Returns `INVALID`, or flags; pushes the offset of every `$ref` key to `refKeys`.
 */
function validateStructure(bytes: Uint8Array, refKeys: number[]): number {
  const n = bytes.length;
  if (n < 5 || int32At(bytes, 0) !== n || bytes[n - 1] !== 0) return INVALID;
  let flags = 0;
  const ends: number[] = [n - 1]; // index of the closing 0x00 of each open document
  let i = 4;
  for (;;) {
    const end = ends[ends.length - 1]!;
    if (i === end) {
      ends.pop();
      i++;
      if (ends.length === 0) {
        if (i !== n) return INVALID;
        return refKeys.length === 0 ? flags : flags | HAS_BSON_CLASSES | HAS_REF_KEYS;
      }
      continue;
    }
    const type = bytes[i++]!;
    const keyStart = i;
    let ascii = true;
    while (i < end && bytes[i] !== 0) {
      if (bytes[i]! >= 0x80) ascii = false;
      i++;
    }
    if (i >= end) return INVALID;
    if (!ascii && !isValidUtf8(bytes, keyStart, i)) return INVALID;
    if (bytes[keyStart] === 0x24 && i - keyStart === 4) {
      if (bytes[keyStart + 1] === 0x72 && bytes[keyStart + 2] === 0x65 && bytes[keyStart + 3] === 0x66) {
        refKeys.push(keyStart); // "$ref": see REF_PLACEHOLDER
      }
    } else if (i - keyStart === 6 && isPlaceholderKey(bytes, keyStart)) {
      flags |= HAS_PLACEHOLDER_KEY;
    }
    i++;
    switch (type) {
      case 0x01: // double
        i += 8;
        break;
      case 0x09: {
        // UTC datetime: int64 milliseconds within the range of a JS Date
        if (i + 8 > end) return INVALID;
        const ms = int32At(bytes, i + 4) * 4294967296 + (int32At(bytes, i) >>> 0);
        if (ms > MAX_DATE_MS || ms < -MAX_DATE_MS) return INVALID;
        i += 8;
        break;
      }
      case 0x11: // timestamp (uint64)
      case 0x12: // int64
        flags |= HAS_BSON_CLASSES;
        i += 8;
        break;
      case 0x10: // int32
        i += 4;
        break;
      case 0x08: // boolean
        if (i >= end || bytes[i]! > 1) return INVALID;
        i += 1;
        break;
      case 0x0a: // null
        break;
      case 0x07: // ObjectId
        flags |= HAS_BSON_CLASSES;
        i += 12;
        break;
      case 0x02: {
        // string: int32 length (NUL included), bytes, NUL; UTF-8 is checked by bson while reading
        if (i + 4 > end) return INVALID;
        const length = int32At(bytes, i);
        if (length < 1 || i + 4 + length > end || bytes[i + 4 + length - 1] !== 0) return INVALID;
        i += 4 + length;
        break;
      }
      case 0x05: {
        // binary: int32 length, subtype, bytes
        if (i + 5 > end) return INVALID;
        const length = int32At(bytes, i);
        if (length < 0 || i + 5 + length > end || bytes[i + 4] === 0x02) return INVALID;
        flags |= HAS_BSON_CLASSES;
        i += 5 + length;
        break;
      }
      case 0x03: // document
      case 0x04: {
        // array
        if (i + 4 > end) return INVALID;
        const size = int32At(bytes, i);
        if (size < 5 || i + size > end || bytes[i + size - 1] !== 0) return INVALID;
        ends.push(i + size - 1);
        i += 4;
        break;
      }
      default:
        return INVALID;
    }
    if (i > end) return INVALID;
  }
}

interface BsonClassInstance {
  readonly _bsontype: string;
}

function plainValueOf(value: unknown, pending: object[]): unknown {
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  if (Array.isArray(value) || isPlainObject(value)) {
    pending.push(value);
    return value;
  }
  const bsonValue = value as BsonClassInstance & Record<string, unknown>;
  switch (bsonValue._bsontype) {
    case 'Long': {
      // int64: a number when within ±(2^53−1), else a bigint (bson's own promotion also lets ±2^53 through)
      const big = (value as unknown as { toBigInt(): bigint }).toBigInt();
      return big >= MIN_SAFE && big <= MAX_SAFE ? Number(big) : big;
    }
    case 'Timestamp': {
      const { high, low } = value as unknown as { high: number; low: number };
      return (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
    }
    case 'ObjectId':
      return (value as unknown as { toHexString(): string }).toHexString();
    case 'Binary': {
      const { buffer, position } = value as unknown as { buffer: Uint8Array; position: number };
      return ownBytes(buffer.subarray(0, position));
    }
    case 'DBRef': {
      const plain = (value as unknown as { toJSON(): PlainObject }).toJSON();
      const copy: PlainObject = {};
      for (const key of Object.keys(plain)) setOwn(copy, key, plain[key]);
      pending.push(copy);
      return copy;
    }
    default:
      return value;
  }
}

/**
 * Replaces, in place and iteratively, every `bson` class instance by its plain value, and (when
 * `renameRefKeys`) every {@link REF_PLACEHOLDER} key by `$ref`.
 */
function toPlainValues(root: PlainObject, renameRefKeys: boolean): void {
  const pending: object[] = [root];
  for (let container = pending.pop(); container !== undefined; container = pending.pop()) {
    if (Array.isArray(container)) {
      for (let k = 0; k < container.length; k++) container[k] = plainValueOf(container[k], pending);
    } else {
      const object = container as PlainObject;
      for (const key of Object.keys(object)) {
        const value = object[key];
        const plain = plainValueOf(value, pending);
        if (key === REF_PLACEHOLDER && renameRefKeys) {
          delete object[key];
          object.$ref = plain;
        } else if (plain !== value) {
          setOwn(object, key, plain);
        }
      }
    }
  }
}

const DESERIALIZE_OPTIONS = {
  promoteLongs: false, // every int64 is converted by toPlainValues, with the spec's bounds
  promoteValues: true,
  promoteBuffers: false,
  bsonRegExp: true,
  useBigInt64: false,
  validation: { utf8: true },
} as const;

/**
 * Reads bytes as one valid BSON document (spec §1.4), or returns `undefined` when they are not
 * exactly one. Never throws.
 */
export function readBsonDocument(bytes: Uint8Array): PlainObject | undefined {
  const refKeys: number[] = [];
  const flags = validateStructure(bytes, refKeys);
  if (flags === INVALID) return undefined;
  // With a key that is literally the placeholder (absurd, but possible), keep bson's DBRef path.
  const renameRefKeys = (flags & HAS_REF_KEYS) !== 0 && (flags & HAS_PLACEHOLDER_KEY) === 0;
  let input = bytes;
  if (renameRefKeys) {
    input = ownBytes(bytes);
    for (const at of refKeys) input[at + 3] = 0xc0; // "$ref" → "$re" + invalid byte
  }
  let document: PlainObject;
  try {
    document = deserialize(input, DESERIALIZE_OPTIONS) as PlainObject;
  } catch {
    return undefined; // e.g. a string value that is not valid UTF-8
  }
  if (flags & HAS_BSON_CLASSES) toPlainValues(document, renameRefKeys);
  return document;
}

// ------------------------------------------------------------------------------------------------
// Writing

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

class BsonPreparer {
  readonly #path: (string | number)[] = [];
  readonly #ancestors = new Set<object>();

  prepare(value: unknown): unknown {
    switch (typeof value) {
      case 'string':
        if (LONE_SURROGATE.test(value)) this.#fail('the string has a lone surrogate, which UTF-8 cannot carry', 'fix the text');
        return value;
      case 'boolean':
        return value;
      case 'number':
        if (!Number.isInteger(value)) return value; // double: NaN and ±Infinity included
        if (value >= INT32_MIN && value <= INT32_MAX) return value === 0 ? 0 : value; // int32 (-0 → 0)
        return value >= -TWO_POW_63 && value < TWO_POW_63 ? BigInt(value) : value; // int64, else double
      case 'bigint':
        if (value >= INT32_MIN && value <= INT32_MAX) return Number(value);
        if (value >= INT64_MIN && value <= INT64_MAX) return value;
        return this.#fail(`the bigint ${value} is beyond int64`, 'BSON integers are at most 64-bit: send it as a string');
      case 'object':
        if (value === null || value instanceof Uint8Array) return value;
        if (value instanceof Date) {
          if (Number.isNaN(value.getTime())) this.#fail('the Date is invalid', 'pass a valid Date');
          return value;
        }
        if (Array.isArray(value)) return this.#container(value, () => this.#array(value));
        if (isPlainObject(value)) return this.#container(value, () => this.#object(value));
        return this.#fail(
          `BSON cannot carry an instance of ${value.constructor?.name ?? 'an unknown class'}`,
          'pass plain objects, arrays, strings, numbers, bigints, booleans, null, Date or Uint8Array',
        );
      default:
        return this.#fail(
          `BSON cannot carry ${value === undefined ? 'undefined here' : `a ${typeof value}`}`,
          'pass plain objects, arrays, strings, numbers, bigints, booleans, null, Date or Uint8Array',
        );
    }
  }

  #container<T>(value: object, prepare: () => T): T {
    if (this.#ancestors.has(value)) this.#fail('the value contains a cycle (an object inside itself)', 'remove the cycle');
    this.#ancestors.add(value);
    const result = prepare();
    this.#ancestors.delete(value);
    return result;
  }

  #array(array: readonly unknown[]): unknown[] {
    const out = new Array<unknown>(array.length);
    for (let i = 0; i < array.length; i++) {
      this.#path.push(i);
      out[i] = this.prepare(array[i]);
      this.#path.pop();
    }
    return out;
  }

  #object(object: PlainObject): PlainObject {
    const out: PlainObject = {};
    for (const key of Object.keys(object)) {
      const value = object[key];
      if (value === undefined) continue;
      this.#path.push(key);
      if (key.includes('\u0000')) this.#fail('the key contains a NUL character, which BSON keys cannot', 'rename the key');
      if (LONE_SURROGATE.test(key)) this.#fail('the key has a lone surrogate, which UTF-8 cannot carry', 'rename the key');
      setOwn(out, key, this.prepare(value));
      this.#path.pop();
    }
    return out;
  }

  #fail(problem: string, advice: string): never {
    throw new EncodeError(this.#path.join('.'), problem, advice);
  }
}

/**
 * Writes a plain object as BSON bytes with the type mapping of spec §1.4 (int32 / int64 / double by
 * value, `Date` as UTC datetime, `Uint8Array` as binary subtype 0). Members whose value is
 * `undefined` are left out.
 *
 * @throws {@link EncodeError} (code `ENCODE_UNSUPPORTED`, with the path) for bigints beyond int64,
 * invalid Dates, functions, symbols, class instances, cycles, keys with NUL and lone surrogates.
 */
export function writeBsonDocument(document: PlainObject): Uint8Array {
  let prepared: unknown;
  try {
    prepared = new BsonPreparer().prepare(document);
  } catch (error) {
    if (error instanceof RangeError) throw new EncodeError('', 'the value is nested too deeply to write', 'flatten the structure');
    throw error;
  }
  try {
    return serialize(prepared as Document, { ignoreUndefined: true, checkKeys: false });
  } catch (error) {
    if (BSONError.isBSONError(error)) throw new EncodeError('', error.message, 'check the value against the BSON type table');
    throw error;
  }
}
