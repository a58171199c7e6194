import { describe, expect, it } from 'vitest';
import type { PeekedMessage } from '../../shared/bridge-api.js';
import { captureKey, mergeCaptures } from './captures.js';

function message(queueName: string, messageId: string): PeekedMessage {
  return { queueName, messageId, receiptHandle: '', body: `${queueName}/${messageId}`, md5OfBody: '', receiveCount: 0, sentTimestamp: 0, attributes: {}, messageAttributes: {}, peekedAt: 0 };
}

describe('captureKey', () => {
  it('is the same for the same queue and message id', () => {
    expect(captureKey(message('orders', 'm-1'))).toBe(captureKey({ queueName: 'orders', messageId: 'm-1' }));
  });

  it.each([
    ['a NUL in the queue name or in the id', message('q\u0000a', 'b'), message('q', 'a\u0000b')],
    ['an empty queue name or id around a NUL', message('q\u0000', 'b'), message('q', '\u0000b')],
    ['quotes and commas that a JSON-like join would confuse', message('q","a', 'b'), message('q', 'a","b')],
  ])('tells apart two messages that differ only by %s', (_shape, first, second) => {
    expect(captureKey(first)).not.toBe(captureKey(second));
    const { messages, added } = mergeCaptures([], [first, second]);
    expect(messages).toEqual([first, second]);
    expect(added).toHaveLength(2);
  });
});
