/**
 * The Lambda handler on records built from messages really received from ElasticMQ:
 * partial batch responses, the listener's statuses and unrecognized policy, FIFO short-circuit,
 * bounded concurrency, the invocation's deadline, and that a record returned as a failure is the
 * one SQS delivers again.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  encodeBody,
  eventSubscriber,
  messageSubscriber,
  PayloadBuilder,
  ProcessStatus,
  RetriableError,
  type MessageContext,
  type ProcessResult,
} from '@sqs-mega/core';
import { startElasticMQ, type ElasticMQServer } from '@sqs-mega/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsListener } from '../src/index.js';
import { createSqsHandler, HandlerFailedError, LambdaDeadlineError, type SqsHandlerOptions } from '../src/lambda/index.js';
import { clientFor, createQueue, delay, nextEvents, queueCounts, sendBodies } from './helpers/listener-harness.js';
import {
  eventSourceQueue,
  failedIds,
  idsByName,
  lambdaContext,
  nameOf,
  receiveRecords,
  settleLikeLambda,
  type EventSourceQueue,
} from './helpers/lambda-records.js';

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

function megaEvent(name: string, current: Record<string, unknown> = { id: 1 }): string {
  return encodeBody(new PayloadBuilder().withEvent({ name, domain: 'tests' }).withObject({ current }).build());
}

/** A fresh queue as an event source, with `bodies` sent to it (optionally one FIFO group per body). */
async function queueWith(bodies: readonly string[], options: { fifo?: boolean; groupOf?: (index: number) => string } = {}): Promise<EventSourceQueue> {
  const queueUrl = await createQueue(sqs, { fifo: options.fifo ?? false });
  const groupOf = options.groupOf;
  await sendBodies(sqs, queueUrl, bodies, groupOf === undefined ? () => ({}) : (i) => ({ MessageGroupId: groupOf(i) }));
  return eventSourceQueue(sqs, queueUrl);
}

/** The handler with a logger that collects what it reports. */
function handlerWith(options: SqsHandlerOptions): { handler: ReturnType<typeof createSqsHandler>; logged: unknown[] } {
  const logged: unknown[] = [];
  const handler = createSqsHandler({ logger: { error: (_message, error) => void logged.push(error) }, ...options });
  return { handler, logged };
}

/** Statuses by event name: what the subscribers of these tests do. */
const byName = (name: string): ProcessResult => {
  switch (name) {
    case 'done':
      return ProcessStatus.DONE;
    case 'fatal':
      return ProcessStatus.FATAL_ERROR;
    case 'retry':
      return ProcessStatus.RETRY_LATER;
    case 'retriable':
      return ProcessStatus.RETRIABLE_ERROR;
    case 'throws':
      throw new Error('boom');
    case 'throws-retriable':
      throw new RetriableError('database down');
    default:
      return undefined;
  }
};

