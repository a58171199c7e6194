/**
 * Enqueuing tasks against a real ElasticMQ: the message on the queue is the documented task message
 * (a MEGA data object), `delay` sends it at once, `enqueueIn` with SQS's DelaySeconds, and delays
 * above 900 s with 900 s plus `runAt`.
 */
import { randomBytes } from 'node:crypto';
import { GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { decodeBody } from '@sqs-mega/core';
import { startElasticMQ, type ElasticMQServer } from '@sqs-mega/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureTasks, defineTask, TaskQueueNotFoundError } from '../src/index.js';
import { clientFor, createQueue } from './helpers/listener-harness.js';

let server: ElasticMQServer;
let sqs: SQSClient;

beforeAll(async () => {
  server = await startElasticMQ({ startTimeoutMs: 60_000 });
  sqs = clientFor(server);
  configureTasks({ client: sqs });
}, 90_000);

afterAll(async () => {
  configureTasks({ client: undefined });
  sqs?.destroy();
  await server?.stop();
});

/** A unique task-name prefix, so every test has queues of its own. */
const prefix = () => `t${randomBytes(4).toString('hex')}`;

async function receiveOne(queueUrl: string, waitTimeSeconds: number) {
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: waitTimeSeconds, MaxNumberOfMessages: 1 }));
  return Messages?.[0];
}

async function delayedCount(queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessagesDelayed'] }));
  return Number(Attributes?.['ApproximateNumberOfMessagesDelayed']);
}

describe('defineTask enqueue', () => {
  it('delay() sends the task message at once to the queue derived from the name (email.send → email-send)', async () => {
    const p = prefix();
    const queueUrl = await createQueue(sqs, { name: `${p}-email-send` });
    const send = defineTask(`${p}.email.send`, async (_to: string, _times: number) => undefined);
    const before = Date.now();
    const enqueued = await send.delay('ada@example.com', 3);
    expect(enqueued).toEqual({ id: expect.any(String), messageId: expect.any(String), queueUrl });

    const message = await receiveOne(queueUrl, 5);
    expect(message?.MessageId).toBe(enqueued.messageId);
    const body = JSON.parse(message?.Body ?? '') as Record<string, unknown>;
    expect(body).toEqual({ args: ['ada@example.com', 3], enqueuedAt: expect.any(String), id: enqueued.id, task: `${p}.email.send` });
    expect(Date.parse(body['enqueuedAt'] as string)).toBeGreaterThanOrEqual(before - 5);
    const decoded = decodeBody(message?.Body ?? '');
    expect(decoded).toMatchObject({ kind: 'data', encoding: 'json', data: body });
  });

  it('enqueueIn(seconds) delays the message with DelaySeconds', async () => {
    const p = prefix();
    const queueUrl = await createQueue(sqs, { name: `${p}-later` });
    const later = defineTask(`${p}.later`, (_n: number) => undefined);
    const sent = Date.now();
    await later.enqueueIn(2, 7);
    expect(await delayedCount(queueUrl)).toBe(1);
    expect(await receiveOne(queueUrl, 0)).toBeUndefined();
    const message = await receiveOne(queueUrl, 10);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(1_500);
    expect(JSON.parse(message?.Body ?? '')).toMatchObject({ task: `${p}.later`, args: [7] });
    expect(JSON.parse(message?.Body ?? '')).not.toHaveProperty('runAt');
  });

  it('enqueueIn beyond 900 s sends the message with 900 s and a runAt instant', async () => {
    const p = prefix();
    const queueUrl = await createQueue(sqs, { name: `${p}-report` });
    const report = defineTask(`${p}.report`, () => undefined);
    const before = Date.now();
    const enqueued = await report.enqueueIn(3_600);
    expect(enqueued.runAt?.getTime()).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(enqueued.runAt?.getTime()).toBeLessThan(Date.now() + 3_600_000 + 5);
    expect(await delayedCount(queueUrl)).toBe(1);
    expect(await receiveOne(queueUrl, 0)).toBeUndefined();
  });

  it('sends to the queue option, a name or a URL', async () => {
    const p = prefix();
    const queueUrl = await createQueue(sqs, { name: `${p}-shared` });
    await defineTask(`${p}.a`, () => undefined, { queue: `${p}-shared` }).delay();
    await defineTask(`${p}.b`, () => undefined, { queue: queueUrl }).delay();
    const tasks = [await receiveOne(queueUrl, 5), await receiveOne(queueUrl, 5)].map((m) => JSON.parse(m?.Body ?? '{}').task);
    expect(tasks.sort()).toEqual([`${p}.a`, `${p}.b`]);
  });

  it('reports a missing queue as QUEUE_NOT_FOUND, saying how to create it', async () => {
    const p = prefix();
    const task = defineTask(`${p}.missing`, () => undefined);
    const error = await task.delay().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskQueueNotFoundError);
    expect(error).toMatchObject({ code: 'QUEUE_NOT_FOUND', queueName: `${p}-missing` });
    expect((error as Error).message).toContain(`aws sqs create-queue --queue-name ${p}-missing`);
  });
});
