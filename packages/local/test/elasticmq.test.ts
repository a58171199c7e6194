import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  localClientConfig,
  PortInUseError,
  startElasticMQ,
  StartTimeoutError,
  type ElasticMQServer,
} from '../src/index.js';
import { httpStatus } from '../src/http-status.js';
import { pidsWithArgument, waitUntilGone } from './helpers/processes.js';

describe('startElasticMQ', () => {
  let server: ElasticMQServer;
  let sqs: SQSClient;

  beforeAll(async () => {
    server = await startElasticMQ();
    sqs = new SQSClient(localClientConfig(server));
  });
  afterAll(async () => {
    sqs?.destroy();
    await server?.stop();
  });

  it('listens on a free 127.0.0.1 port and reports us-east-1', async () => {
    expect(server.kind).toBe('elasticmq');
    expect(server.port).toBeGreaterThan(0);
    expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.region).toBe('us-east-1');
    expect(await httpStatus(`${server.endpoint}/health`)).toBe(200);
    expect(server.recentLog().some((line) => line.includes('started in'))).toBe(true);
  });

  it('serves SQS through the AWS SDK: create, send, long-poll receive, delete', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `q-${randomUUID()}` }));
    expect(QueueUrl?.startsWith(`${server.endpoint}/`)).toBe(true);

    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    expect(Attributes?.['QueueArn']).toMatch(/^arn:aws:sqs:us-east-1:/);

    const empty = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    expect(empty.Messages ?? []).toHaveLength(0);

    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }),
    );
    expect(Messages?.map((message) => message.Body)).toEqual(['hello']);

    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages?.[0]?.ReceiptHandle }));
    const { Attributes: counts } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(counts).toMatchObject({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
  });

  it('runs a second server at once on another port; stop() ends only that one, once, for good', async () => {
    const second = await startElasticMQ();
    expect(second.port).not.toBe(server.port);
    expect(await httpStatus(`${second.endpoint}/health`)).toBe(200);

    const stopping = second.stop();
    expect(second.stop()).toBe(second.stop()); // idempotent: the same settled wait
    await stopping;
    expect(await waitUntilGone(second.pid, 0)).toBe(true); // gone when stop() resolves
    await expect(httpStatus(`${second.endpoint}/health`)).rejects.toThrow(/ECONNREFUSED/);
    await second.stop();

    expect(await httpStatus(`${server.endpoint}/health`)).toBe(200);
  });

  it('fails with PORT_IN_USE (and leaves no JVM) when the port is taken', async () => {
    const marker = `-Dsqs-mega.test=${randomUUID()}`;
    const error = await startElasticMQ({ port: server.port, jvmArgs: [marker] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortInUseError);
    expect(error).toMatchObject({ code: 'PORT_IN_USE', server: 'elasticmq', port: server.port });
    expect(pidsWithArgument(marker)).toEqual([]);
  });

  it('fails with START_TIMEOUT (and leaves no JVM) when not ready in time', async () => {
    const marker = `-Dsqs-mega.test=${randomUUID()}`;
    const error = await startElasticMQ({ startTimeoutMs: 300, jvmArgs: [marker] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartTimeoutError);
    expect(error).toMatchObject({ code: 'START_TIMEOUT', server: 'elasticmq', timeoutMs: 300 });
    expect((error as Error).message).toMatch(/startTimeoutMs/);
    expect(pidsWithArgument(marker)).toEqual([]);
  });
});

describe('startElasticMQ({ persistTo })', () => {
  const dir = mkdtempSync(join(tmpdir(), 'elasticmq-persist-'));
  let server: ElasticMQServer | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps queues and messages, in-flight ones included, across a restart on the same port', async () => {
    const persistTo = join(dir, 'db');
    server = await startElasticMQ({ persistTo });
    const { port } = server;
    let sqs = new SQSClient(localClientConfig(server));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'kept' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'in flight' }));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 60 }));
    expect(Messages?.map((m) => m.Body)).toEqual(['in flight']);
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'waiting' }));
    sqs.destroy();
    await server.stop();

    server = await startElasticMQ({ port, persistTo });
    sqs = new SQSClient(localClientConfig(server));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    expect(Attributes).toMatchObject({ ApproximateNumberOfMessages: '1', ApproximateNumberOfMessagesNotVisible: '1' });
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(again.Messages?.map((m) => m.Body)).toEqual(['waiting']);
    sqs.destroy();
  });
});
