/**
 * The decodeBody fuzzer (hostile input): generated bodies and mutations of every body in
 * the spec's vectors, each checked against what decodeBody promises whatever the input:
 *
 * - it returns (no exception escapes) one of the four kinds, with the fields of that kind;
 * - nothing it returns has a prototype other than the plain ones (no `__proto__` key becomes a
 *   prototype), and `Object.prototype` / `Array.prototype` are never touched;
 * - a plaintext result is the body itself, the string a JSON-string body holds, or comes from an SNS envelope.
 *
 * Used by the quick run in `npm test` and by the long run (≥ 1,000,000 cases) in `npm run test:faults`.
 */
import { deepStrictEqual } from 'node:assert/strict';
import { serialize } from 'bson';
import fc from 'fast-check';
import { decodeBody, type DecodedBody } from '../../src/index.js';
import { vectors } from '../vectors.js';

const KINDS = new Set(['mega', 'data', 'plaintext', 'binary']);

/** Every body the spec's vectors hold: the seed corpus of the mutators. */
export const CORPUS: readonly string[] = [vectors.codec.decode, vectors.subscriber, vectors.data_subscriber]
  .flat()
  .map((v: { body?: unknown }) => v.body)
  .filter((body: unknown): body is string => typeof body === 'string');

/** Characters that break parsers: quotes, brackets, escapes, NUL, lone surrogates, BOM, Base64 padding. */
const NASTY = ['"', '\\', '{', '}', '[', ']', ':', ',', '\0', '\uD800', '\uDFFF', '\uFEFF', '=', '+', '/', '\n', 'é', '𝄞', 'null'];

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', '$ref', '$id', '$db', 'Type', 'Message', 'protocol', 'event'];

const key = fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 6 }) }, { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_KEYS) });

const jsonTree: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'binary', maxLength: 10 }),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map(toObjectWithOwnKeys),
  ),
})).value;

