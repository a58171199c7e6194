// SnsPublisher against a real moto: topic → moto's own SQS queues, one subscription wrapped (SNS
// envelope) and one raw. Kept small: moto's SQS is slow. No Binary attribute ever reaches the raw
// subscription (a moto bug makes the next ReceiveMessage fail with 500).
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PayloadBuilder, decodeBody } from '@sqs-mega/core';
import { type MotoServer, localClientConfig, startMoto } from '@sqs-mega/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageTooLargeError, SNS_DEFAULT_MAX_MESSAGE_BYTES, SnsPublisher, batchEntry } from '../src/index.js';
import { receiveAll, recordCalls } from './publish-helpers.js';

let moto: MotoServer;
let sns: SNSClient;
let sqs: SQSClient;
let topicArn: string;
let wrappedQueue: string;
let rawQueue: string;

async function queueSubscribedTo(topic: string, name: string, raw: boolean): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  await sns.send(
    new SubscribeCommand({
      TopicArn: topic,
      Protocol: 'sqs',
      Endpoint: Attributes!.QueueArn!,
      Attributes: { RawMessageDelivery: raw ? 'true' : 'false' },
    }),
  );
  return QueueUrl!;
}

beforeAll(async () => {
  moto = await startMoto();
  sns = new SNSClient(localClientConfig(moto));
  sqs = new SQSClient(localClientConfig(moto));
  topicArn = (await sns.send(new CreateTopicCommand({ Name: 'orders' }))).TopicArn!;
  wrappedQueue = await queueSubscribedTo(topicArn, 'orders-wrapped', false);
  rawQueue = await queueSubscribedTo(topicArn, 'orders-raw', true);
}, 60_000);
afterAll(async () => {
  await moto?.stop();
});

const shipped = (id: string) =>
  new PayloadBuilder()
    .withEvent({ name: 'order.shipped', timestamp: '2024-05-04T15:53:27.823Z', publisher: 'tests' })
    .withObject({ type: 'order', id, current: { carrier: 'ups' } })
    .build();

describe('SnsPublisher → topic → SQS', () => {
  it.each(['json', 'bson'] as const)('delivers a %s MEGA payload that decodes wrapped and raw', async (encoding) => {
    const publisher = new SnsPublisher({ topicArn, client: sns, encoding });
    const { messageId } = await publisher.publish(shipped('o-1'), { subject: 'Order shipped', attributes: { tenant: 'acme', priority: 2 } });

    const [wrapped] = await receiveAll(sqs, wrappedQueue, 1);
    const decoded = decodeBody(wrapped!.Body!);
    expect(decoded).toMatchObject({ kind: 'mega', encoding, payload: shipped('o-1') });
    expect(decoded.sns).toMatchObject({ messageId, topicArn, subject: 'Order shipped' });
    expect(decoded.sns?.messageAttributes).toMatchObject({ tenant: { Type: 'String', Value: 'acme' }, priority: { Type: 'Number', Value: '2' } });

    const [raw] = await receiveAll(sqs, rawQueue, 1);
    const rawDecoded = decodeBody(raw!.Body!);
    expect(rawDecoded).toMatchObject({ kind: 'mega', encoding, payload: shipped('o-1') });
    expect(rawDecoded.sns).toBeUndefined();
    expect(raw!.MessageAttributes).toMatchObject({ tenant: { DataType: 'String', StringValue: 'acme' } });
  });

  it('publishes a batch of JSON and BSON entries, each decoding wrapped and raw', async () => {
    const publisher = new SnsPublisher({ topicArn, client: sns });
    const calls = recordCalls(sns);
    const result = await publisher.publishBatch(
      [shipped('b-0'), batchEntry(shipped('b-1'), { binary: true }), batchEntry({ plain: 'data' }, { subject: 'Data' })],
      { attributes: { batch: 'yes' } },
    );
    expect(result).toMatchObject({ succeeded: 3, failed: 0 });
    expect(calls.map((c) => c.command)).toEqual(['PublishBatchCommand']);

    for (const [queue, wrapped] of [[wrappedQueue, true], [rawQueue, false]] as const) {
      const decoded = (await receiveAll(sqs, queue, 3)).map((m) => decodeBody(m.Body!));
      expect(decoded.map((d) => (d.kind === 'mega' ? `${d.payload.object?.id}:${d.encoding}` : d.kind)).sort()).toEqual(['b-0:json', 'b-1:bson', 'data']);
      expect(decoded.every((d) => (d.sns !== undefined) === wrapped)).toBe(true);
    }
  });

  it("carries an instrumentation's attributes through SNS, in the envelope and as raw message attributes", async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const seen: string[] = [];
    const settled: unknown[] = [];
    const publisher = new SnsPublisher({
      topicArn,
      client: sns,
      instrumentation: {
        message: (info) => {
          seen.push(`${info.service} ${info.operation} ${info.destination}`);
          return { attributes: { traceparent }, onSettled: (outcome) => settled.push(outcome) };
        },
      },
    });
    const { messageId } = await publisher.publish(shipped('t-1'));
    expect(seen).toEqual([`SNS publish ${topicArn}`]);
    expect(settled).toEqual([{ ok: true, messageId }]);
    const [wrapped] = await receiveAll(sqs, wrappedQueue, 1);
    expect(decodeBody(wrapped!.Body!).sns?.messageAttributes).toMatchObject({ traceparent: { Type: 'String', Value: traceparent } });
    const [raw] = await receiveAll(sqs, rawQueue, 1);
    expect(raw!.MessageAttributes).toMatchObject({ traceparent: { DataType: 'String', StringValue: traceparent } });
  });

  it('maps a Binary attribute to SNS (wrapped delivery only)', async () => {
    const onlyWrapped = (await sns.send(new CreateTopicCommand({ Name: 'binary-attributes' }))).TopicArn!;
    const queue = await queueSubscribedTo(onlyWrapped, 'binary-wrapped', false);
    await new SnsPublisher({ topicArn: onlyWrapped, client: sns }).publish({ n: 1 }, { attributes: { sig: new Uint8Array([1, 2, 3]) } });
    const [message] = await receiveAll(sqs, queue, 1);
    expect(decodeBody(message!.Body!).sns?.messageAttributes).toMatchObject({ sig: { Type: 'Binary', Value: 'AQID' } });
  });

  it("refuses a message over SNS's 256 KiB default before any call", async () => {
    const client = new SNSClient(localClientConfig(moto));
    const calls = recordCalls(client);
    const publisher = new SnsPublisher({ topicArn, client });
    const error = await publisher.publish('a'.repeat(SNS_DEFAULT_MAX_MESSAGE_BYTES + 1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MessageTooLargeError);
    expect(error).toMatchObject({ size: SNS_DEFAULT_MAX_MESSAGE_BYTES + 1, limit: SNS_DEFAULT_MAX_MESSAGE_BYTES });
    const batch = await publisher.publishBatch(['a'.repeat(200_000), 'b'.repeat(200_000)]);
    expect(batch.succeeded).toBe(2);
    expect(calls.map((c) => (c.input.PublishBatchRequestEntries as unknown[] | undefined)?.length)).toEqual([1, 1]); // 400 kB > 256 KiB: two batches
    await receiveAll(sqs, wrappedQueue, 2);
    await receiveAll(sqs, rawQueue, 2);
  });
});
