/**
 * The listener against a real ElasticMQ: routing, statuses, unrecognized payloads, batching,
 * concurrency, retry backoff, FIFO order and graceful stop (spec §7).
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { DeleteMessageBatchCommand, DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  dataSubscriber,
  encodeBody,
  eventSubscriber,
  messageSubscriber,
  PayloadBuilder,
  ProcessStatus,
  RetriableError,
  type SubscriberMiddleware,
} from '@sqs-mega/core';
import { startElasticMQ, type ElasticMQServer } from '@sqs-mega/local';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HandlerFailedError, HandlerTimeoutError, SqsListener, StopTimeoutError, type SqsListenerOptions } from '../src/index.js';
import { clientFor, createQueue, delay, nextEvents, queueCounts, sendBodies, waitUntil } from './helpers/listener-harness.js';

let server: ElasticMQServer;
let sqs: SQSClient;
const listeners: SqsListener[] = [];

beforeAll(async () => {
  server = await startElasticMQ({ startTimeoutMs: 60_000 });
  sqs = clientFor(server);
}, 90_000);

afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => l.stop({ timeoutMs: 1_000, abortGraceMs: 200 })));
});

afterAll(async () => {
  sqs?.destroy();
  await server?.stop();
});

/** A listener with test-friendly timings, stopped after each test. */
function listen(queueUrl: string, options: Partial<SqsListenerOptions> = {}, client: SQSClient = sqs): SqsListener {
  const listener = new SqsListener({ queueUrl, client, waitTimeSeconds: 1, visibilityTimeout: 5, logger: false, ...options });
  listeners.push(listener);
  return listener;
}

function megaEvent(name: string, current: Record<string, unknown> = { id: 1 }): string {
  return encodeBody(new PayloadBuilder().withEvent({ name, domain: 'accounts' }).withObject({ current }).build());
}

/** Counts the calls of each command the client sends (an SDK middleware; nothing is changed). */
function countCommands(client: SQSClient): Map<string, number> {
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => (args) => {
      const name = context.commandName ?? 'unknown';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: `count-${Math.random()}` },
  );
  return counts;
}

