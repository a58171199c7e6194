/**
 * The handler on hand-built events: what it refuses, how its types meet Lambda's, and the `fifo`
 * option. The behaviour on records received from a real queue is in test/lambda-*.test.ts.
 */
import { encodeBody, eventSubscriber, PayloadBuilder, ProcessStatus } from '@sqs-mega/core';
import { describe, expect, it } from 'vitest';
import { InvalidSqsEventError } from './lambda-errors.js';
import type { SqsEvent } from './lambda-event.js';
import { createSqsHandler, type SqsHandler } from './sqs-handler.js';

const fifoArn = 'arn:aws:sqs:eu-west-1:123456789012:orders.fifo';
const standardArn = 'arn:aws:sqs:eu-west-1:123456789012:orders';

function event(arn: string, names: readonly string[], groupId = 'g'): SqsEvent {
  return {
    Records: names.map((name, i) => ({
      messageId: `id-${name}`,
      body: encodeBody(new PayloadBuilder().withEvent({ name, timestamp: '2024-01-01T00:00:00Z' }).build()),
      attributes: { ApproximateReceiveCount: '1', MessageGroupId: groupId, SequenceNumber: String(i) },
      eventSource: 'aws:sqs',
      eventSourceARN: arn,
    })),
  };
}

/** Records which names ran, and keeps `keep`. */
function recorder(keep: string) {
  const seen: string[] = [];
  const subscriber = eventSubscriber({}, (payload) => {
    seen.push(payload.event.name);
    return payload.event.name === keep ? ProcessStatus.RETRY_LATER : ProcessStatus.DONE;
  });
  return { seen, subscriber };
}

describe('createSqsHandler on events that are not SQS events', () => {
  const handler = createSqsHandler({ subscribers: [eventSubscriber({}, () => undefined)] });
  const invalid: [string, unknown][] = [
    ['null', null],
    ['no Records', { detail: {} }],
    ['a record without messageId', { Records: [{ body: 'x' }] }],
    ['a record without body', { Records: [{ messageId: 'm' }] }],
    ['a Kinesis record', { Records: [{ messageId: 'm', body: 'x', eventSource: 'aws:kinesis' }] }],
  ];

  it.each(invalid)('throws InvalidSqsEventError for %s, before processing anything', async (_what, value) => {
    await expect(handler(value as SqsEvent)).rejects.toBeInstanceOf(InvalidSqsEventError);
    await expect(handler(value as SqsEvent)).rejects.toMatchObject({ code: 'LAMBDA_EVENT_INVALID' });
  });

  it('processes nothing when one record of the batch is malformed', async () => {
    const { seen, subscriber } = recorder('none');
    const records = [...event(standardArn, ['a']).Records, { messageId: '', body: 'x' }];
    await expect(createSqsHandler({ subscribers: [subscriber] })({ Records: records })).rejects.toBeInstanceOf(InvalidSqsEventError);
    expect(seen).toEqual([]);
  });
});

describe('createSqsHandler logger', () => {
  it('reports a throwing subscriber as a HandlerFailedError, and a throwing logger does not fail the batch', async () => {
    const failing = eventSubscriber({}, () => {
      throw new Error('boom');
    }, { name: 'failing' });
    const reported: unknown[] = [];
    const logged = createSqsHandler({ subscribers: [failing], logger: { error: (_message, error) => void reported.push(error) } });
    expect(await logged(event(standardArn, ['a']))).toEqual({ batchItemFailures: [] });
    expect(reported).toMatchObject([{ code: 'HANDLER_FAILED', subscriber: 'failing', status: 'FATAL_ERROR', messageId: 'id-a' }]);

    const throwing = createSqsHandler({ subscribers: [failing], logger: { error: () => { throw new Error('logger down'); } } });
    expect(await throwing(event(standardArn, ['a']))).toEqual({ batchItemFailures: [] });
  });
});

describe('createSqsHandler types', () => {
  it('accepts an event and context as Lambda passes them, and returns what Lambda reads', async () => {
    // Everything Lambda sends, with mutable arrays and required fields, as its documentation shows.
    const lambdaEvent: {
      Records: {
        messageId: string;
        receiptHandle: string;
        body: string;
        attributes: { ApproximateReceiveCount: string; SentTimestamp: string; SenderId: string; ApproximateFirstReceiveTimestamp: string };
        messageAttributes: { [name: string]: { stringValue?: string | undefined; stringListValues: string[]; binaryListValues: string[]; dataType: string } };
        md5OfBody: string;
        eventSource: string;
        eventSourceARN: string;
        awsRegion: string;
      }[];
    } = {
      Records: [
        {
          messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
          receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
          body: 'test',
          attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1545082649183', SenderId: 'AIDAIENQZJOLO23YVJ4VO', ApproximateFirstReceiveTimestamp: '1545082649185' },
          messageAttributes: { tenant: { stringValue: 'acme', stringListValues: [], binaryListValues: [], dataType: 'String' } },
          md5OfBody: '098f6bcd4621d373cade4e832627b4f6',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:us-east-2:123456789012:my-queue',
          awsRegion: 'us-east-2',
        },
      ],
    };
    const lambdaContext = { functionName: 'f', awsRequestId: 'r', callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 30_000 };
    type LambdaStyleHandler = (
      event: typeof lambdaEvent,
      context: typeof lambdaContext,
      callback: (error?: Error | string | null, result?: unknown) => void,
    ) => void | Promise<{ batchItemFailures: { itemIdentifier: string }[] } | void>;

    const handler: SqsHandler = createSqsHandler({ subscribers: [eventSubscriber({}, () => undefined)], unrecognized: { handle: () => ProcessStatus.RETRY_LATER } });
    const asLambdaSees: LambdaStyleHandler = handler;
    expect(await asLambdaSees(lambdaEvent, lambdaContext, () => undefined)).toEqual({
      batchItemFailures: [{ itemIdentifier: '059f36b4-87a3-44ab-83d2-661975830a7d' }],
    });
  });
});

describe('createSqsHandler fifo option', () => {
  it('short-circuits a group of a .fifo queue by default, and not when fifo is false', async () => {
    const onFifo = recorder('b');
    const byDefault = await createSqsHandler({ subscribers: [onFifo.subscriber] })(event(fifoArn, ['a', 'b', 'c', 'd']));
    expect(byDefault.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['id-b', 'id-c', 'id-d']);
    expect(onFifo.seen).toEqual(['a', 'b']);

    const unordered = recorder('b');
    const off = await createSqsHandler({ subscribers: [unordered.subscriber], fifo: false })(event(fifoArn, ['a', 'b', 'c', 'd']));
    expect(off.batchItemFailures).toEqual([{ itemIdentifier: 'id-b' }]);
    expect(unordered.seen.sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('orders groups of a standard queue only when fifo is true', async () => {
    const standard = recorder('a');
    expect((await createSqsHandler({ subscribers: [standard.subscriber] })(event(standardArn, ['a', 'b']))).batchItemFailures).toHaveLength(1);
    const forced = recorder('a');
    expect((await createSqsHandler({ subscribers: [forced.subscriber], fifo: true })(event(standardArn, ['a', 'b']))).batchItemFailures).toHaveLength(2);
    expect(forced.seen).toEqual(['a']);
  });
});
