/**
 * With no OpenTelemetry SDK registered (the API's no-op), the middleware and the publisher hook
 * change nothing: messages are processed and deleted as without them, and nothing is added to
 * what is sent. Its own file, so that no other test's registered SDK is global here.
 */
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { eventSubscriber, PayloadBuilder } from '@sqs-mega/core';
import { localClientConfig, startElasticMQ, type ElasticMQServer } from '@sqs-mega/local';
import { SqsListener, SqsPublisher } from '@sqs-mega/node';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrumentPublisher, SCOPE_VERSION, tracingMiddleware } from '../src/index.js';
import { destinationName } from '../src/destination-name.js';

let elasticmq: ElasticMQServer;
let sqs: SQSClient;

beforeAll(async () => {
  elasticmq = await startElasticMQ();
  sqs = new SQSClient(localClientConfig(elasticmq));
});
afterAll(async () => {
  await elasticmq?.stop();
});

const event = new PayloadBuilder().withEvent({ name: 'order.placed' }).withObject({ type: 'order', id: '1', current: { id: 1 } }).build();

describe('without an SDK', () => {
  it('sends messages without trace attributes, and processes and deletes them as without the middleware', async () => {
    const { QueueUrl: queueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'untraced' }));
    const publisher = instrumentPublisher(new SqsPublisher({ queueUrl: queueUrl!, client: sqs }));
    await publisher.publish(event, { attributes: { tenant: 'acme' } });
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MessageAttributeNames: ['All'], VisibilityTimeout: 0 }));
    expect(Object.keys(Messages[0]?.MessageAttributes ?? {})).toEqual(['tenant']);

    const listener = new SqsListener({ queueUrl: queueUrl!, client: sqs, waitTimeSeconds: 1, logger: false, ...tracingMiddleware() });
    const seen: string[] = [];
    listener.register(eventSubscriber({ name: 'order.placed' }, (payload) => void seen.push(payload.object!.id!)));
    const deleted = new Promise((resolve) => listener.on('deleted', resolve));
    listener.start();
    await deleted;
    await listener.stop();
    expect(seen).toEqual(['1']);
    expect(listener.stats).toMatchObject({ received: 1, deleted: 1, retried: 0 });
  });
});

describe('small parts', () => {
  it("names spans after the queue or topic, from a URL or an ARN, and reports the package's version", () => {
    expect(destinationName('http://127.0.0.1:9324/000000000000/orders')).toBe('orders');
    expect(destinationName('https://sqs.eu-west-1.amazonaws.com/123456789012/orders.fifo/')).toBe('orders.fifo');
    expect(destinationName('arn:aws:sns:eu-west-1:123456789012:users')).toBe('users');
    expect(destinationName(undefined)).toBeUndefined();
    expect(SCOPE_VERSION).toBe((JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version);
  });
});