describe('createSqsHandler: partial batch responses', () => {
  it('lists only the records a subscriber keeps: DONE, FATAL_ERROR and plain throws are finished with', async () => {
    const names = ['done', 'fatal', 'retry', 'retriable', 'throws', 'throws-retriable', 'nothing'];
    const queue = await queueWith(names.map((n) => megaEvent(n)));
    const records = await receiveRecords(queue, names.length);
    const ids = idsByName(records);
    const { handler, logged } = handlerWith({ subscribers: [eventSubscriber({ domain: 'tests' }, (p) => byName(p.event.name), { name: 'byName' })] });

    const response = await handler({ Records: records }, lambdaContext(60_000));

    expect(failedIds(response)).toEqual(['retry', 'retriable', 'throws-retriable'].map((n) => ids.get(n)!).sort());
    expect(logged).toHaveLength(2);
    expect(logged.every((e) => e instanceof HandlerFailedError)).toBe(true);
    expect(logged.map((e) => (e as HandlerFailedError).status).sort()).toEqual(['FATAL_ERROR', 'RETRIABLE_ERROR']);
  });

  it('gives subscribers the context the listener gives: id, receive count, attributes, message attributes as bytes', async () => {
    const queueUrl = await createQueue(sqs);
    await sendBodies(sqs, queueUrl, [megaEvent('done')], () => ({
      MessageAttributes: {
        tenant: { DataType: 'String', StringValue: 'acme' },
        priority: { DataType: 'Number', StringValue: '2' },
        blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
      },
    }));
    const queue = await eventSourceQueue(sqs, queueUrl);
    const [record] = await receiveRecords(queue, 1);
    const contexts: MessageContext[] = [];
    const handler = createSqsHandler({ subscribers: [eventSubscriber({ name: 'done' }, (_p, context) => void contexts.push(context))] });

    expect(await handler({ Records: [record!] })).toEqual({ batchItemFailures: [] });

    const [context] = contexts;
    expect(context).toMatchObject({ messageId: record!.messageId, body: record!.body, receiveCount: 1 });
    expect(context!.attributes['SentTimestamp']).toMatch(/^\d+$/);
    expect(context!.messageAttributes['tenant']).toEqual({ dataType: 'String', stringValue: 'acme' });
    expect(context!.messageAttributes['priority']).toEqual({ dataType: 'Number', stringValue: '2' });
    expect([...context!.messageAttributes['blob']!.binaryValue!]).toEqual([1, 2, 3]);
    expect(context!.decoded.kind).toBe('mega');
    expect(context!.signal.aborted).toBe(false);
  });

  it('settles every record as the listener does, given the same subscribers and bodies', async () => {
    const bodies = ['done', 'fatal', 'retry', 'retriable', 'throws', 'throws-retriable', 'nothing', 'other'].map((n) =>
      megaEvent(n, { n }),
    );
    bodies.push('plain text', '{"type": "data"}');
    const options = {
      isRetriable: (error: unknown) => error instanceof RetriableError,
      unrecognized: { handle: (decoded: { kind: string }) => (decoded.kind === 'plaintext' ? ProcessStatus.RETRY_LATER : undefined) },
    } as const;
    const subscribers = () => [
      eventSubscriber({ domain: 'tests', name: 'other' }, () => ProcessStatus.RETRY_LATER, { name: 'other' }),
      eventSubscriber({ domain: 'tests' }, (p) => byName(p.event.name), { name: 'byName' }),
    ];

    const listenerQueue = await createQueue(sqs);
    const listener = new SqsListener({ queueUrl: listenerQueue, client: sqs, waitTimeSeconds: 1, logger: false, retryBackoff: false, ...options });
    for (const subscriber of subscribers()) listener.register(subscriber);
    const processed = nextEvents(listener, 'processed', bodies.length, 30_000);
    listener.start();
    await sendBodies(sqs, listenerQueue, bodies);
    const listenerKept = (await processed)
      .filter((e) => e.outcome.action === 'keep')
      .map((e) => e.message.body)
      .sort();
    await listener.stop({ timeoutMs: 1_000 });

    const queue = await queueWith(bodies);
    const records = await receiveRecords(queue, bodies.length);
    const response = await createSqsHandler({ subscribers: subscribers(), logger: false, ...options })({ Records: records });
    const failed = new Set(failedIds(response));
    const lambdaKept = records.filter((r) => failed.has(r.messageId)).map((r) => r.body).sort();

    expect(lambdaKept).toEqual(listenerKept);
    expect(lambdaKept).toHaveLength(5); // retry, retriable, throws-retriable, other, plain text
  });

  it('returns a record as a failure, and that record is the one SQS delivers again', async () => {
    const queue = await queueWith(['ok-1', 'again', 'ok-2'].map((n) => megaEvent(n)));
    const records = await receiveRecords(queue, 3, { visibilityTimeout: 2 });
    const again = idsByName(records).get('again')!;
    let fail = true;
    const handler = createSqsHandler({
      subscribers: [eventSubscriber({ domain: 'tests' }, (p) => (p.event.name === 'again' && fail ? ProcessStatus.RETRY_LATER : ProcessStatus.DONE))],
    });

    const first = await handler({ Records: records });
    expect(failedIds(first)).toEqual([again]);
    await settleLikeLambda(queue, records, first);

    const [redelivered, ...more] = await receiveRecords(queue, 1, { visibilityTimeout: 2, timeoutMs: 20_000 });
    expect(more).toEqual([]);
    expect(redelivered).toMatchObject({ messageId: again, attributes: { ApproximateReceiveCount: '2' } });
    expect(nameOf(redelivered!)).toBe('again');
    fail = false;
    const second = await handler({ Records: [redelivered!] });
    expect(second.batchItemFailures).toEqual([]);
    await settleLikeLambda(queue, [redelivered!], second);
    expect(await queueCounts(sqs, queue.queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  }, 60_000);

  it('applies the unrecognized policy: deleted by default, kept when its handler says so, routed again after a transform', async () => {
    const queue = await queueWith(['just text', 'AQID', megaEvent('unknown.event')]);
    const records = await receiveRecords(queue, 3);
    const ids = idsByName(records);
    const subscribers = [eventSubscriber({ name: 'known.event' }, () => undefined)];

    expect(await createSqsHandler({ subscribers })({ Records: records })).toEqual({ batchItemFailures: [] });

    const handled: string[] = [];
    const keepText = createSqsHandler({
      subscribers,
      unrecognized: {
        handle: (decoded) => {
          handled.push(decoded.kind);
          return decoded.kind === 'plaintext' ? ProcessStatus.RETRY_LATER : ProcessStatus.DONE;
        },
      },
    });
    expect(failedIds(await keepText({ Records: records }))).toEqual([ids.get('just text')]);
    expect(handled.sort()).toEqual(['binary', 'mega', 'plaintext']);

    const transform = createSqsHandler({
      subscribers: [messageSubscriber({ kind: 'data' }, () => ProcessStatus.RETRY_LATER, { name: 'texts' })],
      unrecognized: { transform: (decoded) => (decoded.kind === 'plaintext' ? { text: decoded.text } : undefined) },
    });
    expect(failedIds(await transform({ Records: records }))).toEqual([ids.get('just text')]);
  });

  it('returns no failures for an empty event', async () => {
    const handler = createSqsHandler({ subscribers: [eventSubscriber({}, () => undefined)] });
    expect(await handler({ Records: [] }, lambdaContext(1_000))).toEqual({ batchItemFailures: [] });
  });
});

describe('createSqsHandler: FIFO queues', () => {
  it('runs each message group in order; after a kept record the rest of its group is returned unprocessed, other groups go on', async () => {
    const bodies = ['a1', 'a2', 'a3', 'b1', 'b2'].map((n) => megaEvent(n));
    const queue = await queueWith(bodies, { fifo: true, groupOf: (i) => (i < 3 ? 'A' : 'B') });
    const records = await receiveRecords(queue, 5, { visibilityTimeout: 2 });
    const ids = idsByName(records);
    const log: string[] = [];
    let keepA2 = true;
    const handler = createSqsHandler({
      concurrency: 10,
      subscribers: [
        eventSubscriber({ domain: 'tests' }, async (p) => {
          log.push(`start ${p.event.name}`);
          await delay(30);
          log.push(`end ${p.event.name}`);
          return p.event.name === 'a2' && keepA2 ? ProcessStatus.RETRY_LATER : ProcessStatus.DONE;
        }),
      ],
    });

    const response = await handler({ Records: records }, lambdaContext(60_000));

    expect(failedIds(response)).toEqual([ids.get('a2'), ids.get('a3')].sort());
    expect(log.filter((l) => l.includes(' a'))).toEqual(['start a1', 'end a1', 'start a2', 'end a2']);
    expect(log.filter((l) => l.includes(' b'))).toEqual(['start b1', 'end b1', 'start b2', 'end b2']);
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1')); // groups side by side

    // The event source mapping deletes the others; group A comes back, in order, from a2.
    await settleLikeLambda(queue, records, response);
    const redelivered = await receiveRecords(queue, 2, { visibilityTimeout: 2, timeoutMs: 20_000 });
    expect(redelivered.map((r) => r.messageId)).toEqual([ids.get('a2'), ids.get('a3')]);
    keepA2 = false;
    log.length = 0;
    expect(await handler({ Records: redelivered })).toEqual({ batchItemFailures: [] });
    expect(log).toEqual(['start a2', 'end a2', 'start a3', 'end a3']);
  }, 60_000);

  it('keeps going in a group after a FATAL_ERROR: the record is finished with, as in the listener', async () => {
    const queue = await queueWith(['f1', 'f2'].map((n) => megaEvent(n)), { fifo: true, groupOf: () => 'G' });
    const records = await receiveRecords(queue, 2);
    const seen: string[] = [];
    const handler = createSqsHandler({
      logger: false,
      subscribers: [
        eventSubscriber({ domain: 'tests' }, (p) => {
          seen.push(p.event.name);
          if (p.event.name === 'f1') throw new Error('not retriable');
        }),
      ],
    });
    expect(await handler({ Records: records })).toEqual({ batchItemFailures: [] });
    expect(seen).toEqual(['f1', 'f2']);
  });

  it('accepts records of several queues in one event: a group of one queue does not block the same group name in another', async () => {
    const one = await queueWith(['q1-1', 'q1-2'].map((n) => megaEvent(n)), { fifo: true, groupOf: () => 'G' });
    const two = await queueWith(['q2-1', 'q2-2'].map((n) => megaEvent(n)), { fifo: true, groupOf: () => 'G' });
    const standard = await queueWith([megaEvent('s-1')]);
    const records = [...(await receiveRecords(one, 2)), ...(await receiveRecords(two, 2)), ...(await receiveRecords(standard, 1))];
    const ids = idsByName(records);
    const seen: string[] = [];
    const handler = createSqsHandler({
      subscribers: [
        eventSubscriber({ domain: 'tests' }, (p) => {
          seen.push(p.event.name);
          return p.event.name === 'q1-1' ? ProcessStatus.RETRY_LATER : ProcessStatus.DONE;
        }),
      ],
    });

    const response = await handler({ Records: records });

    expect(failedIds(response)).toEqual([ids.get('q1-1'), ids.get('q1-2')].sort());
    expect(seen.sort()).toEqual(['q1-1', 'q2-1', 'q2-2', 's-1']);
  });
});

describe('createSqsHandler: concurrency and time', () => {
  it('handles at most `concurrency` records at once', async () => {
    const bodies = Array.from({ length: 10 }, (_, i) => megaEvent('work', { i }));
    const queue = await queueWith(bodies);
    const records = await receiveRecords(queue, 10);
    let running = 0;
    let most = 0;
    let calls = 0;
    const handler = createSqsHandler({
      concurrency: 3,
      subscribers: [
        eventSubscriber({ name: 'work' }, async () => {
          calls++;
          most = Math.max(most, ++running);
          await delay(20);
          running--;
        }),
      ],
    });
    expect(await handler({ Records: records }, lambdaContext(60_000))).toEqual({ batchItemFailures: [] });
    expect(calls).toBe(10);
    expect(most).toBe(3);
  });

  it('at the safety margin, aborts running handlers and returns the records not started as failures, unprocessed', async () => {
    const queue = await queueWith(['slow', 'next-1', 'next-2'].map((n) => megaEvent(n)));
    const records = await receiveRecords(queue, 3);
    const started: string[] = [];
    let reason: unknown;
    const { handler, logged } = handlerWith({
      concurrency: 1,
      safetyMarginMs: 1_000,
      subscribers: [
        eventSubscriber({ domain: 'tests' }, async (p, { signal }) => {
          started.push(p.event.name);
          await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
          reason = signal.reason;
          signal.throwIfAborted();
        }),
      ],
    });
    const slowFirst = [...records.filter((r) => nameOf(r) === 'slow'), ...records.filter((r) => nameOf(r) !== 'slow')];

    const response = await handler({ Records: slowFirst }, lambdaContext(1_500));

    expect(failedIds(response)).toEqual(records.map((r) => r.messageId).sort());
    expect(started).toEqual(['slow']);
    expect(reason).toBeInstanceOf(LambdaDeadlineError);
    expect(logged.filter((e) => e instanceof LambdaDeadlineError)).toHaveLength(1); // "2 of 3 records were not started"
  });

  it('starts nothing when the invocation begins inside the safety margin', async () => {
    const queue = await queueWith([megaEvent('late')]);
    const records = await receiveRecords(queue, 1);
    let calls = 0;
    const { handler } = handlerWith({ subscribers: [eventSubscriber({ name: 'late' }, () => void calls++)] });
    expect(failedIds(await handler({ Records: records }, lambdaContext(500)))).toEqual([records[0]!.messageId]);
    expect(calls).toBe(0);
  });

  it('gives up on a handler that ignores its signal, abortGraceMs after the margin, returning its record', async () => {
    const queue = await queueWith(['stuck', 'quick'].map((n) => megaEvent(n)));
    const records = await receiveRecords(queue, 2);
    const ids = idsByName(records);
    const { handler, logged } = handlerWith({
      safetyMarginMs: 1_000,
      abortGraceMs: 200,
      subscribers: [eventSubscriber({ domain: 'tests' }, (p) => (p.event.name === 'stuck' ? new Promise<undefined>(() => undefined) : undefined))],
    });
    const startedAt = Date.now();

    const response = await handler({ Records: records }, lambdaContext(1_400));

    expect(failedIds(response)).toEqual([ids.get('stuck')]);
    expect(Date.now() - startedAt).toBeLessThan(1_400); // returned before the invocation's end
    expect(logged).toHaveLength(1);
  });
});
