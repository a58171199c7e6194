import { randomUUID } from 'node:crypto';
import { CreateTopicCommand, ListTopicsCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig, PortInUseError, startMoto, type MotoServer } from '../src/index.js';
import { httpStatus } from '../src/http-status.js';
import { waitUntilGone } from './helpers/processes.js';

describe('startMoto', () => {
  let moto: MotoServer;
  let sns: SNSClient;
  let sqs: SQSClient;

  beforeAll(async () => {
    moto = await startMoto();
    sns = new SNSClient(localClientConfig(moto));
    sqs = new SQSClient(localClientConfig(moto));
  });
  afterAll(async () => {
    sns?.destroy();
    sqs?.destroy();
    await moto?.stop();
  });

  /** A topic with one SQS subscription (in moto's own SQS), raw or wrapped. */
  async function topicToQueue(raw: boolean) {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: `t-${randomUUID()}` }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `q-${randomUUID()}` }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: Attributes?.['QueueArn'],
        ...(raw ? { Attributes: { RawMessageDelivery: 'true' } } : {}),
      }),
    );
    return { TopicArn, QueueUrl };
  }

  async function receiveOne(QueueUrl: string | undefined) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }),
    );
    expect(Messages).toHaveLength(1);
    return Messages![0]!;
  }

  it('listens on a free 127.0.0.1 port and reports us-east-1', () => {
    expect(moto.kind).toBe('moto');
    expect(moto.endpoint).toBe(`http://127.0.0.1:${moto.port}`);
    expect(moto.region).toBe('us-east-1');
  });

  it('delivers an SNS publish to a subscribed SQS queue in the SNS envelope', async () => {
    const { TopicArn, QueueUrl } = await topicToQueue(false);
    expect(TopicArn).toMatch(/^arn:aws:sns:us-east-1:/);
    await sns.send(
      new PublishCommand({
        TopicArn,
        Subject: 'greeting',
        Message: '{"hello":"world"}',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'test' } },
      }),
    );
    const envelope = JSON.parse((await receiveOne(QueueUrl)).Body ?? '') as Record<string, unknown>;
    expect(envelope).toMatchObject({
      Type: 'Notification',
      TopicArn,
      Subject: 'greeting',
      Message: '{"hello":"world"}',
      MessageAttributes: { kind: { Type: 'String', Value: 'test' } },
    });
  });

  it('delivers the bare message with RawMessageDelivery, attributes as SQS attributes', async () => {
    const { TopicArn, QueueUrl } = await topicToQueue(true);
    await sns.send(
      new PublishCommand({
        TopicArn,
        Message: 'raw body',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'test' } },
      }),
    );
    const message = await receiveOne(QueueUrl);
    expect(message.Body).toBe('raw body');
    expect(message.MessageAttributes?.['kind']?.StringValue).toBe('test');
  });

  it('reset() forgets every topic', async () => {
    await sns.send(new CreateTopicCommand({ Name: `t-${randomUUID()}` }));
    expect((await sns.send(new ListTopicsCommand({}))).Topics?.length).toBeGreaterThan(0);
    await moto.reset();
    expect((await sns.send(new ListTopicsCommand({}))).Topics ?? []).toEqual([]);
  });

  it('fails with PORT_IN_USE when the port is taken', async () => {
    await expect(startMoto({ port: moto.port })).rejects.toBeInstanceOf(PortInUseError);
  });

  it('stop() resolves once the server process has exited', async () => {
    const other = await startMoto();
    expect(other.port).not.toBe(moto.port);
    await other.stop();
    expect(await waitUntilGone(other.pid, 0)).toBe(true);
    await expect(httpStatus(`${other.endpoint}/moto-api/data.json`)).rejects.toThrow(/ECONNREFUSED/);
    await expect(other.reset()).rejects.toMatchObject({ code: 'RESET_FAILED' });
  });
});
