import { describe, expect, it } from 'vitest';
import type { PeekedMessage } from '../../shared/bridge-api.js';
import { captureFileText, parseCaptureFile } from './capture-file.js';
import { mergeCaptures } from './captures.js';

const message: PeekedMessage = {
  queueName: 'orders',
  messageId: 'm-1',
  receiptHandle: 'rh-1',
  body: '{"a": 1}',
  md5OfBody: 'x',
  receiveCount: 2,
  sentTimestamp: 1_700_000_000_000,
  messageGroupId: 'g',
  attributes: { ApproximateReceiveCount: '2' },
  messageAttributes: { kind: { dataType: 'String', stringValue: 'k' }, blob: { dataType: 'Binary', binaryValueBase64: 'AAE=' } },
  peekedAt: 1_700_000_000_500,
};

describe('capture files', () => {
  it('round-trips exported messages', () => {
    const read = parseCaptureFile(captureFileText([message]));
    expect(read).toEqual({ ok: true, messages: [message] });
  });

  it('says what is wrong with a file that is not a capture file', () => {
    expect(parseCaptureFile('not json')).toMatchObject({ ok: false, error: expect.stringMatching(/not JSON/) });
    expect(parseCaptureFile('{"messages": []}')).toMatchObject({ ok: false, error: expect.stringMatching(/not an inspector capture file/) });
    expect(parseCaptureFile('[{"queueName": "q"}]')).toMatchObject({ ok: false, error: expect.stringMatching(/message 0 lacks/) });
  });

  it('keeps __proto__ keys of an imported file as inert data, polluting nothing', () => {
    const hostile =
      '{"format": "sqs-mega-inspector-captures", "version": 1, "messages": [{"queueName": "q", "messageId": "m", "body": "b", ' +
      '"__proto__": {"polluted": true}, "attributes": {"__proto__": "x", "A": "1"}, ' +
      '"messageAttributes": {"__proto__": {"dataType": "String", "stringValue": "v"}}}]}';
    const read = parseCaptureFile(hostile);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const [imported] = read.messages;
    expect(Object.keys(imported!.attributes)).toEqual(['__proto__', 'A']);
    expect(Object.keys(imported!.messageAttributes)).toEqual(['__proto__']);
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(imported!)).not.toContain('__proto__');
  });
});

describe('mergeCaptures', () => {
  it('adds new messages at the end and replaces known ones in place', () => {
    const second = { ...message, messageId: 'm-2' };
    const again = { ...message, receiveCount: 3, receiptHandle: 'rh-2' };
    const { messages, added } = mergeCaptures([message, second], [again, { ...message, queueName: 'other' }]);
    expect(messages.map((m) => [m.queueName, m.messageId, m.receiveCount])).toEqual([
      ['orders', 'm-1', 3],
      ['orders', 'm-2', 2],
      ['other', 'm-1', 2],
    ]);
    expect(added).toHaveLength(1);
  });
});
