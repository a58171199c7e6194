/**
 * A handler that hangs far past its visibility timeout, in a listener process: the heartbeat keeps
 * the message (another consumer polling the queue the whole time gets nothing); once the heartbeat
 * is made to fail (every ChangeMessageVisibilityBatch call dropped, injected by an SDK middleware
 * in the process: a real server cannot be made to do it on demand), the handler's AbortSignal fires
 * with VisibilityLostError and the message becomes visible again.
 */
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { startElasticMQ, type ElasticMQServer } from '@sqs-mega/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsPublisher } from '../../src/index.js';
import { clientFor, createQueue } from '../helpers/listener-harness.js';
import { signalWorker, startWorker, writeResult } from './fault-harness.js';

let server: ElasticMQServer;
let sqs: SQSClient;

beforeAll(async () => {
  server = await startElasticMQ({ startTimeoutMs: 60_000 });
  sqs = clientFor(server);
}, 90_000);

afterAll(async () => {
  sqs?.destroy();
  await server?.stop();
});

describe('a handler hanging past its visibility', () => {
  it('is kept by the heartbeat; when the heartbeat fails, its signal fires and the message comes back', async () => {
    const started = performance.now();
    const visibility = 2;
    const failAfterMs = 6_000; // three visibility timeouts
    const queueUrl = await createQueue(sqs);
    const worker = await startWorker('hanging', {
      SQS_ENDPOINT: server.endpoint,
      QUEUE_URL: queueUrl,
      CONCURRENCY: '1',
      PREFETCH: '0',
      VISIBILITY: String(visibility),
      WAIT: '1',
      HANDLER_MS: 'hang',
      STOP_TIMEOUT_MS: '1000',
      FAIL_VISIBILITY_AFTER_MS: String(failAfterMs),
    });
    await new SqsPublisher({ queueUrl, client: sqs }).publish({ id: 'stuck' });
    await worker.waitFor((r) => r.some((x) => x.e === 'start'), 'the handler to start');
    const handlerStartedAt = worker.of('start')[0]!.at!;

    // Another consumer polls while the heartbeat works: the message must stay hidden.
    const stolen: string[] = [];
    while (Date.now() - handlerStartedAt < failAfterMs - 500) {
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1, VisibilityTimeout: 0 }));
      for (const m of Messages ?? []) stolen.push(m.Body ?? '');
    }
    expect(stolen).toEqual([]);

    // The heartbeat now fails: the abort comes once the visibility it last set has run out.
    await worker.waitFor((r) => r.some((x) => x.e === 'abort'), 'the abort', 30_000);
    const abort = worker.of('abort')[0]!;
    expect(abort.reason).toBe('VisibilityLostError');
    // …and the message is visible again: the listener receives it a second time.
    await worker.waitFor((r) => r.filter((x) => x.e === 'start').length >= 2, 'the second delivery', 30_000);
    const second = worker.of('start')[1]!;
    expect(second).toMatchObject({ id: 'stuck' });
    expect(second.rc).toBeGreaterThanOrEqual(2);

    const extensionsOk = worker.of('cmv').filter((r) => r.ok && r.at! < handlerStartedAt + failAfterMs).length;
    const extensionsFailed = worker.of('cmv').filter((r) => !r.ok).length;
    expect(extensionsOk).toBeGreaterThanOrEqual(6); // every ~0.67 s for 6 s
    expect(abort.at! - (handlerStartedAt + failAfterMs)).toBeLessThan(visibility * 1000 + 2_000);
    expect((await signalWorker(worker, 'SIGTERM')).code).toBe(0);

    writeResult('heartbeat', {
      what: 'handler hangs; heartbeat keeps it for 3 visibility timeouts; then heartbeat calls fail → AbortSignal (VisibilityLostError) → message visible again',
      messagesSent: 1,
      lost: 0,
      visibilityTimeoutSeconds: visibility,
      heartbeatHeldForMs: failAfterMs,
      receivesByAnotherConsumerWhileHeld: stolen.length,
      extensionsSucceeded: extensionsOk,
      extensionCallsFailed: extensionsFailed,
      abortReason: abort.reason,
      abortAfterHeartbeatFailedMs: abort.at! - (handlerStartedAt + failAfterMs),
      redeliveredAfterAbortMs: second.at! - abort.at!,
      secondDeliveryReceiveCount: second.rc,
      durationMs: Math.round(performance.now() - started),
    });
  });
});
