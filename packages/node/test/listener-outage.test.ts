/**
 * Receive errors for real: ElasticMQ is stopped while the listener runs, then started again on the
 * same port (its queues are gone, so the queue is created again). The listener must report errors,
 * back off instead of hot-looping, never stop polling, and recover on its own.
 */
import { createServer } from 'node:net';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { messageSubscriber } from '@sqs-mega/core';
import { startElasticMQ, type ElasticMQServer } from '@sqs-mega/local';
import { afterAll, describe, expect, it } from 'vitest';
import { ReceiveFailedError, SqsListener, type ListenerError } from '../src/index.js';
import { clientFor, createQueue, delay, nextEvents, queueCounts, sendBodies } from './helpers/listener-harness.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Counts the ReceiveMessage calls the client sends (its own retries not included). */
function countReceives(client: SQSClient): () => number {
  let receives = 0;
  client.middlewareStack.add(
    (next, context) => (args) => {
      if (context.commandName === 'ReceiveMessageCommand') receives++;
      return next(args);
    },
    { step: 'initialize', name: 'count-receives' },
  );
  return () => receives;
}

let server: ElasticMQServer | undefined;
let listener: SqsListener | undefined;
let client: SQSClient | undefined;

afterAll(async () => {
  await listener?.stop({ timeoutMs: 500, abortGraceMs: 100 });
  client?.destroy();
  await server?.stop();
});

describe('receive errors', () => {
  it('backs off with jitter while the server is down, keeps trying, and recovers when it is back', async () => {
    const port = await freePort();
    server = await startElasticMQ({ port, startTimeoutMs: 60_000 });
    client = clientFor(server);
    const receives = countReceives(client);
    const queueName = `outage-${port}`;
    const queueUrl = await createQueue(client, { name: queueName });

    listener = new SqsListener({
      queueUrl,
      client,
      concurrency: 20,
      waitTimeSeconds: 1,
      visibilityTimeout: 5,
      receiveErrorBackoff: { baseMs: 200, maxMs: 2_000 },
      logger: false,
    });
    const bodies: string[] = [];
    listener.register(messageSubscriber(undefined, (d) => void bodies.push(d.kind === 'plaintext' ? d.text : '?')));
    const errors: ListenerError[] = [];
    listener.on('error', (e) => errors.push(e));
    const before = nextEvents(listener, 'deleted', 5);
    listener.start();
    await sendBodies(client, queueUrl, ['a', 'b', 'c', 'd', 'e']);
    await before;

    // The outage: the server goes away with long polls in flight.
    await server.stop();
    const receivesAtOutage = receives();
    await delay(5_000);
    const receivesDuringOutage = receives() - receivesAtOutage;
    const receiveErrors = errors.filter((e): e is ReceiveFailedError => e instanceof ReceiveFailedError);

    // No hot loop: backoff 0.1–0.2 s, 0.2–0.4 s, 0.4–0.8 s, 0.8–1.6 s, 1–2 s… → a handful of probes in 5 s.
    expect(receivesDuringOutage).toBeGreaterThanOrEqual(3);
    expect(receivesDuringOutage).toBeLessThanOrEqual(12);
    expect(receiveErrors.length).toBeGreaterThanOrEqual(3);
    expect(receiveErrors.map((e) => e.consecutiveFailures)).toEqual(receiveErrors.map((_, i) => i + 1));
    expect(receiveErrors.every((e) => e.retryInMs >= 50 && e.retryInMs <= 2_000)).toBe(true);
    expect(listener.state).toBe('running');

    // The server is back on the same port, empty: the queue does not exist until it is created again.
    server = await startElasticMQ({ port, startTimeoutMs: 60_000 });
    await delay(1_000);
    expect(errors.at(-1)).toBeInstanceOf(ReceiveFailedError);
    await createQueue(client, { name: queueName });
    const recreatedAt = performance.now();
    const after = nextEvents(listener, 'deleted', 3, 10_000);
    await sendBodies(client, queueUrl, ['f', 'g', 'h']);
    await after;
    // Back to work within one backoff ceiling (2 s) of the queue existing again.
    const recoveredAfterMs = performance.now() - recreatedAt;
    expect(bodies.sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(await queueCounts(client, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
    expect(recoveredAfterMs).toBeLessThan(6_000);
  }, 120_000);
});
