/**
 * SNS → SQS through moto, with raw delivery on and off, under the SIGKILL checks: SnsPublisher
 * publishes to a topic with two SQS subscriptions (moto's own SQS: moto cannot deliver to
 * ElasticMQ); on each queue a listener process is killed with SIGKILL mid-batch and a second one
 * drains it. Every message is processed (through the SNS envelope or raw), none is lost, none is
 * deleted before its handler finished, and the interrupted ones come back after their visibility.
 */
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { localClientConfig, startMoto, type MotoServer } from '@sqs-mega/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnsPublisher } from '../../src/index.js';
import { queueCounts } from '../helpers/listener-harness.js';
import { eventually, finishedIds, reconcile, signalWorker, startWorker, writeResult } from './fault-harness.js';

const MESSAGES = 150;

let moto: MotoServer;
let sns: SNSClient;
let sqs: SQSClient;
let topicArn: string;
const queues: Record<'raw' | 'wrapped', string> = { raw: '', wrapped: '' };
let publishedIds: string[] = [];

beforeAll(async () => {
  moto = await startMoto({ startTimeoutMs: 60_000 });
  sns = new SNSClient(localClientConfig(moto));
  sqs = new SQSClient(localClientConfig(moto));
  topicArn = (await sns.send(new CreateTopicCommand({ Name: 'faults' }))).TopicArn!;
  for (const raw of [true, false]) {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: raw ? 'faults-raw' : 'faults-wrapped' }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: Attributes!['QueueArn']!, Attributes: { RawMessageDelivery: String(raw) } }),
    );
    queues[raw ? 'raw' : 'wrapped'] = QueueUrl!;
  }
  // One publish fans out to both queues: both subscriptions see the same messages.
  publishedIds = Array.from({ length: MESSAGES }, (_, i) => `s-${i}`);
  const result = await new SnsPublisher({ topicArn, client: sns }).publishBatch(publishedIds.map((id) => ({ id })), {
    attributes: { source: 'faults' },
  });
  expect(result).toMatchObject({ succeeded: MESSAGES, failed: 0 });
}, 120_000);

afterAll(async () => {
  sns?.destroy();
  sqs?.destroy();
  await moto?.stop();
});

describe('SNS → SQS (moto) under SIGKILL', () => {
  it.each(['raw', 'wrapped'] as const)('%s delivery: killed mid-batch, every message processed, none lost', async (delivery) => {
    const started = performance.now();
    const queueUrl = queues[delivery];
    const common = { SQS_ENDPOINT: moto.endpoint, QUEUE_URL: queueUrl, VISIBILITY: '3', WAIT: '1' };
    const first = await startWorker(`${delivery}-first`, { ...common, CONCURRENCY: '5', HANDLER_MS: '200-800' });
    await first.waitFor((r) => r.filter((x) => x.e === 'deleted').length >= 10, '10 deletes', 60_000);
    first.process.kill('SIGKILL');
    await first.exit;
    const killedAt = Date.now();

    const interrupted = [...new Set(first.of('start').map((r) => r.id!))].filter((id) => !first.finished.has(id));
    const deletedByFirst = new Set(first.of('deleted').map((r) => r.id));
    const second = await startWorker(`${delivery}-second`, { ...common, CONCURRENCY: '10', HANDLER_MS: '0' });
    const workers = [first, second];
    await second.waitFor(() => finishedIds(workers).size === MESSAGES, 'every id finished', 120_000);
    await eventually(async () => {
      const c = await queueCounts(sqs, queueUrl);
      return c.visible === 0 && c.inFlight === 0;
    }, 'an empty queue');
    expect((await signalWorker(second, 'SIGTERM')).code).toBe(0);

    const result = reconcile(publishedIds, workers);
    const redelivered = interrupted.filter((id) => second.of('start').some((r) => r.id === id && (r.rc ?? 0) >= 2));
    const deletedThenSeenAgain = second.of('start').filter((r) => deletedByFirst.has(r.id)).length;
    writeResult(`sns-${delivery}`, {
      what: `SNS topic → moto SQS queue, RawMessageDelivery=${delivery === 'raw'}; SIGKILL of a listener process mid-batch, a second drains`,
      messagesSent: MESSAGES,
      processed: result.processed,
      lost: result.lost,
      duplicates: result.duplicates,
      deletedBeforeFinish: result.deletedBeforeFinish,
      handlersInterrupted: interrupted.length,
      redeliveredAfterVisibility: redelivered.length,
      deletedThenSeenAgain,
      visibilityTimeoutSeconds: 3,
      durationMs: Math.round(performance.now() - started),
    });

    expect(result).toMatchObject({ lost: 0, deletedBeforeFinish: 0, unknown: 0, processed: MESSAGES });
    expect(interrupted.length).toBeGreaterThan(0);
    expect(redelivered).toEqual(interrupted);
    expect(deletedThenSeenAgain).toBe(0);
    expect(Math.min(...second.of('start').filter((r) => interrupted.includes(r.id!)).map((r) => r.at!))).toBeGreaterThanOrEqual(killedAt - 100);
  });
});
