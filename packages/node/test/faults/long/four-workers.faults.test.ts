/**
 * Four listener processes on one queue while 10,000 messages are published concurrently (four
 * publishBatch calls at once): every message is processed at least once, none is deleted before
 * its handler finished, and the counts reconcile — the harness's, each process's listener stats,
 * and the queue's own (empty at the end).
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { startElasticMQ, type ElasticMQServer } from '@sqs-mega/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsPublisher } from '../../../src/index.js';
import { clientFor, createQueue, queueCounts } from '../../helpers/listener-harness.js';
import { eventually, finishedIds, reconcile, signalWorker, startWorker, stoppedStats, writeResult } from '../fault-harness.js';

const MESSAGES = Number(process.env['FAULTS_MESSAGES'] ?? 10_000);
const WORKERS = 4;
const PUBLISHERS = 4;

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

describe(`${WORKERS} listener processes, ${MESSAGES} messages published concurrently`, () => {
  it('processes every message at least once, deletes none before its handler finished, and the counts reconcile', async () => {
    const started = performance.now();
    const queueUrl = await createQueue(sqs);
    const workers = await Promise.all(
      Array.from({ length: WORKERS }, (_, w) =>
        startWorker(`w${w}`, { SQS_ENDPOINT: server.endpoint, QUEUE_URL: queueUrl, CONCURRENCY: '20', VISIBILITY: '30', WAIT: '2', HANDLER_MS: '0-10', STATS_EVERY_MS: '10000' }),
      ),
    );

    const ids = Array.from({ length: MESSAGES }, (_, i) => `m-${i}`);
    const publisher = new SqsPublisher({ queueUrl, client: clientFor(server) });
    const publishStarted = performance.now();
    const slices = Array.from({ length: PUBLISHERS }, (_, p) => ids.filter((_, i) => i % PUBLISHERS === p));
    const results = await Promise.all(slices.map((slice) => publisher.publishBatch(slice.map((id) => ({ id })), { concurrency: 4 })));
    const publishMs = performance.now() - publishStarted;
    publisher.client.destroy();
    expect(results.reduce((n, r) => n + r.succeeded, 0)).toBe(MESSAGES);

    const progress = setInterval(() => {
      const counts = workers.map((w) => `${w.name}: ${w.finished.size} finished, ${w.of('error').length} errors`).join('; ');
      console.log(`[four-workers] ${Math.round(performance.now() - started)} ms: ${finishedIds(workers).size}/${MESSAGES} (${counts})`);
      if (process.env['FAULTS_DEBUG']) {
        void queueCounts(sqs, queueUrl).then((c) => console.log(JSON.stringify(c)));
        for (const w of workers) console.log(w.name, JSON.stringify(w.of('stats').at(-1)), JSON.stringify(w.of('error')));
      }
    }, 10_000);
    try {
      await eventually(() => finishedIds(workers).size === MESSAGES, 'every message processed', Number(process.env['FAULTS_WAIT_MS'] ?? 240_000));
    } finally {
      clearInterval(progress);
    }
    await eventually(async () => {
      const c = await queueCounts(sqs, queueUrl);
      return c.visible === 0 && c.inFlight === 0;
    }, 'an empty queue (nothing visible, nothing in flight)');
    const processedMs = performance.now() - publishStarted;
    const exits = await Promise.all(workers.map((w) => signalWorker(w, 'SIGTERM')));
    expect(exits.map((e) => e.code)).toEqual(Array(WORKERS).fill(0));

    const result = reconcile(ids, workers);
    const stats = workers.map((w) => stoppedStats(w)!);
    const sum = (key: string) => stats.reduce((n, s) => n + (s[key] ?? 0), 0);
    const deletedIds = new Set(workers.flatMap((w) => w.of('deleted').map((r) => r.id)));
    expect(result).toMatchObject({ sent: MESSAGES, processed: MESSAGES, lost: 0, deletedBeforeFinish: 0, unknown: 0 });
    expect(deletedIds.size).toBe(MESSAGES);
    // Each process's own counters agree with what it reported, and with each other.
    expect(sum('processed')).toBe(MESSAGES + result.duplicates);
    expect(sum('received')).toBe(sum('processed') + sum('released'));
    // Every message deleted once; a duplicate's second delete may fail (its receipt handle is stale).
    expect(sum('deleted')).toBeGreaterThanOrEqual(MESSAGES);
    expect(sum('deleted')).toBeLessThanOrEqual(sum('processed'));
    expect(stats.every((s) => s['processed']! > 0)).toBe(true); // all four took part

    writeResult('four-workers', {
      what: `${WORKERS} listener processes (concurrency 20 each), ${MESSAGES} messages published by ${PUBLISHERS} concurrent publishBatch calls`,
      messagesSent: MESSAGES,
      processed: result.processed,
      lost: result.lost,
      duplicates: result.duplicates,
      deletedBeforeFinish: result.deletedBeforeFinish,
      handlerRuns: result.handlerStarts,
      perWorkerProcessed: stats.map((s) => s['processed']),
      listenerStatsSum: { received: sum('received'), processed: sum('processed'), deleted: sum('deleted'), released: sum('released'), receiveCalls: sum('receiveCalls') },
      queueAtEnd: { visible: 0, inFlight: 0 },
      publishMs: Math.round(publishMs),
      publishToAllProcessedMs: Math.round(processedMs),
      durationMs: Math.round(performance.now() - started),
    });
  });
});