/** An object whose keys are own data properties, `__proto__` included (as JSON.parse makes them). */
function toObjectWithOwnKeys(entries: Array<[string, unknown]>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(object, k, { value: v, enumerable: true, writable: true, configurable: true });
  return object;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** A MEGA-shaped document: right header, arbitrary members. */
const megaDocument = fc.record(
  {
    protocol: fc.constantFrom('mega', 'MEGA', 'other'),
    version: fc.oneof(fc.constant(1), fc.integer(), fc.double()),
    event: fc.oneof(
      fc.record({ name: fc.string({ maxLength: 8 }), timestamp: fc.oneof(fc.constantFrom('2020-05-04T15:53:23.123', '0000-01-01', '9999-12-31T23:59:59Z', '2020-02-30'), fc.string({ maxLength: 30 })) }, { requiredKeys: [] }),
      jsonTree,
    ),
    object: jsonTree,
    extra: jsonTree,
  },
  { requiredKeys: ['protocol'] },
);

/** A valid MEGA event with hostile keys and values where the spec allows anything (attributes, object, extra). */
const validMegaDocument = fc.record(
  {
    protocol: fc.constant('mega'),
    version: fc.constant(1),
    event: fc.record(
      {
        name: fc.string({ minLength: 1, maxLength: 12 }),
        timestamp: fc.date({ noInvalidDate: true, min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z') }).map((d) => d.toISOString()),
        attributes: fc.array(fc.tuple(key, jsonTree), { maxLength: 5 }).map(toObjectWithOwnKeys),
        domain: fc.string({ maxLength: 8 }),
      },
      { requiredKeys: ['name', 'timestamp'] },
    ),
    object: fc.record({ current: fc.array(fc.tuple(key, jsonTree), { minLength: 1, maxLength: 5 }).map(toObjectWithOwnKeys), id: fc.string({ maxLength: 4 }) }, { requiredKeys: ['current'] }),
    extra: fc.array(fc.tuple(key, jsonTree), { maxLength: 3 }).map(toObjectWithOwnKeys),
  },
  { requiredKeys: ['protocol', 'version', 'event'] },
);

/** SNS-envelope-shaped JSON around any message, sometimes around another envelope. */
function snsEnvelope(message: fc.Arbitrary<string>) {
  return fc
    .record(
      {
        Type: fc.constantFrom('Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation', 'Other'),
        MessageId: fc.string({ maxLength: 8 }),
        TopicArn: fc.string({ maxLength: 8 }),
        Timestamp: fc.string({ maxLength: 8 }),
        Message: fc.oneof(message, jsonTree),
        MessageAttributes: jsonTree,
        Subject: fc.oneof(fc.string({ maxLength: 8 }), jsonTree),
      },
      { requiredKeys: ['Type', 'Message'] },
    )
    .map((envelope) => JSON.stringify(envelope));
}

const anyString = fc.string({ unit: 'binary', maxLength: 300 });
const megaJson = fc.oneof(megaDocument, validMegaDocument).map((d) => JSON.stringify(d));
const bsonOfTree = fc.oneof(megaDocument, validMegaDocument, jsonTree.filter((v) => typeof v === 'object' && v !== null && !Array.isArray(v))).map((doc) => {
  try {
    return base64(serialize(doc as Record<string, unknown>));
  } catch {
    return 'AAAA';
  }
});

/** One edit of a string: the classic byte-level fuzzing moves, on UTF-16 units. */
const stringEdit = fc.oneof(
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), with: fc.constantFrom(...NASTY) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), with: fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', maxLength: 3 })) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);
type StringEdit = typeof stringEdit extends fc.Arbitrary<infer E> ? E : never;

function applyEdit(body: string, edit: StringEdit): string {
  const at = body.length === 0 ? 0 : edit.at % (body.length + 1);
  switch (edit.op) {
    case 'replace':
      return body.slice(0, at) + edit.with + body.slice(at + 1);
    case 'insert':
      return body.slice(0, at) + edit.with + body.slice(at);
    case 'delete':
      return body.slice(0, at) + body.slice(at + edit.length);
    case 'duplicate':
      return body.slice(0, at + edit.length) + body.slice(at);
    case 'truncate':
      return body.slice(0, at);
  }
}

const corpusBody = fc.constantFrom(...CORPUS);

/** A vector body with a few string edits, or two bodies spliced. */
const mutatedVector = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(corpusBody, fc.array(stringEdit, { minLength: 1, maxLength: 4 })).map(([body, edits]) => edits.reduce(applyEdit, body)) },
  { weight: 1, arbitrary: fc.tuple(corpusBody, corpusBody, fc.nat(), fc.nat()).map(([a, b, i, j]) => a.slice(0, i % (a.length + 1)) + b.slice(j % (b.length + 1))) },
);

/** A vector body that is Base64 (BSON) with bytes flipped, inserted or cut: still valid Base64. */
const isBase64 = /^[A-Za-z0-9+/]+={0,2}$/;
const base64Corpus = CORPUS.filter((b) => b.length >= 8 && b.length % 4 === 0 && isBase64.test(b));
const mutatedBsonVector =
  base64Corpus.length === 0
    ? bsonOfTree
    : fc
        .tuple(fc.constantFrom(...base64Corpus), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'cut')), { minLength: 1, maxLength: 4 }))
        .map(([body, edits]) => {
          let bytes = Array.from(Buffer.from(body, 'base64'));
          for (const [at, value, op] of edits) {
            const i = at % (bytes.length + 1);
            if (op === 'set') bytes[Math.min(i, bytes.length - 1)] = value;
            else if (op === 'insert') bytes.splice(i, 0, value);
            else bytes = bytes.slice(0, i);
          }
          return base64(Uint8Array.from(bytes));
        });

