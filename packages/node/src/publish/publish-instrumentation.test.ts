import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../errors.js';
import { prepareMessage, type MessageRules } from './outgoing-message.js';
import { checkInstrumentations, instrumentMessage, type OutgoingMessageInfo, type PublishInstrumentation } from './publish-instrumentation.js';

const sqs: MessageRules = { service: 'SQS', fifo: false, maxBytes: 1_048_576, encoding: 'json' };
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const where = { destination: 'http://127.0.0.1:1/000000000000/q', operation: 'publish' } as const;

function adding(attributes: Record<string, string>, seen: OutgoingMessageInfo[] = [], noRoom: unknown[] = []): PublishInstrumentation {
  return {
    message: (info) => {
      seen.push(info);
      return { attributes, onNoRoom: (reason) => noRoom.push(reason) };
    },
  };
}

describe('instrumentMessage', () => {
  it('adds the attributes an instrumentation asks for, counting them in the size, and tells it the room it had', () => {
    const prepared = prepareMessage({ a: 1 }, { attributes: { tenant: 'acme' } }, sqs);
    const seen: OutgoingMessageInfo[] = [];
    const { message } = instrumentMessage([adding({ traceparent: TRACEPARENT }, seen)], prepared, sqs, where);
    expect(message.attributes).toEqual({ tenant: { DataType: 'String', StringValue: 'acme' }, traceparent: { DataType: 'String', StringValue: TRACEPARENT } });
    expect(message.size).toBe(prepared.size + 'traceparent'.length + 'String'.length + TRACEPARENT.length);
    expect(seen).toEqual([{ service: 'SQS', ...where, attributeNames: ['tenant'], room: { attributes: 9, bytes: sqs.maxBytes - prepared.size } }]);
  });

  it('adds nothing and says so when the attributes do not fit: ten already, too few bytes left, or a name taken', () => {
    const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, 'v']));
    const full = prepareMessage('x', { attributes: ten }, sqs);
    const tight = prepareMessage('x'.repeat(1_024 - 20), {}, { ...sqs, maxBytes: 1_024 });
    const taken = prepareMessage('x', { attributes: { traceparent: 'mine' } }, sqs);
    for (const [prepared, rules, expected] of [
      [full, sqs, { attributesNeeded: 1, room: expect.objectContaining({ attributes: 0 }), taken: [] }],
      [tight, { ...sqs, maxBytes: 1_024 }, { attributesNeeded: 1, bytesNeeded: 11 + 6 + TRACEPARENT.length, room: { attributes: 10, bytes: 20 }, taken: [] }],
      [taken, sqs, { taken: ['traceparent'] }],
    ] as const) {
      const noRoom: unknown[] = [];
      const { message } = instrumentMessage([adding({ traceparent: TRACEPARENT }, [], noRoom)], prepared, rules, where);
      expect(message).toBe(prepared);
      expect(noRoom).toEqual([expect.objectContaining(expected)]);
    }
  });

  it('reports attributes the service would refuse as no room, and never lets a throwing instrumentation change the message', () => {
    const prepared = prepareMessage('x', {}, sqs);
    const noRoom: unknown[] = [];
    expect(instrumentMessage([adding({ 'AWS.reserved': 'x' }, [], noRoom)], prepared, sqs, where).message).toBe(prepared);
    expect(noRoom).toHaveLength(1);
    const throwing: PublishInstrumentation = {
      message: () => {
        throw new Error('instrumentation bug');
      },
    };
    const settled: unknown[] = [];
    const failingSettle: PublishInstrumentation = {
      message: () => ({
        onSettled: (outcome) => {
          settled.push(outcome);
          throw new Error('settle bug');
        },
      }),
    };
    const { message, settle } = instrumentMessage([throwing, failingSettle], prepared, sqs, where);
    expect(message).toBe(prepared);
    expect(() => settle({ ok: true, messageId: 'm1' })).not.toThrow();
    expect(settled).toEqual([{ ok: true, messageId: 'm1' }]);
  });

  it('runs several instrumentations in order, each seeing the room the previous one left', () => {
    const seen: OutgoingMessageInfo[] = [];
    const { message } = instrumentMessage([adding({ traceparent: TRACEPARENT }, seen), adding({ baggage: 'k=v' }, seen)], prepareMessage('x', {}, sqs), sqs, where);
    expect(Object.keys(message.attributes!)).toEqual(['traceparent', 'baggage']);
    expect(seen.map((info) => [info.attributeNames, info.room.attributes])).toEqual([
      [[], 10],
      [['traceparent'], 9],
    ]);
  });

  it('refuses an instrumentation option that has no message function', () => {
    expect(checkInstrumentations(undefined)).toEqual([]);
    expect(() => checkInstrumentations({} as never)).toThrow(InvalidOptionError);
    expect(() => checkInstrumentations([adding({}), null] as never)).toThrow(/instrumentation.*message\(info\)/);
  });
});
