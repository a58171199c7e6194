import { EncodeError, MegaValidationError, decodeBody } from '@sqs-mega/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../errors.js';
import { MAX_MESSAGE_BYTES, REFUSED_CHARACTER, findCharacterSqsRefuses } from '../sqs-limits.js';
import { toWireAttributes } from './message-attributes.js';
import { type MessageRules, prepareMessage } from './outgoing-message.js';
import {
  EmptyMessageBodyError,
  InvalidMessageAttributeError,
  InvalidMessageBodyError,
  MessageTooLargeError,
} from './publish-errors.js';

const sqs: MessageRules = { service: 'SQS', fifo: false, maxBytes: MAX_MESSAGE_BYTES, encoding: 'json' };
const sqsFifo: MessageRules = { ...sqs, fifo: true };
const sns: MessageRules = { service: 'SNS', fifo: false, maxBytes: 262_144, encoding: 'json' };

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('prepareMessage: encoding', () => {
  it('encodes data objects as JSON by default, and as BSON with binary: true or encoding: bson', () => {
    const json = prepareMessage({ a: 1 }, {}, sqs);
    expect(json.body).toBe('{"a": 1}');
    const bson = prepareMessage({ a: 1 }, { binary: true }, sqs);
    expect(decodeBody(bson.body)).toMatchObject({ kind: 'data', encoding: 'bson', data: { a: 1 } });
    expect(prepareMessage({ a: 1 }, { encoding: 'bson' }, sqs).body).toBe(bson.body);
    expect(prepareMessage({ a: 1 }, {}, { ...sqs, encoding: 'bson' }).body).toBe(bson.body);
    expect(prepareMessage({ a: 1 }, { binary: false }, { ...sqs, encoding: 'bson' }).body).toBe(json.body);
  });

  it('refuses binary contradicting encoding', () => {
    expect(thrown(() => prepareMessage({ a: 1 }, { binary: true, encoding: 'json' }, sqs))).toBeInstanceOf(InvalidOptionError);
  });

  it("lets core's encode and MEGA validation errors through", () => {
    expect(thrown(() => prepareMessage({ a: Number.NaN }, {}, sqs))).toBeInstanceOf(EncodeError);
    expect(thrown(() => prepareMessage({ protocol: 'mega', version: 1, event: {} }, {}, sqs))).toBeInstanceOf(MegaValidationError);
  });
});

describe('prepareMessage: body rules', () => {
  it('counts UTF-8 bytes, body and attributes, as SQS does', () => {
    const m = prepareMessage('é😀', { attributes: { k: 'vv' } }, sqs);
    expect(m.size).toBe(2 + 4 + (1 + 'String'.length + 2));
  });

  it('accepts a body of exactly the limit and refuses one byte more, naming size and limit', () => {
    expect(prepareMessage('a'.repeat(MAX_MESSAGE_BYTES), {}, sqs).size).toBe(MAX_MESSAGE_BYTES);
    const error = thrown(() => prepareMessage('é'.repeat(MAX_MESSAGE_BYTES / 2 - 1) + 'aaa', {}, sqs));
    expect(error).toBeInstanceOf(MessageTooLargeError);
    expect(error).toMatchObject({ code: 'MESSAGE_TOO_LARGE', size: MAX_MESSAGE_BYTES + 1, limit: MAX_MESSAGE_BYTES });
    expect(String((error as Error).message)).toContain(`${MAX_MESSAGE_BYTES + 1} bytes`);
  });

  it('counts attributes toward the limit', () => {
    const error = thrown(() => prepareMessage('a'.repeat(MAX_MESSAGE_BYTES - 5), { attributes: { k: 'v' } }, sqs));
    expect(error).toMatchObject({ code: 'MESSAGE_TOO_LARGE', bodyBytes: MAX_MESSAGE_BYTES - 5, attributeBytes: 8 });
  });

  it("uses SNS's 256 KiB default", () => {
    expect(thrown(() => prepareMessage('a'.repeat(262_145), {}, sns))).toMatchObject({ code: 'MESSAGE_TOO_LARGE', limit: 262_144 });
  });

  it('refuses characters SQS refuses, with index and code point', () => {
    const error = thrown(() => prepareMessage('ok\u0000', {}, sqs));
    expect(error).toBeInstanceOf(InvalidMessageBodyError);
    expect(error).toMatchObject({ code: 'BODY_INVALID_CHARACTER', index: 2, codePoint: 0 });
    expect(thrown(() => prepareMessage('\ud800', {}, sns))).toMatchObject({ code: 'BODY_INVALID_CHARACTER', index: 0, codePoint: 0xd800 });
  });

  it('sends the same text safely inside a data object (JSON escapes it)', () => {
    const m = prepareMessage({ text: 'ok\u0000\ud800' }, {}, sqs);
    expect(decodeBody(m.body)).toMatchObject({ kind: 'data', data: { text: 'ok\u0000\ud800' } });
  });

  it('refuses an empty body', () => {
    expect(thrown(() => prepareMessage('', {}, sqs))).toBeInstanceOf(EmptyMessageBodyError);
  });
});