describe('SqsListener routing', () => {
  it('gives each message to every matching subscriber, decoded once, through the middleware', async () => {
    const queueUrl = await createQueue(sqs);
    const seen: string[] = [];
    const wrapped: string[] = [];
    const middleware: SubscriberMiddleware = async (invocation, next) => {
      wrapped.push(`${invocation.name}:${invocation.context.messageId.length > 0}`);
      return next();
    };
    const listener = listen(queueUrl, { middleware: [middleware] });
    listener.register(eventSubscriber({ name: 'user.updated' }, (p) => void seen.push(`byName:${p.event.name}`), { name: 'byName' }));
    listener.register(eventSubscriber({ domain: 'accounts' }, (p, ctx) => void seen.push(`byDomain:${ctx.receiveCount}:${p.object?.current['id']}`), { name: 'byDomain' }));
    listener.register(eventSubscriber({ name: 'order.placed' }, () => void seen.push('never')));
    listener.register(dataSubscriber({ type: 'note' }, (data) => void seen.push(`data:${data['text']}`), { name: 'notes' }));
    const deleted = nextEvents(listener, 'deleted', 2);
    listener.start();
    await sendBodies(sqs, queueUrl, [megaEvent('user.updated', { id: 7 }), '{"type": "note", "text": "hi"}']);
    await deleted;
    expect(seen.sort()).toEqual(['byDomain:1:7', 'byName:user.updated', 'data:hi']);
    expect(wrapped.sort()).toEqual(['byDomain:true', 'byName:true', 'notes:true']);
    expect(await queueCounts(sqs, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('unwraps SNS envelopes and passes message attributes to subscribers', async () => {
    const queueUrl = await createQueue(sqs);
    const listener = listen(queueUrl);
    const got: unknown[] = [];
    listener.register(
      eventSubscriber({ name: 'user.created' }, (payload, ctx) => {
        got.push(payload.event.name, ctx.decoded.sns?.topicArn, ctx.messageAttributes['tenant']?.stringValue);
      }),
    );
    const envelope = JSON.stringify({
      Type: 'Notification',
      MessageId: 'sns-1',
      TopicArn: 'arn:aws:sns:us-east-1:000000000000:users',
      Message: megaEvent('user.created'),
      Timestamp: '2024-01-01T00:00:00.000Z',
    });
    const deleted = nextEvents(listener, 'deleted');
    listener.start();
    await sendBodies(sqs, queueUrl, [envelope], () => ({
      MessageAttributes: { tenant: { DataType: 'String', StringValue: 'acme' } },
    }));
    await deleted;
    expect(got).toEqual(['user.created', 'arn:aws:sns:us-east-1:000000000000:users', 'acme']);
  });
});

describe('SqsListener attributes asked for', () => {
  async function attributesSeen(options: Partial<SqsListenerOptions>, fifo = false) {
    const queueUrl = await createQueue(sqs, { fifo });
    const listener = listen(queueUrl, options);
    const seen: { attributes: string[]; messageAttributes: string[]; receiveCount: number }[] = [];
    listener.register(
      eventSubscriber({ name: 'user.created' }, (_payload, ctx) => {
        seen.push({ attributes: Object.keys(ctx.attributes).sort(), messageAttributes: Object.keys(ctx.messageAttributes).sort(), receiveCount: ctx.receiveCount });
      }),
    );
    const deleted = nextEvents(listener, 'deleted');
    listener.start();
    await sendBodies(sqs, queueUrl, [megaEvent('user.created')], () => ({
      MessageAttributes: { tenant: { DataType: 'String', StringValue: 'acme' }, 'trace.id': { DataType: 'String', StringValue: 't1' } },
      ...(fifo ? { MessageGroupId: 'g1' } : {}),
    }));
    await deleted;
    return seen[0]!;
  }

  it('asks for every attribute by default', async () => {
    const seen = await attributesSeen({});
    expect(seen.attributes).toEqual(expect.arrayContaining(['ApproximateReceiveCount', 'SenderId', 'SentTimestamp']));
    expect(seen.messageAttributes).toEqual(['tenant', 'trace.id']);
  });

  it('asks only for the named ones, plus the receive count (and the group on FIFO queues) it needs itself', async () => {
    const seen = await attributesSeen({ attributeNames: ['SentTimestamp'], messageAttributeNames: ['tenant'] });
    expect(seen.attributes).toEqual(['ApproximateReceiveCount', 'SentTimestamp']);
    expect(seen.messageAttributes).toEqual(['tenant']);
    expect(seen.receiveCount).toBe(1);

    const fifo = await attributesSeen({ attributeNames: [], messageAttributeNames: [] }, true);
    expect(fifo.attributes).toEqual(['ApproximateReceiveCount', 'MessageGroupId']);
    expect(fifo.messageAttributes).toEqual([]);
  });

  it('refuses attribute names that are not an array of names, saying what it expected', () => {
    for (const attributeNames of ['All', [''], [1]]) {
      expect(() => new SqsListener({ queueUrl: 'http://127.0.0.1:1/q', attributeNames: attributeNames as never })).toThrow(/attributeNames.*expected an array of attribute names/);
    }
    expect(() => new SqsListener({ queueUrl: 'http://127.0.0.1:1/q', messageAttributeNames: 'All' as never })).toThrow(/messageAttributeNames/);
  });
});

describe('SqsListener statuses', () => {
  it('deletes on DONE, nothing returned, FATAL_ERROR and an unmapped throw; keeps on RETRY_LATER and RETRIABLE_ERROR', async () => {
    const queueUrl = await createQueue(sqs);
    class Timeout extends Error {}
    const listener = listen(queueUrl, { isRetriable: (e) => e instanceof RetriableError || e instanceof Timeout, retryBackoff: { baseSeconds: 60 } });
    const behaviours: Record<string, () => unknown> = {
      done: () => ProcessStatus.DONE,
      nothing: () => undefined,
      fatal: () => ProcessStatus.FATAL_ERROR,
      throws: () => {
        throw new Error('boom');
      },
      later: () => ProcessStatus.RETRY_LATER,
      retriable: () => ProcessStatus.RETRIABLE_ERROR,
      retriableThrow: () => {
        throw new RetriableError('database down');
      },
      mappedThrow: () => Promise.reject(new Timeout('slow')),
    };
    listener.register(dataSubscriber(undefined, (data) => behaviours[data['case'] as string]!() as never));
    const errors: unknown[] = [];
    listener.on('error', (e) => errors.push(e));
    const processed = nextEvents(listener, 'processed', 8);
    const retries = nextEvents(listener, 'retry', 4);
    const deleted = nextEvents(listener, 'deleted', 4);
    listener.start();
    await sendBodies(sqs, queueUrl, Object.keys(behaviours).map((c) => JSON.stringify({ case: c })));
    const byCase = new Map((await processed).map((p) => [JSON.parse(p.message.body).case as string, p.outcome]));
    expect(Object.fromEntries([...byCase].map(([c, o]) => [c, [o.outcomes[0]?.status, o.action]]))).toEqual({
      done: ['DONE', 'delete'],
      nothing: ['DONE', 'delete'],
      fatal: ['FATAL_ERROR', 'delete'],
      throws: ['FATAL_ERROR', 'delete'],
      later: ['RETRY_LATER', 'keep'],
      retriable: ['RETRIABLE_ERROR', 'keep'],
      retriableThrow: ['RETRIABLE_ERROR', 'keep'],
      mappedThrow: ['RETRIABLE_ERROR', 'keep'],
    });
    expect((await retries).map((r) => r.visibilityTimeoutSeconds)).toEqual([60, 60, 60, 60]);
    expect((await deleted).map((d) => JSON.parse(d.message.body).case).sort()).toEqual(['done', 'fatal', 'nothing', 'throws']);
    await waitUntil(() => errors.length === 3, 5_000, 'three handler errors');
    expect(errors.every((e) => e instanceof HandlerFailedError)).toBe(true);
    expect(errors.map((e) => (e as HandlerFailedError).status).sort()).toEqual(['FATAL_ERROR', 'RETRIABLE_ERROR', 'RETRIABLE_ERROR']);
    await waitUntil(() => listener.stats.deleted === 4, 5_000, 'deletes');
    expect(await queueCounts(sqs, queueUrl)).toEqual({ visible: 0, inFlight: 4 });
  });

  it('deletes a message only when every subscriber is finished; otherwise all of them get it again', async () => {
    const queueUrl = await createQueue(sqs);
    const listener = listen(queueUrl, { retryBackoff: { baseSeconds: 0 } });
    const calls: string[] = [];
    listener.register(eventSubscriber({ name: 'user.updated' }, () => void calls.push('a'), { name: 'a' }));
    listener.register(
      eventSubscriber({ name: 'user.updated' }, (_p, ctx) => {
        calls.push(`b${ctx.receiveCount}`);
        return ctx.receiveCount < 2 ? ProcessStatus.RETRY_LATER : ProcessStatus.DONE;
      }),
    );
    const deleted = nextEvents(listener, 'deleted');
    listener.start();
    await sendBodies(sqs, queueUrl, [megaEvent('user.updated')]);
    await deleted;
    expect(calls.sort()).toEqual(['a', 'a', 'b1', 'b2']);
    expect(listener.stats).toMatchObject({ received: 2, processed: 2, retried: 1, deleted: 1 });
  });
});

describe('SqsListener interruptions', () => {
  it('aborts a handler after handlerTimeoutMs; an interrupted handler keeps its message, whatever isRetriable says', async () => {
    const queueUrl = await createQueue(sqs);
    const listener = listen(queueUrl, { handlerTimeoutMs: 200, isRetriable: () => false, retryBackoff: { baseSeconds: 60 } });
    const reasons: unknown[] = [];
    listener.register(
      dataSubscriber(undefined, async (data, { signal }) => {
        signal.addEventListener('abort', () => reasons.push(signal.reason));
        if (data['how'] === 'sleep') await sleepFor(10_000, undefined, { signal }); // rejects with an AbortError
        await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      }),
    );
    const errors: unknown[] = [];
    listener.on('error', (e) => errors.push(e));
    const retries = nextEvents(listener, 'retry', 2);
    const started = performance.now();
    listener.start();
    await sendBodies(sqs, queueUrl, ['{"how": "sleep"}', '{"how": "rethrow"}']);
    const kept = await retries;
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(kept.map((r) => r.outcome.outcomes[0]?.status)).toEqual(['RETRIABLE_ERROR', 'RETRIABLE_ERROR']);
    expect(reasons).toHaveLength(2);
    expect(reasons.every((r) => r instanceof HandlerTimeoutError)).toBe(true);
    expect(errors.filter((e) => e instanceof HandlerFailedError)).toHaveLength(2);
    expect(listener.stats.deleted).toBe(0);
  });
});

describe('SqsListener unrecognized payloads', () => {
  const bodies = ['plain text', 'AQIDBA==', megaEvent('nobody.listens'), '{"kind": "unmatched"}'];

  it('ignores and deletes them by default', async () => {
    const queueUrl = await createQueue(sqs);
    const listener = listen(queueUrl);
    listener.register(eventSubscriber({ name: 'user.updated' }, () => ProcessStatus.RETRY_LATER));
    const processed = nextEvents(listener, 'processed', bodies.length);
    const deleted = nextEvents(listener, 'deleted', bodies.length);
    listener.start();
    await sendBodies(sqs, queueUrl, bodies);
    expect((await processed).every((p) => p.outcome.unrecognized && p.outcome.action === 'delete')).toBe(true);
    await deleted;
  });

  it('hands them to a custom handler, whose status settles them', async () => {
    const queueUrl = await createQueue(sqs);
    const kinds: string[] = [];
    const listener = listen(queueUrl, {
      unrecognized: {
        handle: (decoded) => {
          kinds.push(decoded.kind);
          return decoded.kind === 'binary' ? ProcessStatus.RETRY_LATER : ProcessStatus.DONE;
        },
      },
      retryBackoff: { baseSeconds: 60 },
    });
    const processed = nextEvents(listener, 'processed', bodies.length);
    listener.start(); // no subscriber needed: the handler decides
    await sendBodies(sqs, queueUrl, bodies);
    const outcomes = await processed;
    expect(kinds.sort()).toEqual(['binary', 'data', 'mega', 'plaintext']);
    expect(outcomes.filter((o) => o.outcome.action === 'keep').map((o) => o.message.body)).toEqual(['AQIDBA==']);
  });

  it('transforms them into data objects routed like any other', async () => {
    const queueUrl = await createQueue(sqs);
    const got: unknown[] = [];
    const listener = listen(queueUrl, {
      unrecognized: { transform: (decoded) => (decoded.kind === 'plaintext' ? { type: 'text', text: decoded.text } : undefined) },
    });
    listener.register(dataSubscriber({ type: 'text' }, (data) => void got.push(data)));
    const deleted = nextEvents(listener, 'deleted', bodies.length);
    listener.start();
    await sendBodies(sqs, queueUrl, bodies);
    await deleted;
    expect(got).toEqual([{ type: 'text', text: 'plain text' }]);
  });
});

describe('SqsListener throughput machinery', () => {
  it('batches deletes with DeleteMessageBatch (10 per call) and never deletes one by one', async () => {
    const client = clientFor(server);
    const counts = countCommands(client);
    const queueUrl = await createQueue(sqs);
    const listener = listen(queueUrl, { concurrency: 20, deleteBatchDelayMs: 20 }, client);
    listener.register(messageSubscriber(undefined, () => undefined));
    await sendBodies(sqs, queueUrl, Array.from({ length: 60 }, (_, i) => `m${i}`));
    const deleted = nextEvents(listener, 'deleted', 60);
    listener.start();
    await deleted;
    expect(counts.get(DeleteMessageCommand.name) ?? 0).toBe(0);
    expect(counts.get(DeleteMessageBatchCommand.name)).toBeLessThanOrEqual(12);
    expect(await queueCounts(sqs, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
    client.destroy();
  });

  it('handles up to `concurrency` (above 10) messages at once, refilling slots without waiting for a batch', async () => {
    const queueUrl = await createQueue(sqs);
    const listener = listen(queueUrl, { concurrency: 25 });
    let running = 0;
    let peak = 0;
    listener.register(
      messageSubscriber(undefined, async (decoded) => {
        running++;
        peak = Math.max(peak, running);
        // One slow message per batch must not hold the others back.
        await delay(decoded.kind === 'plaintext' && decoded.text === 'slow' ? 1_500 : 100);
        running--;
      }),
    );
    const bodies = Array.from({ length: 100 }, (_, i) => (i === 0 ? 'slow' : `m${i}`));
    await sendBodies(sqs, queueUrl, bodies);
    const deleted = nextEvents(listener, 'deleted', 100);
    const started = performance.now();
    listener.start();
    await deleted;
    const elapsed = performance.now() - started;
    expect(peak).toBe(25);
    // 99 fast messages over 24 free slots: ~5 rounds of 100 ms, while the slow one runs 1.5 s.
    expect(elapsed).toBeLessThan(2_500);
    expect(listener.stats.receiveCalls).toBeGreaterThanOrEqual(5);
  });

  it('keeps many receives in flight at high concurrency without Node warnings', async () => {
    const queueUrl = await createQueue(sqs);
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const listener = listen(queueUrl, { concurrency: 150 });
      listener.register(messageSubscriber(undefined, () => delay(50)));
      await sendBodies(sqs, queueUrl, Array.from({ length: 300 }, (_, i) => `m${i}`));
      const deleted = nextEvents(listener, 'deleted', 300);
      listener.start();
      await deleted;
      expect(warnings.map((w) => w.message)).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('does not hoard messages when handlers are slow: another consumer of the queue gets its share', async () => {
    const queueUrl = await createQueue(sqs);
    const handledBy = { first: 0, second: 0 };
    const consumer = (name: keyof typeof handledBy) => {
      const listener = listen(queueUrl, { concurrency: 2 });
      listener.register(
        messageSubscriber(undefined, async () => {
          await delay(600);
          handledBy[name]++;
        }),
      );
      return listener;
    };
    const first = consumer('first');
    const second = consumer('second');
    await sendBodies(sqs, queueUrl, Array.from({ length: 16 }, (_, i) => `m${i}`));
    const done = Promise.all([nextEvents(first, 'processed', 1), nextEvents(second, 'processed', 1)]);
    first.start();
    await delay(300); // the first consumer has had the queue to itself for a while
    second.start();
    await done;
    await waitUntil(() => handledBy.first + handledBy.second === 16, 15_000, 'all 16 handled');
    expect(handledBy.second).toBeGreaterThanOrEqual(6);
  });

  it('sets the visibility of a kept message by exponential backoff on its receive count', async () => {
    const queueUrl = await createQueue(sqs);
    const listener = listen(queueUrl, { visibilityTimeout: 30, retryBackoff: { baseSeconds: 1, factor: 2 } });
    const deliveries: { at: number; count: number }[] = [];
    listener.register(
      messageSubscriber(undefined, (_d, ctx) => {
        deliveries.push({ at: performance.now(), count: ctx.receiveCount });
        return ctx.receiveCount < 3 ? ProcessStatus.RETRY_LATER : ProcessStatus.DONE;
      }),
    );
    const retries = nextEvents(listener, 'retry', 2);
    const deleted = nextEvents(listener, 'deleted');
    listener.start();
    await sendBodies(sqs, queueUrl, ['again']);
    await deleted;
    expect((await retries).map((r) => r.visibilityTimeoutSeconds)).toEqual([1, 2]);
    expect(deliveries.map((d) => d.count)).toEqual([1, 2, 3]);
    const gaps = [deliveries[1]!.at - deliveries[0]!.at, deliveries[2]!.at - deliveries[1]!.at];
    // 1 s then 2 s (not the 30 s visibility timeout), give or take a long-poll round trip.
    expect(gaps[0]).toBeGreaterThan(900);
    expect(gaps[0]).toBeLessThan(2_500);
    expect(gaps[1]).toBeGreaterThan(1_900);
    expect(gaps[1]).toBeLessThan(3_500);
  });
});

describe('SqsListener on FIFO queues', () => {
  it('processes each message group strictly in order, different groups in parallel', async () => {
    const queueUrl = await createQueue(sqs, { fifo: true });
    const listener = listen(queueUrl, { concurrency: 10 });
    const order = new Map<string, number[]>();
    let running = 0;
    let peak = 0;
    const busyGroups = new Set<string>();
    let overlapInGroup = false;
    listener.register(
      dataSubscriber(undefined, async (data, ctx) => {
        const group = ctx.attributes['MessageGroupId']!;
        if (busyGroups.has(group)) overlapInGroup = true;
        busyGroups.add(group);
        running++;
        peak = Math.max(peak, running);
        await delay(5 + Math.random() * 15);
        order.set(group, [...(order.get(group) ?? []), data['seq'] as number]);
        running--;
        busyGroups.delete(group);
      }),
    );
    const groups = ['a', 'b', 'c', 'd'];
    const bodies = Array.from({ length: 60 }, (_, i) => JSON.stringify({ seq: i }));
    await sendBodies(sqs, queueUrl, bodies, (i) => ({ MessageGroupId: groups[i % groups.length]! }));
    const deleted = nextEvents(listener, 'deleted', 60, 20_000);
    listener.start();
    await deleted;
    expect(overlapInGroup).toBe(false);
    expect(peak).toBeGreaterThan(1);
    for (const [group, seqs] of order) {
      expect(seqs, `group ${group}`).toEqual([...seqs].sort((x, y) => x - y));
      expect(seqs).toHaveLength(15);
    }
  });

  it('keeps the order of a group when a message is kept: the group waits for its redelivery', async () => {
    const queueUrl = await createQueue(sqs, { fifo: true });
    const listener = listen(queueUrl, { retryBackoff: { baseSeconds: 1 } });
    const done: number[] = [];
    listener.register(
      dataSubscriber(undefined, (data, ctx) => {
        const seq = data['seq'] as number;
        if (seq === 2 && ctx.receiveCount === 1) return ProcessStatus.RETRY_LATER;
        done.push(seq);
        return ProcessStatus.DONE;
      }),
    );
    const released = nextEvents(listener, 'released', 1);
    const deleted = nextEvents(listener, 'deleted', 6, 20_000);
    await sendBodies(sqs, queueUrl, [1, 2, 3, 4, 5, 6].map((seq) => JSON.stringify({ seq })), () => ({ MessageGroupId: 'g' }));
    listener.start();
    await deleted;
    expect((await released)[0]?.reason).toBe('fifo-order');
    expect(done).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('SqsListener.stop', () => {
  it('stops receiving, lets running handlers finish, flushes deletes, hands back waiting messages, then resolves', async () => {
    const queueUrl = await createQueue(sqs);
    const listener = listen(queueUrl, { concurrency: 3, prefetch: 3 });
    let finished = 0;
    listener.register(
      messageSubscriber(undefined, async () => {
        await delay(700);
        finished++;
      }),
    );
    await sendBodies(sqs, queueUrl, Array.from({ length: 6 }, (_, i) => `m${i}`));
    listener.start();
    await waitUntil(() => listener.stats.handling === 3 && listener.stats.waiting === 3, 5_000, '3 running, 3 waiting');
    const startedStop = performance.now();
    const result = await listener.stop();
    expect(performance.now() - startedStop).toBeGreaterThan(400);
    expect(result).toEqual({ aborted: 0, abandoned: 0, released: 3 });
    expect(finished).toBe(3);
    expect(listener.state).toBe('stopped');
    expect(listener.stats).toMatchObject({ deleted: 3, released: 3, handling: 0, waiting: 0 });
    // The three handled are gone, the three handed back are visible right away.
    expect(await queueCounts(sqs, queueUrl)).toEqual({ visible: 3, inFlight: 0 });
  });

  it('aborts handlers still running at the timeout, with a StopTimeoutError as the signal reason', async () => {
    const queueUrl = await createQueue(sqs);
    const listener = listen(queueUrl, { prefetch: 0 });
    const reasons: unknown[] = [];
    listener.register(
      messageSubscriber(undefined, (_d, { signal }) => {
        return new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            reasons.push(signal.reason);
            resolve(ProcessStatus.RETRY_LATER);
          });
        });
      }),
    );
    const received = nextEvents(listener, 'received', 2);
    listener.start();
    await sendBodies(sqs, queueUrl, ['a', 'b']);
    await received;
    const result = await listener.stop({ timeoutMs: 300 });
    expect(result).toEqual({ aborted: 2, abandoned: 0, released: 0 });
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toBeInstanceOf(StopTimeoutError);
    expect(listener.stats.retried).toBe(2);
  });

  it('resolves even when a handler ignores its signal, leaving that message to SQS', async () => {
    const queueUrl = await createQueue(sqs);
    const listener = listen(queueUrl);
    listener.register(messageSubscriber(undefined, () => new Promise(() => undefined)));
    const received = nextEvents(listener, 'received');
    listener.start();
    await sendBodies(sqs, queueUrl, ['stuck']);
    await received;
    expect(await listener.stop({ timeoutMs: 100, abortGraceMs: 100 })).toEqual({ aborted: 1, abandoned: 1, released: 0 });
    expect(listener.stats.deleted).toBe(0);
  });

  it('emits idle once the queue is drained, and the events unsubscribe', async () => {
    const queueUrl = await createQueue(sqs);
    const listener = listen(queueUrl);
    let received = 0;
    listener.register(messageSubscriber(undefined, () => undefined));
    const off = listener.on('received', () => received++);
    const idle = nextEvents(listener, 'idle');
    await sendBodies(sqs, queueUrl, ['x']);
    listener.start();
    await idle;
    expect(received).toBe(1);
    off();
    const deleted = nextEvents(listener, 'deleted');
    await sendBodies(sqs, queueUrl, ['y']);
    await deleted;
    expect(received).toBe(1);
  });

  it('ends a long poll in flight at once; a message the server gave the aborted poll comes back after its visibility timeout', async () => {
    const queueUrl = await createQueue(sqs);
    const listener = listen(queueUrl, { waitTimeSeconds: 20, visibilityTimeout: 1 });
    listener.register(messageSubscriber(undefined, () => undefined));
    listener.start();
    await delay(300);
    const started = performance.now();
    await listener.stop();
    expect(performance.now() - started).toBeLessThan(1_000);
    // The server cannot tell that the poll was abandoned: it may still hand it a message, which is
    // then invisible for the listener's visibility timeout — delayed, never lost.
    await sendBodies(sqs, queueUrl, ['after']);
    let bodies: (string | undefined)[] = [];
    const deadline = performance.now() + 5_000;
    while (bodies.length === 0 && performance.now() < deadline) {
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
      bodies = Messages?.map((m) => m.Body) ?? [];
    }
    expect(bodies).toEqual(['after']);
  });
});
