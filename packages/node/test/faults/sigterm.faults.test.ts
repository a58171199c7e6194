/**
 * SIGTERM to a listener process with messages in flight (stopOnSignals): it stops receiving at
 * once, lets the running handlers finish — or, past the stop timeout, aborts them, and handlers that
 * honour their signal return in time — flushes the deletes, hands back what it never started, and
 * exits 0. A second process then drains the queue: nothing is lost.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { startElasticMQ, type ElasticMQServer } from '@sqs-mega/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsPublisher } from '../../src/index.js';
import { clientFor, createQueue, queueCounts } from '../helpers/listener-harness.js';
import { eventually, finishedIds, reconcile, signalWorker, startWorker, writeResult, type Worker } from './fault-harness.js';

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

/** Publishes `count` ids to a new queue; returns the queue and the ids. */
async function queueWith(prefix: string, count: number): Promise<{ queueUrl: string; ids: string[] }> {
  const queueUrl = await createQueue(sqs);
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const published = await new SqsPublisher({ queueUrl, client: sqs }).publishBatch(ids.map((id) => ({ id })));
  expect(published.failed).toBe(0);
  return { queueUrl, ids };
}

/** Drains the rest with a second process, checks the queue is empty, and stops it. */
async function drain(queueUrl: string, ids: readonly string[], first: Worker): Promise<Worker> {
  const second = await startWorker('drain', { SQS_ENDPOINT: server.endpoint, QUEUE_URL: queueUrl, CONCURRENCY: '20', WAIT: '1', HANDLER_MS: '0' });
  await second.waitFor(() => finishedIds([first, second]).size === ids.length, 'every id finished', 60_000);
  await eventually(async () => {
    const c = await queueCounts(sqs, queueUrl);
    return c.visible === 0 && c.inFlight === 0;
  }, 'an empty queue');
  expect((await signalWorker(second, 'SIGTERM')).code).toBe(0);
  return second;
}

describe('SIGTERM with messages in flight', () => {
  it('stops receiving, finishes the running handlers, flushes their deletes, exits 0', async () => {
    const started = performance.now();
    const { queueUrl, ids } = await queueWith('t', 100);
    const worker = await startWorker('graceful', {
      SQS_ENDPOINT: server.endpoint,
      QUEUE_URL: queueUrl,
      CONCURRENCY: '10',
      WAIT: '20',
      VISIBILITY: '30',
      HANDLER_MS: '1000-2000',
    });
    await worker.waitFor((r) => r.filter((x) => x.e === 'start').length >= 15, '15 handler starts');
    const signalledAt = Date.now();
    const exit = await signalWorker(worker, 'SIGTERM');
    const exitMs = Date.now() - signalledAt;

    const signalIndex = worker.records.findIndex((r) => r.e === 'signal');
    const after = worker.records.slice(signalIndex + 1);
    const signalAt = worker.records[signalIndex]?.at ?? signalledAt;
    const receivesAfterSignal = after.filter((r) => r.e === 'rx' && (r.at ?? 0) > signalAt);
    const inFlightAtSignal = worker.records.slice(0, signalIndex).filter((r) => r.e === 'start').length - worker.records.slice(0, signalIndex).filter((r) => r.e === 'finish').length;
    const stopped = worker.of('stopped')[0];
    const finished = new Set(worker.of('finish').map((r) => r.mid));
    const deleted = new Set(worker.of('deleted').map((r) => r.mid));

    expect(exit.code).toBe(0);
    expect(exitMs).toBeLessThan(15_000); // the 20 s long poll was cut short; handlers take ≤ 2 s
    expect(receivesAfterSignal).toEqual([]); // no receive sent after the signal
    expect(after.filter((r) => r.e === 'start')).toEqual([]); // nothing new started
    expect(inFlightAtSignal).toBeGreaterThan(0);
    expect(stopped?.result).toMatchObject({ aborted: 0, abandoned: 0 });
    expect([...finished].every((mid) => deleted.has(mid))).toBe(true); // every delete flushed before exit
    expect(worker.of('start').length).toBe(finished.size); // every started handler finished

    const second = await drain(queueUrl, ids, worker);
    const result = reconcile(ids, [worker, second]);
    expect(result).toMatchObject({ lost: 0, duplicates: 0, deletedBeforeFinish: 0, processed: ids.length });

    writeResult('sigterm-finish', {
      what: 'SIGTERM with handlers (1-2 s) in flight: finish, flush deletes, hand back the prefetched, exit 0',
      messagesSent: ids.length,
      processed: result.processed,
      lost: result.lost,
      duplicates: result.duplicates,
      deletedBeforeFinish: result.deletedBeforeFinish,
      inFlightAtSignal,
      stopResult: stopped?.result,
      receiveCallsAfterSignal: receivesAfterSignal.length,
      exitCode: exit.code,
      signalToExitMs: exitMs,
      durationMs: Math.round(performance.now() - started),
    });
  });

  it('aborts handlers still running at the stop timeout; those that honour the signal keep their message; exits 0', async () => {
    const started = performance.now();
    const { queueUrl, ids } = await queueWith('h', 30);
    const worker = await startWorker('hanging', {
      SQS_ENDPOINT: server.endpoint,
      QUEUE_URL: queueUrl,
      CONCURRENCY: '5',
      WAIT: '20',
      VISIBILITY: '30',
      HANDLER_MS: 'hang',
      STOP_TIMEOUT_MS: '1000',
    });
    await worker.waitFor((r) => r.filter((x) => x.e === 'start').length >= 5, '5 hanging handlers');
    const signalledAt = Date.now();
    const exit = await signalWorker(worker, 'SIGTERM');
    const exitMs = Date.now() - signalledAt;
    const stopped = worker.of('stopped')[0];

    expect(exit.code).toBe(0);
    expect(stopped?.result).toMatchObject({ aborted: 5, abandoned: 0 });
    expect(worker.of('abort').map((r) => r.reason)).toEqual(Array(5).fill('StopTimeoutError'));
    expect(worker.of('deleted')).toEqual([]);
    expect(exitMs).toBeGreaterThanOrEqual(900);

    // The aborted messages come back (retry backoff: 1 s) with the rest; a second process finishes all.
    const second = await drain(queueUrl, ids, worker);
    const result = reconcile(ids, [worker, second]);
    expect(result).toMatchObject({ lost: 0, duplicates: 0, deletedBeforeFinish: 0, processed: ids.length });
    const abortedIds = new Set(worker.of('abort').map((r) => r.id));
    expect(second.of('start').filter((r) => abortedIds.has(r.id) && (r.rc ?? 0) >= 2)).toHaveLength(5);

    writeResult('sigterm-abort', {
      what: 'SIGTERM with handlers hanging past the 1 s stop timeout: abort their signals, keep their messages, exit 0',
      messagesSent: ids.length,
      processed: result.processed,
      lost: result.lost,
      duplicates: result.duplicates,
      stopResult: stopped?.result,
      exitCode: exit.code,
      signalToExitMs: exitMs,
      durationMs: Math.round(performance.now() - started),
    });
  });
});
