/**
 * A listener process killed with SIGKILL in the middle of a batch: every message it held (being
 * handled, or received and waiting for a slot) is delivered again once its visibility runs out, and
 * a second process handles it; none is lost, and none the first process had deleted comes back.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { startElasticMQ, type ElasticMQServer } from '@sqs-mega/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsPublisher } from '../../src/index.js';
import { clientFor, createQueue, queueCounts } from '../helpers/listener-harness.js';
import { eventually, finishedIds, reconcile, signalWorker, startWorker, writeResult } from './fault-harness.js';

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

describe('SIGKILL in the middle of a batch', () => {
  it('redelivers every message the killed process held after its visibility; none is lost', async () => {
    const started = performance.now();
    const visibility = 4;
    const queueUrl = await createQueue(sqs);
    const ids = Array.from({ length: 200 }, (_, i) => `k-${i}`);
    const common = { SQS_ENDPOINT: server.endpoint, QUEUE_URL: queueUrl, VISIBILITY: String(visibility), WAIT: '2' };
    const first = await startWorker('first', { ...common, CONCURRENCY: '10', HANDLER_MS: '100-1200' });

    const publisher = new SqsPublisher({ queueUrl, client: sqs });
    const published = await publisher.publishBatch(ids.map((id) => ({ id })), { concurrency: 4 });
    expect(published).toMatchObject({ succeeded: ids.length, failed: 0 });

    // Mid-batch: some deleted, ten being handled, more received and waiting for a slot.
    await first.waitFor((r) => r.filter((x) => x.e === 'deleted').length >= 20, '20 deletes');
    first.process.kill('SIGKILL');
    const exit = await first.exit;
    const killedAt = Date.now();
    expect(exit.signal).toBe('SIGKILL');

    const startedIds = new Set(first.of('start').map((r) => r.id));
    const finishedByFirst = new Set(first.of('finish').map((r) => r.id));
    const deletedByFirst = new Set(first.of('deleted').map((r) => r.id));
    const interrupted = [...startedIds].filter((id) => !finishedByFirst.has(id));
    const held = first.of('received').length - deletedByFirst.size;
    expect(interrupted.length).toBeGreaterThan(0);
    expect(held).toBeGreaterThan(interrupted.length); // prefetched messages were held too

    const second = await startWorker('second', { ...common, CONCURRENCY: '20', HANDLER_MS: '0-20' });
    const workers = [first, second];
    await second.waitFor(() => finishedIds(workers).size === ids.length, 'every id finished', 90_000);
    await eventually(async () => {
      const counts = await queueCounts(sqs, queueUrl);
      return counts.visible === 0 && counts.inFlight === 0;
    }, 'an empty queue');
    const stop = await signalWorker(second, 'SIGTERM');
    expect(stop.code).toBe(0);

    const result = reconcile(ids, workers);
    const secondStarts = second.of('start');
    const redeliveredInterrupted = interrupted.filter((id) => secondStarts.some((r) => r.id === id && (r.rc ?? 0) >= 2));
    // A message deleted by the first process never comes back.
    const deletedThenSeenAgain = secondStarts.filter((r) => deletedByFirst.has(r.id)).length;
    // The interrupted ones come back only after the visibility that their last heartbeat set.
    const earliestRedelivery = Math.min(...secondStarts.filter((r) => interrupted.includes(r.id!)).map((r) => r.at!));

    expect(result).toMatchObject({ lost: 0, deletedBeforeFinish: 0, unknown: 0, processed: ids.length });
    expect(redeliveredInterrupted).toEqual(interrupted);
    expect(deletedThenSeenAgain).toBe(0);
    expect(earliestRedelivery).toBeGreaterThanOrEqual(killedAt - 100);

    writeResult('sigkill', {
      what: 'SIGKILL of a listener process mid-batch, then a second process drains the queue',
      messagesSent: ids.length,
      processed: result.processed,
      lost: result.lost,
      duplicates: result.duplicates,
      deletedBeforeFinish: result.deletedBeforeFinish,
      heldByKilledProcess: held,
      handlersInterrupted: interrupted.length,
      redeliveredAfterVisibility: redeliveredInterrupted.length,
      finishedButNotDeletedWhenKilled: [...finishedByFirst].filter((id) => !deletedByFirst.has(id)).length,
      visibilityTimeoutSeconds: visibility,
      firstRedeliveryAfterKillMs: earliestRedelivery - killedAt,
      durationMs: Math.round(performance.now() - started),
    });
  });
});
