/**
 * Property tests of the codec: round-trips in both encodings, decodeBody total on any string.
 */
import { deepStrictEqual } from 'node:assert/strict';
import { serialize } from 'bson';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalString, compareCodePoints } from '../src/codec/canonical-json.js';
import { canonicalNumberText } from '../src/codec/python-number-text.js';
import { PayloadBuilder, decodeBody, encodeBody, type BodyEncoding, type MegaPayload } from '../src/index.js';

const KINDS = new Set(['mega', 'data', 'plaintext', 'binary']);

/** Keys, including the ones that attack prototypes. */
const key = fc.oneof(
  { weight: 8, arbitrary: fc.string({ minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '$ref', '$id') },
);

/** Well-formed text (BSON strings are UTF-8, which cannot carry lone surrogates). */
const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const anyText = fc.string({ unit: 'binary', maxLength: 12 });

/** Numbers that both encodings carry exactly back to the same JS number. */
const jsonNumber = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
);
// Spec §3: numbers round-trip within ±(2^53−1); an integral double beyond that is written as int64
// and read back as a bigint.
const bsonNumber = fc.oneof(
  jsonNumber.filter((x) => !Number.isInteger(x) || Number.isSafeInteger(x)),
  fc.constantFrom(NaN, Infinity, -Infinity),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).filter((b) => b > 2n ** 53n - 1n || b < -(2n ** 53n - 1n)),
);

function record(value: fc.Arbitrary<unknown>): fc.Arbitrary<Record<string, unknown>> {
  return fc.array(fc.tuple(key, value), { maxLength: 5 }).map((entries) => Object.fromEntries(entries));
}

function valueTree(leaf: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('value'), { maxLength: 4 }), record(tie('value'))),
  })).value;
}

const jsonLeaf = fc.oneof(anyText, jsonNumber, fc.boolean(), fc.constant(null));
const bsonLeaf = fc.oneof(
  text,
  bsonNumber,
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: true, min: new Date(-8.64e15), max: new Date(8.64e15) }),
  fc.uint8Array({ maxLength: 8 }),
);

function payloadArbitrary(leaf: fc.Arbitrary<unknown>, name: fc.Arbitrary<string>): fc.Arbitrary<MegaPayload> {
  const values = valueTree(leaf);
  const nonEmpty = record(values).filter((r) => Object.keys(r).length > 0);
  return fc
    .record(
      {
        name: name.filter((s) => s.length > 0),
        timestamp: fc.date({ noInvalidDate: true, min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z') }),
        version: fc.maxSafeInteger(),
        domain: name,
        subject: name,
        publisher: name,
        attributes: record(values),
        object: fc.record(
          { current: nonEmpty, type: name, id: name, version: fc.integer(), previous: record(values) },
          { requiredKeys: ['current'] },
        ),
        extra: record(values),
      },
      { requiredKeys: ['name', 'timestamp'] },
    )
    .map(({ object, extra, ...event }) => {
      const builder = new PayloadBuilder().withEvent(event);
      if (object !== undefined) builder.withObject(object);
      if (extra !== undefined) builder.withExtra(extra);
      return builder.build();
    });
}

function roundTrip(encoding: BodyEncoding, leaf: fc.Arbitrary<unknown>, name: fc.Arbitrary<string>) {
  it(`MEGA payloads survive encode → decode (${encoding})`, () => {
    fc.assert(
      fc.property(payloadArbitrary(leaf, name), (payload) => {
        const decoded = decodeBody(encodeBody(payload, { encoding }));
        expect(decoded.kind).toBe('mega');
        if (decoded.kind !== 'mega') return;
        expect(decoded.encoding).toBe(encoding);
        // node:assert compares prototypes and own keys; vitest's equality trips on a data key named "constructor".
        deepStrictEqual(decoded.payload, payload);
      }),
      { numRuns: 300 },
    );
  });

  it(`data objects survive encode → decode (${encoding})`, () => {
    const data = record(valueTree(leaf)).filter((d) => !('protocol' in d) && !('Type' in d));
    fc.assert(
      fc.property(data, (object) => {
        const decoded = decodeBody(encodeBody(object, { encoding }));
        deepStrictEqual(decoded, { kind: 'data', data: object, encoding });
      }),
      { numRuns: 300 },
    );
  });
}

describe('round-trips', () => {
  roundTrip('json', jsonLeaf, anyText);
  roundTrip('bson', bsonLeaf, text);

  it('plaintext that is not JSON or Base64 comes back as is; bytes always come back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        const decoded = decodeBody(encodeBody(bytes));
        // Bytes that happen to form a valid BSON document decode as one: that is the spec's order.
        if (decoded.kind === 'binary') expect(decoded.bytes).toStrictEqual(bytes);
        else expect(['data', 'mega']).toContain(decoded.kind);
      }),
    );
  });
});

