import { createServer } from 'node:net';
import { SQSClient } from '@aws-sdk/client-sqs';
import { messageSubscriber, SubscriberAlreadyRegisteredError } from '@sqs-mega/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../errors.js';
import { ListenerAlreadyStartedError, ListenerStoppedError, NoSubscribersError } from './listener-errors.js';
import { resolveListenerOptions, type SqsListenerOptions } from './listener-options.js';
import { SqsListener } from './sqs-listener.js';

const queueUrl = 'http://127.0.0.1:9/000000000000/q'; // only parsed by the option tests

/** A port nothing listens on (found free a moment ago), so that receives fail fast. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('resolveListenerOptions', () => {
  it('applies the documented defaults', () => {
    expect(resolveListenerOptions({ queueUrl })).toMatchObject({
      concurrency: 10,
      prefetch: 20,
      waitTimeSeconds: 20,
      visibilityTimeout: 30,
      heartbeatIntervalMs: 10_000,
      retryBackoff: { baseSeconds: 1, factor: 2, maxSeconds: 43_200, jitter: 'none' },
      receiveErrorBackoff: { baseMs: 100, maxMs: 20_000, factor: 2 },
      deleteBatchDelayMs: 10,
      fifo: false,
      stopTimeoutMs: 20_000,
    });
    expect(resolveListenerOptions({ queueUrl: `${queueUrl}.fifo`, concurrency: 50 })).toMatchObject({ fifo: true, prefetch: 50 });
    expect(resolveListenerOptions({ queueUrl, heartbeatIntervalSeconds: false, retryBackoff: false })).toMatchObject({
      heartbeatIntervalMs: undefined,
      retryBackoff: undefined,
    });
  });

  it.each<[string, Partial<SqsListenerOptions>]>([
    ['queueUrl', { queueUrl: '' }],
    ['queueUrl', { queueUrl: 'orders' }],
    ['queueUrl', { queueUrl: 'arn:aws:sqs:us-east-1:000000000000:orders' }],
    ['queueUrl', { queueUrl: 'http://127.0.0.1:9324' }],
    ['queueUrl', { queueUrl: ' http://127.0.0.1:9324/000000000000/orders' }],
    ['concurrency', { concurrency: 0 }],
    ['concurrency', { concurrency: 2.5 }],
    ['prefetch', { prefetch: -1 }],
    ['waitTimeSeconds', { waitTimeSeconds: 21 }],
    ['visibilityTimeout', { visibilityTimeout: 0 }],
    ['visibilityTimeout', { visibilityTimeout: 43_201 }],
    ['heartbeatIntervalSeconds', { visibilityTimeout: 10, heartbeatIntervalSeconds: 10 }],
    ['heartbeatIntervalSeconds', { heartbeatIntervalSeconds: 0 }],
    ['retryBackoff.maxSeconds', { retryBackoff: { maxSeconds: 50_000 } }],
    ['retryBackoff.jitter', { retryBackoff: { jitter: 'equal' as never } }],
    ['receiveErrorBackoff.maxMs', { receiveErrorBackoff: { baseMs: 500, maxMs: 100 } }],
    ['deleteBatchDelayMs', { deleteBatchDelayMs: -1 }],
    ['isRetriable', { isRetriable: 'yes' as never }],
  ])('refuses an invalid %s with InvalidOptionError naming it', (option, overrides) => {
    const attempt = () => resolveListenerOptions({ queueUrl, ...overrides });
    expect(attempt).toThrow(InvalidOptionError);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidOptionError).option).toBe(option);
      expect((error as InvalidOptionError).code).toBe('OPTION_INVALID');
    }
  });
});

describe('the queueUrl option', () => {
  it('refuses a queue name, giving the AWS and ElasticMQ URL forms and the look-up by name', () => {
    expect(() => resolveListenerOptions({ queueUrl: 'orders' })).toThrow(
      'Invalid option queueUrl: "orders" is not a URL: give the queue\'s URL (https://sqs.<region>.amazonaws.com/<account>/orders on AWS, ' +
        'http://127.0.0.1:9324/000000000000/orders on ElasticMQ), or look the name up first: queueUrl: await queueUrlOf(client, "orders").',
    );
  });

  it('accepts the URL forms of AWS, ElasticMQ and a VPC endpoint', () => {
    for (const url of [
      'https://sqs.eu-west-1.amazonaws.com/123456789012/orders',
      'http://127.0.0.1:9324/000000000000/orders',
      'http://localhost:9324/queue/orders.fifo',
      'https://vpce-0a1b2c3d.sqs.eu-west-1.vpce.amazonaws.com/123456789012/orders',
    ]) {
      expect(resolveListenerOptions({ queueUrl: url }).queueUrl).toBe(url);
    }
  });
});

describe('SqsListener life cycle', () => {
  let client: SQSClient;
  beforeAll(async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    client = new SQSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
  });
  const subscriber = () => messageSubscriber(undefined, () => undefined);

  it('refuses the same subscriber twice with a typed error', () => {
    const listener = new SqsListener({ queueUrl, client, logger: false });
    const s = subscriber();
    listener.register(s);
    expect(() => listener.register(s)).toThrow(SubscriberAlreadyRegisteredError);
  });

  it('refuses to start with no subscriber while unrecognized messages would be deleted', () => {
    expect(() => new SqsListener({ queueUrl, client, logger: false }).start()).toThrow(NoSubscribersError);
    const handled = new SqsListener({ queueUrl, client, logger: false, unrecognized: { handle: () => undefined } });
    expect(() => handled.start()).not.toThrow();
    return handled.stop();
  });

  it('runs once: start twice, or after stop, is a typed error', async () => {
    const listener = new SqsListener({ queueUrl, client, logger: false });
    listener.register(subscriber());
    listener.start();
    expect(listener.state).toBe('running');
    expect(() => listener.start()).toThrow(ListenerAlreadyStartedError);
    const stopping = listener.stop();
    expect(listener.stop()).toBe(stopping);
    expect(await stopping).toEqual({ aborted: 0, abandoned: 0, released: 0 });
    expect(listener.state).toBe('stopped');
    expect(() => listener.start()).toThrow(ListenerStoppedError);
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const listener = new SqsListener({ queueUrl, client, logger: false, signal: controller.signal });
    listener.register(subscriber());
    const stopped = new Promise((resolve) => listener.on('stopped', resolve));
    listener.start();
    controller.abort();
    await stopped;
    expect(listener.state).toBe('stopped');
  });

  it('reports receive errors to the logger when nothing listens to `error`', async () => {
    const logged: string[] = [];
    const listener = new SqsListener({ queueUrl, client, logger: { error: (m) => logged.push(m) } });
    listener.register(subscriber());
    listener.start();
    await new Promise((r) => setTimeout(r, 300));
    await listener.stop();
    expect(logged[0]).toMatch(/Receiving from SQS failed .*ECONNREFUSED.*retrying in \d+ ms/);
  });
});
