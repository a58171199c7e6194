/**
 * `dispatch` answers what a real `SqsListener` does: the same bodies, sent to ElasticMQ and consumed
 * by a listener with the same subscribers and options, are settled the same way — the same
 * statuses, the same unrecognized verdict, and the same action, which the queue then shows
 * (deleted, or still held for a retry).
 */
import {
  dataSubscriber,
  eventSubscriber,
  PayloadBuilder,
  ProcessStatus,
  RetriableError,
  type DispatchOutcome,
  type Subscriber,
  type SubscriberMiddleware,
} from '@sqs-mega/core';
import { describe, expect, it } from 'vitest';
import type { ConsumerOptions } from '../consume/consumer-options.js';
import { SqsListener } from '../listen/sqs-listener.js';
import { createQueue, queueCounts, sendBodies, useElasticMQ, waitUntil } from '../../test/helpers/listener-harness.js';
import { dispatch, type DispatchOptions, type TestMessage } from './index.js';

const local = useElasticMQ();

class Timeout extends Error {}

const subscribers: Subscriber[] = [
  eventSubscriber({ name: 'done' }, () => undefined, { name: 'done' }),
  eventSubscriber({ name: 'later' }, () => ProcessStatus.RETRY_LATER, { name: 'later' }),
  eventSubscriber({ name: 'retriable' }, () => {
    throw new RetriableError('database down');
  }, { name: 'retriable' }),
  eventSubscriber({ name: 'fatal' }, () => {
    throw new Error('bad payload');
  }, { name: 'fatal' }),
  eventSubscriber({ name: 'timeout' }, () => Promise.reject(new Timeout('took too long')), { name: 'timeout' }),
  eventSubscriber({ domain: 'audit' }, () => undefined, { name: 'audit' }),
  dataSubscriber({ type: 'note' }, () => undefined, { name: 'notes' }),
];

let serial = 0;
function event(name: string, domain = 'accounts'): TestMessage {
  return new PayloadBuilder().withEvent({ name, domain }).withObject({ current: { id: ++serial } }).build();
}

const cases: { what: string; message: TestMessage; options?: DispatchOptions }[] = [
  { what: 'a subscriber returning (DONE)', message: event('done') },
  { what: 'RETRY_LATER', message: event('later') },
  { what: 'a RetriableError', message: event('retriable') },
  { what: 'a plain throw (FATAL_ERROR)', message: event('fatal') },
  { what: 'a throw isRetriable accepts', message: event('timeout') },
  { what: 'two subscribers, one keeping', message: event('later', 'audit') },
  { what: 'a MEGA event no subscriber matches', message: event('nobody') },
  { what: 'plaintext', message: 'hello, queue' },
  { what: 'a data object in BSON', message: { type: 'note', id: ++serial }, options: { encoding: 'bson' } },
  { what: 'an SNS-wrapped event, kept', message: event('retriable'), options: { viaSns: true } },
  { what: 'an SNS-wrapped event, deleted', message: event('fatal'), options: { viaSns: { subject: 'orders' } } },
];

function statusesOf(outcome: DispatchOutcome): Record<string, string> {
  return Object.fromEntries(outcome.outcomes.map((o) => [o.name, o.status]));
}

/** Runs every case through `dispatch` and through a listener on ElasticMQ, both with `consumerOptions`. */
async function compareWithListener(consumerOptions: ConsumerOptions): Promise<void> {
  const expected = new Map<string, { what: string; outcome: DispatchOutcome }>();
  for (const { what, message, options } of cases) {
    const outcome = await dispatch(subscribers, message, { ...consumerOptions, ...options });
    expected.set(outcome.message.body, { what, outcome });
  }
  expect(expected.size).toBe(cases.length);

  const queueUrl = await createQueue(local.sqs);
  const listener = new SqsListener({
    queueUrl,
    client: local.sqs,
    waitTimeSeconds: 1,
    visibilityTimeout: 30,
    retryBackoff: { baseSeconds: 600 }, // kept messages stay invisible for the rest of the test
    deleteBatchDelayMs: 0,
    logger: false,
    ...consumerOptions,
  });
  for (const subscriber of subscribers) listener.register(subscriber);
  const seen = new Map<string, DispatchOutcome>();
  let deleted = 0;
  listener.on('processed', ({ message, outcome }) => void seen.set(message.body, outcome));
  listener.on('deleted', () => void deleted++);
  listener.start();
  try {
    await sendBodies(local.sqs, queueUrl, [...expected.keys()]);
    const deletes = [...expected.values()].filter((e) => e.outcome.action === 'delete').length;
    await waitUntil(() => seen.size === expected.size && deleted === deletes, 20_000, 'every body processed and deleted');
  } finally {
    await listener.stop({ timeoutMs: 1_000, abortGraceMs: 200 });
  }

  for (const [body, { what, outcome }] of expected) {
    const real = seen.get(body);
    expect(real, what).toBeDefined();
    expect({ what, action: real!.action, unrecognized: real!.unrecognized, statuses: statusesOf(real!) }).toEqual({
      what,
      action: outcome.action,
      unrecognized: outcome.unrecognized,
      statuses: statusesOf(outcome),
    });
  }
  // Deleted messages are gone; kept ones are still in the queue, held for their retry.
  const kept = [...expected.values()].filter((e) => e.outcome.action === 'keep').length;
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(cases.length);
  expect(await queueCounts(local.sqs, queueUrl)).toEqual({ visible: 0, inFlight: kept });
}

describe('dispatch and SqsListener', () => {
  it('settle the same bodies the same way with the default options, and the queue shows the action', async () => {
    await compareWithListener({});
  }, 60_000);

  it('settle the same bodies the same way with isRetriable, unrecognized and middleware set', async () => {
    const middleware: SubscriberMiddleware = async (_invocation, next) => {
      const status = await next();
      return status === ProcessStatus.RETRY_LATER ? ProcessStatus.DONE : status;
    };
    await compareWithListener({
      isRetriable: (error) => error instanceof Timeout,
      unrecognized: { handle: (decoded) => (decoded.kind === 'plaintext' ? ProcessStatus.RETRY_LATER : ProcessStatus.DONE) },
      middleware: [middleware],
    });
  }, 60_000);
});
