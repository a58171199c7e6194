import { describe, expect, it } from 'vitest';
import { isQueueName, parseRedrivePolicy, queueNameFromArn, queueNameFromUrl, summarizeQueues } from './queue-summary.js';

const ARN = (name: string) => `arn:aws:sqs:eu-west-1:123456789012:${name}`;
const URL_OF = (name: string) => `https://sqs.eu-west-1.amazonaws.com/123456789012/${name}`;

describe('queue names', () => {
  it('reads names from URLs and ARNs', () => {
    expect(queueNameFromUrl(URL_OF('orders.fifo'))).toBe('orders.fifo');
    expect(queueNameFromUrl('http://127.0.0.1:9324/000000000000/demo-orders/')).toBe('demo-orders');
    expect(queueNameFromArn(ARN('orders-dlq'))).toBe('orders-dlq');
  });

  it('accepts what SQS allows and nothing else', () => {
    for (const name of ['a', 'orders', 'Orders_2-x', 'payments.fifo', 'x'.repeat(80), `${'x'.repeat(75)}.fifo`]) expect(isQueueName(name), name).toBe(true);
    for (const name of ['', 'has space', '../etc', 'a.b', 'x'.repeat(81), `${'x'.repeat(76)}.fifo`, 'orders.fifo.fifo']) {
      expect(isQueueName(name), name).toBe(false);
    }
  });
});

describe('parseRedrivePolicy', () => {
  it('reads the count as a number or as a string', () => {
    expect(parseRedrivePolicy(`{"deadLetterTargetArn":"${ARN('dlq')}","maxReceiveCount":5}`)).toEqual({ deadLetterTargetArn: ARN('dlq'), maxReceiveCount: 5 });
    expect(parseRedrivePolicy(`{"deadLetterTargetArn":"${ARN('dlq')}","maxReceiveCount":"3"}`)?.maxReceiveCount).toBe(3);
  });

  it('gives undefined for a missing or unreadable policy', () => {
    for (const text of [undefined, '', 'not json', '[]', '{"maxReceiveCount":5}', `{"deadLetterTargetArn":"${ARN('dlq')}","maxReceiveCount":0}`]) {
      expect(parseRedrivePolicy(text)).toBeUndefined();
    }
  });
});

describe('summarizeQueues', () => {
  it('links dead-letter queues both ways, counts messages and sorts by name', () => {
    const policy = (dlq: string, count: number) => JSON.stringify({ deadLetterTargetArn: ARN(dlq), maxReceiveCount: count });
    const summaries = summarizeQueues([
      { url: URL_OF('payments'), attributes: { QueueArn: ARN('payments'), RedrivePolicy: policy('shared-dlq', 4) } },
      { url: URL_OF('shared-dlq'), attributes: { QueueArn: ARN('shared-dlq'), ApproximateNumberOfMessages: '3' } },
      {
        url: URL_OF('orders.fifo'),
        attributes: {
          QueueArn: ARN('orders.fifo'),
          FifoQueue: 'true',
          RedrivePolicy: policy('shared-dlq', 2),
          ApproximateNumberOfMessages: '7',
          ApproximateNumberOfMessagesNotVisible: '1',
          ApproximateNumberOfMessagesDelayed: '2',
        },
      },
    ]);
    expect(summaries.map((s) => s.name)).toEqual(['orders.fifo', 'payments', 'shared-dlq']);
    const [orders, payments, dlq] = summaries;
    expect(orders).toMatchObject({
      fifo: true,
      counts: { visible: 7, inFlight: 1, delayed: 2 },
      redrive: { deadLetterQueueName: 'shared-dlq', deadLetterQueueArn: ARN('shared-dlq'), maxReceiveCount: 2 },
      deadLetterSources: [],
    });
    expect(payments?.redrive?.maxReceiveCount).toBe(4);
    expect(dlq).toMatchObject({ fifo: false, counts: { visible: 3, inFlight: 0, delayed: 0 }, deadLetterSources: ['orders.fifo', 'payments'] });
    expect(dlq?.redrive).toBeUndefined();
  });
});