/** Every family of hostile bodies the fuzzer draws from, with its weight. */
export const hostileBody: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: mutatedVector },
  { weight: 2, arbitrary: mutatedBsonVector },
  { weight: 1, arbitrary: anyString },
  { weight: 1, arbitrary: jsonTree.map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 2, arbitrary: megaJson },
  { weight: 1, arbitrary: bsonOfTree },
  { weight: 2, arbitrary: snsEnvelope(fc.oneof(megaJson, bsonOfTree, mutatedVector, snsEnvelope(megaJson))) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map(base64) },
);

const PLAIN_PROTOTYPES = new Set<unknown>([Object.prototype, null, Array.prototype, Date.prototype, Uint8Array.prototype]);

/** Throws when any object reachable from `value` has a prototype that is not a plain one. */
function assertPlainPrototypes(value: unknown, path: string, seen: Set<object>): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  const prototype: unknown = Object.getPrototypeOf(value);
  if (!PLAIN_PROTOTYPES.has(prototype)) throw new Error(`decodeBody returned an object with a foreign prototype at ${path}`);
  if (value instanceof Uint8Array || value instanceof Date) return;
  for (const k of Object.keys(value)) assertPlainPrototypes((value as Record<string, unknown>)[k], `${path}.${k}`, seen);
}

/** The string a JSON-string body holds (spec §1.4), else undefined. */
function jsonString(body: string): string | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** What a decoded body must be, whatever the input (see the module comment). */
export function assertDecodedWellFormed(body: string, decoded: DecodedBody): void {
  if (!KINDS.has(decoded.kind)) throw new Error(`unknown kind ${String(decoded.kind)}`);
  switch (decoded.kind) {
    case 'plaintext':
      if (typeof decoded.text !== 'string') throw new Error('plaintext without text');
      if (decoded.sns === undefined && decoded.text !== body && decoded.text !== jsonString(body)) throw new Error('plaintext is neither the body nor the JSON string it holds');
      break;
    case 'binary':
      if (!(decoded.bytes instanceof Uint8Array)) throw new Error('binary without bytes');
      break;
    case 'data':
      if (decoded.encoding !== 'json' && decoded.encoding !== 'bson') throw new Error('data without encoding');
      break;
    case 'mega':
      if (typeof decoded.payload.event.name !== 'string' || !(decoded.payload.event.timestamp instanceof Date)) throw new Error('mega without name/timestamp');
      break;
  }
  assertPlainPrototypes(decoded, 'decoded', new Set());
}

/** Figures of one fuzz run. */
export interface FuzzFigures {
  cases: number;
  seed: number;
  byKind: Record<string, number>;
  withSns: number;
  slowestCaseMs: number;
  totalMs: number;
}

const builtIns = () => [Object.getOwnPropertyNames(Object.prototype), Object.getOwnPropertyNames(Array.prototype), Object.getOwnPropertyNames(Function.prototype)];

/**
 * Runs `cases` hostile bodies through decodeBody with fast-check (seeded, shrinking on failure) and
 * returns the figures; throws on the first body that breaks a promise.
 */
export function fuzzDecodeBody(cases: number, seed: number): FuzzFigures {
  const before = builtIns();
  const byKind: Record<string, number> = { mega: 0, data: 0, plaintext: 0, binary: 0 };
  let withSns = 0;
  let slowestCaseMs = 0;
  const started = performance.now();
  fc.assert(
    fc.property(hostileBody, (body) => {
      const t0 = performance.now();
      const decoded = decodeBody(body);
      const ms = performance.now() - t0;
      if (ms > slowestCaseMs) slowestCaseMs = ms;
      assertDecodedWellFormed(body, decoded);
      byKind[decoded.kind] = (byKind[decoded.kind] ?? 0) + 1;
      if (decoded.sns !== undefined) withSns += 1;
    }),
    { numRuns: cases, seed },
  );
  deepStrictEqual(builtIns(), before, 'a built-in prototype was changed while decoding');
  return { cases, seed, byKind, withSns, slowestCaseMs: Math.round(slowestCaseMs * 100) / 100, totalMs: Math.round(performance.now() - started) };
}
