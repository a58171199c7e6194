/**
 * Failed AWS calls as users meet them, end to end: publishers, the listener and task enqueues with
 * real clients that have no region, no credentials, a closed port, a host that does not resolve, a
 * missing queue on a real ElasticMQ, and (from a tiny local endpoint, since no real server does it on
 * demand) throttling and 5xx. Each error carries the kind of failure and says what to do about it.
 * Also: a `queueUrl` that is not a URL is refused by the constructors, with the URL to use.
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { type SQSClientConfig, SQSClient } from '@aws-sdk/client-sqs';
import { type ElasticMQServer, localClientConfig, startElasticMQ } from '@sqs-mega/local';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AwsCallError,
  InvalidOptionError,
  PublishFailedError,
  QueueLookupFailedError,
  ReceiveFailedError,
  SnsPublisher,
  SqsListener,
  SqsPublisher,
  TaskQueueNotFoundError,
  defineTask,
  queueUrlOf,
} from '../src/index.js';
import { closedPort, type FakeAwsEndpoint, snsXmlError, sqsJsonError, startFakeAwsEndpoint, withoutAwsSettings } from './helpers/fake-aws-endpoint.js';
import { createQueue } from './helpers/listener-harness.js';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
/** What retrying can never fix must not be sold as passing. */
const RETRY_LATER = /publish it again later|failed or throttled/;

let server: ElasticMQServer;
let fake: FakeAwsEndpoint;
let restoreEnv: () => void;
const clients: { destroy(): void }[] = [];

beforeAll(async () => {
  [server, fake] = await Promise.all([startElasticMQ({ startTimeoutMs: 60_000 }), startFakeAwsEndpoint()]);
  restoreEnv = withoutAwsSettings();
}, 90_000);
afterAll(async () => {
  restoreEnv?.();
  for (const client of clients) client.destroy();
  await Promise.all([server?.stop(), fake?.close()]);
});

/** A client without the SDK's retries, so that each failure shows once. */
function sqs(config: SQSClientConfig): SQSClient {
  const client = new SQSClient({ maxAttempts: 1, ...config });
  clients.push(client);
  return client;
}