describe('REFUSED_CHARACTER', () => {
  it('finds a refused character exactly when findCharacterSqsRefuses does', () => {
    const edges = [0x0, 0x8, 0x9, 0xa, 0xd, 0x1f, 0x20, 0x7f, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfffd, 0xfffe, 0xffff];
    const unit = fc.oneof(fc.constantFrom(...edges), fc.integer({ min: 0, max: 0xffff })).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 12 }), (text) => {
        expect(REFUSED_CHARACTER.test(text)).toBe(findCharacterSqsRefuses(text) !== undefined);
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('prepareMessage: options', () => {
  it.each([
    ['delaySeconds above 900', { delaySeconds: 901 }, sqs, 'delaySeconds'],
    ['a fractional delay', { delaySeconds: 1.5 }, sqs, 'delaySeconds'],
    ['a per-message delay on FIFO', { delaySeconds: 1, groupId: 'g' }, sqsFifo, 'delaySeconds'],
    ['FIFO without groupId', {}, sqsFifo, 'groupId'],
    ['a groupId over 128 characters', { groupId: 'g'.repeat(129) }, sqsFifo, 'groupId'],
    ['a groupId with a space', { groupId: 'a b' }, sqsFifo, 'groupId'],
    ['a deduplicationId on a standard queue', { deduplicationId: 'd' }, sqs, 'deduplicationId'],
    ['a subject on SQS', { subject: 's' }, sqs, 'subject'],
    ['a delay on SNS', { delaySeconds: 1 }, sns, 'delaySeconds'],
    ['a subject of 100 characters', { subject: 's'.repeat(100) }, sns, 'subject'],
    ['a subject with a line break', { subject: 'a\nb' }, sns, 'subject'],
  ] as const)('refuses %s', (_what, options, rules, option) => {
    const error = thrown(() => prepareMessage('x', options, rules));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({ code: 'OPTION_INVALID', option });
  });

  it('passes delay, FIFO ids and subject through', () => {
    expect(prepareMessage('x', { delaySeconds: 900 }, sqs)).toMatchObject({ delaySeconds: 900 });
    expect(prepareMessage('x', { groupId: 'g', deduplicationId: 'd'.repeat(128) }, sqsFifo)).toMatchObject({ groupId: 'g' });
    expect(prepareMessage('x', { subject: 'Order placed!' }, sns)).toMatchObject({ subject: 'Order placed!' });
  });
});

describe('toWireAttributes', () => {
  it('maps strings, numbers, bigints, bytes and typed values, counting name + type + value', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const wire = toWireAttributes({ s: 'é', n: 1.5, b: 10n, bin: bytes, t: { dataType: 'Number.int', stringValue: '7' } }, 'SQS');
    expect(wire.attributes).toEqual({
      s: { DataType: 'String', StringValue: 'é' },
      n: { DataType: 'Number', StringValue: '1.5' },
      b: { DataType: 'Number', StringValue: '10' },
      bin: { DataType: 'Binary', BinaryValue: bytes },
      t: { DataType: 'Number.int', StringValue: '7' },
    });
    expect(wire.bytes).toBe(1 + 6 + 2 + (1 + 6 + 3) + (1 + 6 + 2) + (3 + 6 + 3) + (1 + 10 + 1));
  });

  it.each([
    ['an empty name', { '': 'v' }],
    ['a name with a space', { 'a b': 'v' }],
    ['a reserved AWS. name', { 'aws.trace': 'v' }],
    ['a reserved Amazon. name', { 'Amazon.x': 'v' }],
    ['a name ending with a period', { 'a.': 'v' }],
    ['two periods in a row', { 'a..b': 'v' }],
    ['an empty value', { a: '' }],
    ['a refused character', { a: 'x\u0001' }],
    ['NaN', { a: Number.NaN }],
    ['a Number that is not one', { a: { dataType: 'Number', stringValue: 'abc' } }],
    ['an unknown data type', { a: { dataType: 'Text', stringValue: 'x' } }],
    ['a Binary with a string value', { a: { dataType: 'Binary', stringValue: 'x' } }],
    ['eleven attributes', Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, 'v']))],
  ])('refuses %s', (_what, attributes) => {
    expect(thrown(() => toWireAttributes(attributes as never, 'SQS'))).toBeInstanceOf(InvalidMessageAttributeError);
  });

  it("keeps to SNS's data types", () => {
    expect(toWireAttributes({ a: { dataType: 'String.Array', stringValue: '["x"]' } }, 'SNS').attributes.a?.DataType).toBe('String.Array');
    expect(thrown(() => toWireAttributes({ a: { dataType: 'Number.int', stringValue: '1' } }, 'SNS'))).toMatchObject({
      code: 'ATTRIBUTE_INVALID',
      attribute: 'a',
    });
  });
});
