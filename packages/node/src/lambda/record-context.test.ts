import { describe, expect, it } from 'vitest';
import type { SqsRecord } from './lambda-event.js';
import { orderingGroupOf, toDeliveredMessage } from './record-context.js';

const fifoArn = 'arn:aws:sqs:eu-west-1:123456789012:orders.fifo';
const standardArn = 'arn:aws:sqs:eu-west-1:123456789012:orders';

describe('toDeliveredMessage', () => {
  it('gives what the listener gives: receive count parsed, string attributes, Binary attributes as bytes', () => {
    const record: SqsRecord = {
      messageId: 'm1',
      body: 'hello',
      attributes: { ApproximateReceiveCount: '3', SentTimestamp: '1700000000000', MessageGroupId: 'g' },
      messageAttributes: {
        tenant: { dataType: 'String', stringValue: 'acme', stringListValues: [], binaryListValues: [] },
        blob: { dataType: 'Binary', binaryValue: 'AQID', stringListValues: [], binaryListValues: [] },
      },
    };
    const message = toDeliveredMessage(record);
    expect(message).toMatchObject({
      messageId: 'm1',
      body: 'hello',
      receiveCount: 3,
      attributes: { ApproximateReceiveCount: '3', SentTimestamp: '1700000000000', MessageGroupId: 'g' },
    });
    expect(message.messageAttributes['tenant']).toEqual({ dataType: 'String', stringValue: 'acme' });
    const blob = message.messageAttributes['blob']!;
    expect(blob.dataType).toBe('Binary');
    expect(blob.binaryValue).toBeInstanceOf(Uint8Array);
    expect([...blob.binaryValue!]).toEqual([1, 2, 3]);
  });

  it('copes with a hand-built record that has no attributes', () => {
    expect(toDeliveredMessage({ messageId: 'm1', body: '' })).toEqual({
      messageId: 'm1',
      body: '',
      receiveCount: 1,
      attributes: {},
      messageAttributes: {},
    });
  });
});

describe('orderingGroupOf', () => {
  const record = (eventSourceARN: string, groupId?: string): SqsRecord => ({
    messageId: 'm',
    body: '',
    eventSourceARN,
    attributes: groupId === undefined ? {} : { MessageGroupId: groupId },
  });

  it('groups records of FIFO queues by queue and MessageGroupId', () => {
    expect(orderingGroupOf(record(fifoArn, 'g'), undefined)).toBeDefined();
    expect(orderingGroupOf(record(fifoArn, 'g'), undefined)).toBe(orderingGroupOf(record(fifoArn, 'g'), undefined));
    expect(orderingGroupOf(record(fifoArn, 'g'), undefined)).not.toBe(orderingGroupOf(record(fifoArn, 'h'), undefined));
    expect(orderingGroupOf(record(fifoArn, 'g'), undefined)).not.toBe(orderingGroupOf(record(`${fifoArn.slice(0, -5)}2.fifo`, 'g'), undefined));
  });

  it('leaves standard queues unordered, even with a MessageGroupId (fair queues), unless fifo says otherwise', () => {
    expect(orderingGroupOf(record(standardArn, 'g'), undefined)).toBeUndefined();
    expect(orderingGroupOf(record(standardArn, 'g'), true)).toBeDefined();
    expect(orderingGroupOf(record(fifoArn, 'g'), false)).toBeUndefined();
    expect(orderingGroupOf(record(fifoArn), undefined)).toBeUndefined();
  });
});
