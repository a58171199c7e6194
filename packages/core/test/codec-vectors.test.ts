/**
 * Runs every codec vector of the shared spec (fixtures/vectors-public.json, `codec.decode` and
 * `codec.encode`), as `meta.formats` describes them.
 */
import { Double, Int32, Long, deserialize } from 'bson';
import { describe, expect, it } from 'vitest';
import {
  EncodeError,
  MegaError,
  MegaValidationError,
  PayloadBuilder,
  decodeBody,
  encodeBody,
  type DecodedBody,
  type EventInput,
  type ObjectInput,
} from '../src/index.js';
import { untagValue, vectors } from './vectors.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- vectors are untyped JSON, checked by the assertions */

/** The vector notation of a decode result's value (timestamps as toISOString). */
function valueOf(result: DecodedBody): unknown {
  switch (result.kind) {
    case 'mega': {
      const { event } = result.payload;
      return { ...result.payload, event: { ...event, timestamp: event.timestamp.toISOString() } };
    }
    case 'data':
      return result.data;
    case 'plaintext':
      return result.text;
    case 'binary':
      return result.bytes;
  }
}

describe('codec.decode vectors', () => {
  it.each(vectors.codec.decode.map((v: { id: string }) => [v.id, v]) as [string, any][])('%s', (_id, vector) => {
    const { body, expected } = vector;
    const result = decodeBody(body);
    expect(result.kind).toBe(expected.kind);
    if (expected.encoding !== undefined) expect((result as { encoding?: string }).encoding).toBe(expected.encoding);
    expect(valueOf(result)).toStrictEqual(untagValue(expected.value));
    if (expected.megaErrors === true) {
      const errors = (result as { megaErrors?: { path: string }[] }).megaErrors ?? [];
      expect(errors.length).toBeGreaterThan(0);
      expect(new Set(errors.map((e) => e.path))).toEqual(new Set(expected.megaErrorPaths));
    } else {
      expect((result as { megaErrors?: unknown }).megaErrors).toBeUndefined();
    }
    if (expected.sns !== undefined) expect(result.sns).toStrictEqual(expected.sns);
    else expect(result.sns).toBeUndefined();
  });
});

/** BSON bytes → the typed notation of meta.formats.bsonNotation. */
function toNotation(value: unknown): unknown {
  if (value instanceof Int32) return { $int32: value.value };
  if (value instanceof Long) return { $int64: value.toString() };
  if (value instanceof Double) {
    const x = value.value;
    return { $double: Number.isNaN(x) ? 'NaN' : x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : x };
  }
  if (value instanceof Date) return { $datetime: value.toISOString() };
  if (value !== null && typeof value === 'object' && (value as { _bsontype?: string })._bsontype === 'Binary') {
    const bin = value as unknown as { buffer: Uint8Array; position: number; sub_type: number };
    expect(bin.sub_type).toBe(0);
    return { $bytes: Buffer.from(bin.buffer.subarray(0, bin.position)).toString('base64') };
  }
  if (Array.isArray(value)) return value.map(toNotation);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toNotation(v)]));
  }
  return value;
}

function readTyped(body: string): unknown {
  const doc = deserialize(Buffer.from(body, 'base64'), { promoteValues: false, promoteLongs: false, promoteBuffers: false });
  return toNotation(doc);
}

function inputOf(input: Record<string, unknown>): { build: () => unknown } {
  switch (input.kind) {
    case 'mega':
      return {
        build: () => {
          const builder = new PayloadBuilder().withEvent(untagValue(input.withEvent) as EventInput);
          if (input.withObject !== undefined) builder.withObject(untagValue(input.withObject) as ObjectInput);
          if (input.withExtra !== undefined) builder.withExtra(untagValue(input.withExtra) as Record<string, unknown>);
          return builder.build();
        },
      };
    case 'data':
      return { build: () => untagValue(input.data) };
    case 'plaintext':
      return { build: () => input.text };
    case 'binary':
      return { build: () => untagValue(input.bytes) };
    default:
      throw new Error(`unknown input kind ${String(input.kind)}`);
  }
}

describe('codec.encode vectors', () => {
  it.each(vectors.codec.encode.map((v: { id: string }) => [v.id, v]) as [string, any][])('%s', (_id, vector) => {
    const input = inputOf(vector.input);
    const encode = (value: unknown) => encodeBody(value as Parameters<typeof encodeBody>[0], { encoding: vector.encoding });
    if (vector.expectedError === true) {
      let error: unknown;
      try {
        const value = input.build();
        expect(vector.errorAt, 'build should have thrown').toBe('encode');
        encode(value);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(MegaError);
      if (vector.errorAt === 'build') expect(error).toBeInstanceOf(MegaValidationError);
      if (vector.errorPaths !== undefined) {
        const paths =
          error instanceof MegaValidationError ? error.issues.map((i) => i.path) : [(error as EncodeError).path];
        expect(new Set(paths)).toEqual(new Set(vector.errorPaths));
      }
      return;
    }
    const body = encode(input.build());
    if (vector.expectedBody !== undefined) expect(body).toBe(vector.expectedBody);
    if (vector.expectedDocument !== undefined) expect(readTyped(body)).toStrictEqual(vector.expectedDocument);
  });
});
