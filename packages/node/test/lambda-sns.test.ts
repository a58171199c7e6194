/**
 * The Lambda handler on SNS-wrapped records: published with SnsPublisher to a moto topic, delivered
 * by moto to its own SQS queues (wrapped and raw), received, turned into Lambda records and handled.
 * Kept small: moto's SQS is slow. No Binary attribute goes to the raw subscription (a moto bug makes
 * the next ReceiveMessage fail with 500).
 */
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { eventSubscriber, messageSubscriber, PayloadBuilder, ProcessStatus, type MessageContext } from '@sqs-mega/core';
import { localClientConfig, startMoto, type MotoServer } from '@sqs-mega/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnsPublisher } from '../src/index.js';
import { createSqsHandler } from '../src/lambda/index.js';
import {
  eventSourceQueue,
  failedIds,
  lambdaContext,
  nameOf,
  receiveRecords,
  settleLikeLambda,
  type EventSourceQueue,
} from './helpers/lambda-records.js';

let moto: MotoServer;
let sns: SNSClient;
let sqs: SQSClient;
let topicArn: string;
let wrapped: EventSourceQueue;
let raw: EventSourceQueue;

async function queueSubscribedTo(topic: string, name: string, rawDelivery: boolean): Promise<EventSourceQueue> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  await sns.send(
    new SubscribeCommand({
      TopicArn: topic,
      Protocol: 'sqs',
      Endpoint: Attributes!.QueueArn!,
      Attributes: { RawMessageDelivery: rawDelivery ? 'true' : 'false' },
    }),
  );
  return eventSourceQueue(sqs, QueueUrl!);
}

beforeAll(async () => {
  moto = await startMoto();
  sns = new SNSClient(localClientConfig(moto));
  sqs = new SQSClient(localClientConfig(moto));
  topicArn = (await sns.send(new CreateTopicCommand({ Name: 'lambda-orders' }))).TopicArn!;
  wrapped = await queueSubscribedTo(topicArn, 'lambda-orders-wrapped', false);
  raw = await queueSubscribedTo(topicArn, 'lambda-orders-raw', true);
}, 60_000);

afterAll(async () => {
  sns?.destroy();
  sqs?.destroy();
  await moto?.stop();
});

const order = (name: string, id: string) =>
  new PayloadBuilder().withEvent({ name, publisher: 'tests' }).withObject({ type: 'order', id, current: { id } }).build();

describe('createSqsHandler on SNS deliveries', () => {
  it('unwraps SNS envelopes, routes on the topic, and returns only the kept record — which comes back', async () => {
    const publisher = new SnsPublisher({ topicArn, client: sns });
    await publisher.publish(order('order.shipped', 'o-1'), { subject: 'Shipped', attributes: { tenant: 'acme' } });
    await publisher.publish(order('order.cancelled', 'o-2'), { encoding: 'bson' });
    await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'not a MEGA event' }));

    const contexts: MessageContext[] = [];
    const fromTopic: string[] = [];
    let keepCancelled = true;
    const handler = createSqsHandler({
      subscribers: [
        eventSubscriber({ name: 'order.shipped' }, (_payload, context) => void contexts.push(context), { name: 'shipped' }),
        eventSubscriber({ name: 'order.cancelled' }, () => (keepCancelled ? ProcessStatus.RETRY_LATER : ProcessStatus.DONE), { name: 'cancelled' }),
        messageSubscriber({ kind: 'mega', sns: { topicArn } }, (decoded) => void fromTopic.push(decoded.kind === 'mega' ? decoded.payload.event.name : '?')),
      ],
    });

    const records = await receiveRecords(wrapped, 3, { visibilityTimeout: 1 });
    const response = await handler({ Records: records }, lambdaContext(60_000));

    const cancelled = records.find((r) => nameOf(r) === 'order.cancelled');
    expect(failedIds(response)).toEqual([cancelled!.messageId]);
    expect(fromTopic.sort()).toEqual(['order.cancelled', 'order.shipped']);
    expect(contexts).toHaveLength(1);
    expect(contexts[0]!.decoded.sns).toMatchObject({ topicArn, subject: 'Shipped' });
    expect(contexts[0]!.decoded.sns?.messageAttributes).toMatchObject({ tenant: { Type: 'String', Value: 'acme' } });

    await settleLikeLambda(wrapped, records, response);
    const [again, ...more] = await receiveRecords(wrapped, 1, { visibilityTimeout: 1, timeoutMs: 20_000 });
    expect(more).toEqual([]);
    expect(again!.messageId).toBe(cancelled!.messageId);
    keepCancelled = false;
    expect(await handler({ Records: [again!] })).toEqual({ batchItemFailures: [] });
    await settleLikeLambda(wrapped, [again!], { batchItemFailures: [] });

    // The raw subscription got the same three: bodies as published, SNS attributes as message attributes.
    const rawRecords = await receiveRecords(raw, 3);
    const rawResponse = await handler({ Records: rawRecords });
    expect(rawResponse).toEqual({ batchItemFailures: [] });
    const rawShipped = contexts[1]!;
    expect(rawShipped.decoded.sns).toBeUndefined();
    expect(rawShipped.messageAttributes['tenant']).toEqual({ dataType: 'String', stringValue: 'acme' });
    await settleLikeLambda(raw, rawRecords, rawResponse);
  }, 90_000);
});