async function publishError(client: SQSClient, queueUrl: string): Promise<PublishFailedError> {
  const error = await new SqsPublisher({ queueUrl, client }).publish({ orderId: 1 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PublishFailedError);
  expect(error).toBeInstanceOf(AwsCallError);
  return error as PublishFailedError;
}

describe('SqsPublisher.publish names the cause of a failed call', () => {
  afterEach(() => {
    fake.answer = { status: 200, body: '{}' };
  });

  it('with no region: a configuration failure saying how to set one', async () => {
    const error = await publishError(sqs({ credentials, endpoint: server.endpoint }), `${server.endpoint}/000000000000/orders`);
    expect(error).toMatchObject({ code: 'PUBLISH_FAILED', kind: 'configuration', retriable: false, senderFault: true, attempts: 1 });
    expect(error.message).toMatch(/^SQS did not take the message after 1 attempt \(Region is missing\)\. No AWS region is configured/);
    expect(error.message).toMatch(/AWS_REGION/);
    expect(error.message).not.toMatch(RETRY_LATER);
  });

  it('with no credentials anywhere: a credentials failure listing the ways to give some', async () => {
    const error = await publishError(sqs({ region: 'us-east-1', endpoint: server.endpoint }), `${server.endpoint}/000000000000/orders`);
    expect(error).toMatchObject({ kind: 'credentials', awsCode: 'CredentialsProviderError', retriable: false });
    expect(error.message).toMatch(/No AWS credentials were found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE/);
    expect(error.message).not.toMatch(RETRY_LATER);
  });

  it('with nothing listening on the port: endpoint-unreachable, naming the address and the server to start', async () => {
    const port = await closedPort();
    const endpoint = `http://127.0.0.1:${port}`;
    const error = await publishError(sqs({ region: 'us-east-1', credentials, endpoint }), `${endpoint}/000000000000/orders`);
    expect(error).toMatchObject({ kind: 'endpoint-unreachable', awsCode: 'ECONNREFUSED', retriable: false });
    expect(error.message).toContain(`Nothing accepts connections at 127.0.0.1:${port}: start the local server (e.g. ElasticMQ)`);
    expect(error.message).toContain('AWS_ENDPOINT_URL_SQS');
    expect(error.message).not.toMatch(RETRY_LATER);
  });

  it('with a host that does not resolve: endpoint-unreachable, naming the host', async () => {
    const endpoint = 'http://sqs.invalid:9324';
    const error = await publishError(sqs({ region: 'us-east-1', credentials, endpoint }), `${endpoint}/000000000000/orders`);
    expect(error.kind).toBe('endpoint-unreachable');
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain(error.awsCode);
    expect(error.message).toContain('The host sqs.invalid does not resolve');
  });

  it('with a queue ElasticMQ does not have: not-found, naming the queue and how to create it', async () => {
    const queueUrl = `${server.endpoint}/000000000000/no-such-queue`;
    const error = await publishError(sqs(localClientConfig(server)), queueUrl);
    expect(error).toMatchObject({ kind: 'not-found', awsCode: 'QueueDoesNotExist', httpStatus: 400, retriable: false });
    expect(error.message).toContain(`The queue ${queueUrl} does not exist`);
    expect(error.message).toContain('aws sqs create-queue --queue-name no-such-queue');
  });

  it('when throttled: throttled and retriable', async () => {
    fake.answer = sqsJsonError(400, 'RequestThrottled', 'Rate exceeded', 'RequestThrottled;Sender');
    const error = await publishError(sqs({ region: 'us-east-1', credentials, endpoint: fake.endpoint }), `${fake.endpoint}/000000000000/orders`);
    expect(error).toMatchObject({ kind: 'throttled', awsCode: 'RequestThrottled', retriable: true, senderFault: false });
    expect(error.message).toMatch(/SQS is throttling the calls \(RequestThrottled\): retrying with backoff works/);
  });

  it('on HTTP 503: a retriable service fault with the status', async () => {
    fake.answer = sqsJsonError(503, 'ServiceUnavailable', 'try later', 'ServiceUnavailable;Receiver');
    const error = await publishError(sqs({ region: 'us-east-1', credentials, endpoint: fake.endpoint }), `${fake.endpoint}/000000000000/orders`);
    expect(error).toMatchObject({ kind: 'service-fault', httpStatus: 503, retriable: true });
    expect(error.message).toMatch(/SQS failed \(HTTP 503\) through no fault of the request/);
  });

  it('SnsPublisher too: a missing topic is not-found, naming the topic', async () => {
    fake.answer = snsXmlError(404, 'NotFound', 'Topic does not exist');
    const client = new SNSClient({ region: 'us-east-1', credentials, endpoint: fake.endpoint, maxAttempts: 1 });
    clients.push(client);
    const topicArn = 'arn:aws:sns:us-east-1:000000000000:orders';
    const error = await new SnsPublisher({ topicArn, client }).publish('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishFailedError);
    expect(error).toMatchObject({ kind: 'not-found', awsCode: 'NotFoundException' });
    expect((error as Error).message).toContain(`The topic ${topicArn} does not exist`);
  });
});

describe('SqsPublisher.publishBatch gives each entry the kind of its failure', () => {
  it('stops at a failure every call would meet: the batches not sent carry it too', async () => {
    const port = await closedPort();
    const endpoint = `http://127.0.0.1:${port}`;
    const publisher = new SqsPublisher({ queueUrl: `${endpoint}/000000000000/orders`, client: sqs({ region: 'us-east-1', credentials, endpoint }) });
    const result = await publisher.publishBatch(Array.from({ length: 40 }, (_, i) => ({ i })), { concurrency: 1 });
    expect(result.failed).toBe(40);
    const errors = result.results.map((r) => (r.ok ? undefined : r.error));
    expect(errors.every((e) => e instanceof PublishFailedError && e.kind === 'endpoint-unreachable')).toBe(true);
    // One call, no retries: the 30 entries after the first batch were never sent.
    expect(result.results.filter((r) => r.attempts === 0)).toHaveLength(30);
    expect(errors[39]?.message).toMatch(/it was not sent, because an earlier batch failed .*Nothing accepts connections at 127\.0\.0\.1/);
  });

  it('retries throttled calls up to maxAttempts, then reports them as throttled', async () => {
    fake.answer = sqsJsonError(400, 'ThrottlingException', 'Rate exceeded');
    const before = fake.requests();
    const publisher = new SqsPublisher({
      queueUrl: `${fake.endpoint}/000000000000/orders`,
      client: sqs({ region: 'us-east-1', credentials, endpoint: fake.endpoint }),
    });
    const result = await publisher.publishBatch(['a', 'b'], { maxAttempts: 3, backoff: { baseMs: 1, maxMs: 5 } });
    expect(fake.requests() - before).toBe(3);
    expect(result.results[0]).toMatchObject({ ok: false, attempts: 3, error: { code: 'PUBLISH_FAILED', kind: 'throttled' } });
    fake.answer = { status: 200, body: '{}' };
  });
});

describe('a listener whose receives fail names the cause', () => {
  async function firstReceiveError(client: SQSClient, queueUrl: string): Promise<ReceiveFailedError> {
    const listener = new SqsListener({
      queueUrl,
      client,
      waitTimeSeconds: 1,
      receiveErrorBackoff: { baseMs: 50, maxMs: 100 },
      logger: false,
      unrecognized: { handle: () => undefined },
    });
    const first = new Promise<ReceiveFailedError>((resolve) => {
      listener.on('error', (error) => {
        if (error instanceof ReceiveFailedError) resolve(error);
      });
    });
    listener.start();
    try {
      const error = await first;
      expect(listener.state).toBe('running'); // receive errors are retried with backoff, whatever they are
      return error;
    } finally {
      await listener.stop({ timeoutMs: 500 });
    }
  }

  it('nothing listening: endpoint-unreachable, naming the address', async () => {
    const port = await closedPort();
    const endpoint = `http://127.0.0.1:${port}`;
    const error = await firstReceiveError(sqs({ region: 'us-east-1', credentials, endpoint }), `${endpoint}/000000000000/orders`);
    expect(error).toMatchObject({ code: 'RECEIVE_FAILED', kind: 'endpoint-unreachable', awsCode: 'ECONNREFUSED', consecutiveFailures: 1 });
    expect(error.message).toMatch(/^Receiving from SQS failed \(connect ECONNREFUSED 127\.0\.0\.1:\d+\); retrying in \d+ ms \(failure 1 in a row\)\. /);
    expect(error.message).toContain(`Nothing accepts connections at 127.0.0.1:${port}: start the local server`);
  });

  it('a queue ElasticMQ does not have: not-found, with the SQS code', async () => {
    const error = await firstReceiveError(sqs(localClientConfig(server)), `${server.endpoint}/000000000000/never-created`);
    expect(error).toMatchObject({ kind: 'not-found', awsCode: 'QueueDoesNotExist', httpStatus: 400 });
    expect(error.message).toMatch(/does not exist \(or these credentials may not see it\): create it/);
  });

  it('no region: configuration', async () => {
    const error = await firstReceiveError(sqs({ credentials, endpoint: server.endpoint }), `${server.endpoint}/000000000000/orders`);
    expect(error.kind).toBe('configuration');
    expect(error.message).toMatch(/No AWS region is configured/);
  });
});

describe('ReceiveFailedError', () => {
  it('names the queue in the advice when told which it was', () => {
    const cause = Object.assign(new Error('The specified queue does not exist.'), { name: 'QueueDoesNotExist', $fault: 'client', $metadata: { httpStatusCode: 400 } });
    const queueUrl = 'http://127.0.0.1:9324/000000000000/orders.fifo';
    const error = new ReceiveFailedError(cause, 2, 400, { queueUrl });
    expect(error).toMatchObject({ kind: 'not-found', consecutiveFailures: 2, retryInMs: 400, cause });
    expect(error.message).toContain(`The queue ${queueUrl} does not exist`);
    expect(error.message).toContain('aws sqs create-queue --queue-name orders.fifo --attributes FifoQueue=true');
    // The three-argument form stays: the advice then speaks of "the queue".
    expect(new ReceiveFailedError(cause, 1, 100).message).toContain('The queue does not exist');
  });
});

describe('enqueuing a task through a client with no region', () => {
  it('rejects with a typed error whatever the queue: QUEUE_LOOKUP_FAILED for a name, PUBLISH_FAILED for a URL', async () => {
    const client = sqs({ credentials, endpoint: server.endpoint });
    const byName = defineTask('region.less', () => undefined, { client });
    const lookup = await byName.delay().catch((e: unknown) => e);
    expect(lookup).toBeInstanceOf(QueueLookupFailedError);
    expect(lookup).toMatchObject({ code: 'QUEUE_LOOKUP_FAILED', kind: 'configuration', queueName: 'region-less' });
    expect((lookup as Error).message).toMatch(/^Could not look up the URL of the SQS queue "region-less" \(Region is missing\)\. No AWS region is configured/);

    const byUrl = defineTask('region.less', () => undefined, { client, queue: `${server.endpoint}/000000000000/region-less` });
    const publish = await byUrl.delay().catch((e: unknown) => e);
    expect(publish).toBeInstanceOf(PublishFailedError);
    expect(publish).toMatchObject({ kind: 'configuration' });
  });
});

describe('queueUrl must be a URL', () => {
  const client = new SQSClient({ region: 'us-east-1', credentials, endpoint: 'http://127.0.0.1:9' });
  clients.push(client);

  it.each([
    ['SqsPublisher', (queueUrl: string) => new SqsPublisher({ queueUrl, client })],
    ['SqsListener', (queueUrl: string) => new SqsListener({ queueUrl, client, logger: false })],
  ])('%s refuses a queue name at once, giving both URL forms and the look-up', (_, construct) => {
    const attempt = () => construct('orders');
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(/Invalid option queueUrl: "orders" is not a URL/);
    expect(attempt).toThrow('https://sqs.<region>.amazonaws.com/<account>/orders');
    expect(attempt).toThrow('http://127.0.0.1:9324/000000000000/orders');
    expect(attempt).toThrow(`queueUrl: await queueUrlOf(client, "orders")`);
  });

  it('refuses an ARN with the URL it stands for, and an endpoint without a queue', () => {
    expect(() => new SqsPublisher({ queueUrl: 'arn:aws:sqs:eu-west-1:123456789012:orders', client })).toThrow(
      "is the queue's ARN, not its URL: use https://sqs.eu-west-1.amazonaws.com/123456789012/orders",
    );
    expect(() => new SqsListener({ queueUrl: 'http://127.0.0.1:9324/', client, logger: false })).toThrow(/names no queue: it is an endpoint/);
    expect(() => new SqsPublisher({ queueUrl: 'ftp://127.0.0.1/q', client })).toThrow(/not an http\(s\) URL/);
  });

  it('queueUrlOf resolves a name with GetQueueUrl, and says when the queue does not exist', async () => {
    const local = sqs(localClientConfig(server));
    const queueUrl = await createQueue(local, { name: 'resolved-by-name' });
    expect(await queueUrlOf(local, 'resolved-by-name')).toBe(queueUrl);
    const publisher = new SqsPublisher({ queueUrl: await queueUrlOf(local, 'resolved-by-name'), client: local });
    expect((await publisher.publish('hello')).messageId).toEqual(expect.any(String));
    await expect(queueUrlOf(local, 'not-created-anywhere')).rejects.toBeInstanceOf(TaskQueueNotFoundError);
  });
});