/**
 * The canonical form written the plain way (sort every object's keys by code point, escape every
 * key): the oracle for the writer, which caches key shapes and sorts without a callback.
 */
function canonicalOracle(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalOracle).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort(compareCodePoints);
    return keys.length === 0 ? '{}' : `{${keys.map((k) => `${canonicalString(k)}: ${canonicalOracle(record[k])}`).join(', ')}}`;
  }
  if (typeof value === 'string') return canonicalString(value);
  if (typeof value === 'number') return canonicalNumberText(value)!;
  return String(value);
}

describe('canonical JSON', () => {
  it('matches the plain oracle, also for objects that repeat key sets in any order', () => {
    // Few distinct keys (surrogates and U+E000+ among them), so shapes repeat across and within runs.
    const fewKeys = fc.constantFrom('a', 'b', 'B', '\ue000', '\ud83d\ude00', '__proto__', 'é', 'id', 'ab');
    const shapedRecord = (value: fc.Arbitrary<unknown>) =>
      fc.array(fc.tuple(fewKeys, fc.option(value, { nil: undefined })), { maxLength: 6 }).map((entries) => {
        const object: Record<string, unknown> = {};
        for (const [k, v] of entries) Object.defineProperty(object, k, { value: v, enumerable: true, writable: true, configurable: true });
        return object;
      });
    const tree = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, jsonLeaf, fc.array(tie('value'), { maxLength: 5 }), shapedRecord(tie('value'))),
    })).value;
    fc.assert(
      fc.property(shapedRecord(tree), (object) => {
        expect(encodeBody(object)).toBe(canonicalOracle(object));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('decodeBody is total', () => {
  function assertTotal(arbitrary: fc.Arbitrary<string>, numRuns = 2000) {
    fc.assert(
      fc.property(arbitrary, (body) => {
        const decoded = decodeBody(body);
        expect(KINDS.has(decoded.kind)).toBe(true);
      }),
      { numRuns },
    );
  }

  it('on arbitrary strings (any UTF-16 unit, lone surrogates included)', () => {
    assertTotal(fc.string({ unit: 'binary', maxLength: 200 }));
  });

  it('on Base64 of arbitrary bytes', () => {
    assertTotal(fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('base64')));
  });

  it('on BSON documents with random bytes overwritten', () => {
    const documents = fc.constantFrom(
      serialize({ protocol: 'mega', version: 1, event: { name: 'a', timestamp: '2020-01-01T00:00:00Z' } }),
      serialize({ a: [1, 'x', { b: null }], c: new Date(0), d: 2n ** 60n }),
      serialize({ Type: 'Notification', MessageId: 'm', TopicArn: 't', Timestamp: 'x', Message: 'eyJhIjogMX0=' }),
    );
    const mutated = fc
      .tuple(documents, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }))
      .map(([doc, edits]) => {
        const bytes = Uint8Array.from(doc);
        for (const [at, value] of edits) bytes[at % bytes.length] = value;
        return Buffer.from(bytes).toString('base64');
      });
    assertTotal(mutated);
  });

  it('on JSON objects shaped like MEGA events and SNS envelopes', () => {
    const loose = valueTree(jsonLeaf);
    const mega = fc.record({ protocol: fc.constant('mega'), version: fc.constant(1), event: loose, object: loose, extra: loose });
    const sns = fc.record({
      Type: fc.constantFrom('Notification', 'SubscriptionConfirmation'),
      MessageId: anyText,
      TopicArn: anyText,
      Timestamp: anyText,
      Message: fc.oneof(anyText, mega.map((m) => JSON.stringify(m))),
      MessageAttributes: loose,
    });
    assertTotal(fc.oneof(mega, sns).map((doc) => JSON.stringify(doc)));
  });
});
