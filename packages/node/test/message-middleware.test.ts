/**
 * Message middleware — the seam a tracer starts one span per message in — in the runtimes: around
 * every subscriber of a message in the listener (against a real ElasticMQ) and the Lambda handler,
 * and a failing one reported and never costing a message.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { eventSubscriber, messageSubscriber, PayloadBuilder, encodeBody, type MessageMiddleware } from '@sqs-mega/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqsHandler, type SqsRecord } from '../src/lambda/index.js';
import { MessageMiddlewareFailedError, SqsListener, type SqsListenerOptions } from '../src/index.js';
import { createQueue, nextEvents, queueCounts, useElasticMQ, waitUntil } from './helpers/listener-harness.js';

const local = useElasticMQ();
const listeners: SqsListener[] = [];

afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => l.stop({ timeoutMs: 1_000, abortGraceMs: 200 })));
});

function listen(queueUrl: string, options: Partial<SqsListenerOptions> = {}): SqsListener {
  const listener = new SqsListener({ queueUrl, client: local.sqs, waitTimeSeconds: 1, visibilityTimeout: 2, logger: false, ...options });
  listeners.push(listener);
  return listener;
}

const body = encodeBody(new PayloadBuilder().withEvent({ name: 'user.updated' }).withObject({ type: 'user', id: '1', current: { id: 1 } }).build());

describe('message middleware in the listener', () => {
  it('runs once around all the subscribers of each message, with its queue, attributes and receive count', async () => {
    const queueUrl = await createQueue(local.sqs);
    const log: string[] = [];
    const span: MessageMiddleware = async (context, next) => {
      log.push(`start ${context.receiveCount} ${String(context.messageAttributes['traceparent']?.stringValue)} ${context.attributes['SentTimestamp'] !== undefined} ${context.queue === queueUrl}`);
      const outcome = await next();
      log.push(`end ${outcome.action} ${outcome.outcomes.map((o) => `${o.name}=${o.status}`).join(',')}`);
      return outcome;
    };
    const listener = listen(queueUrl, { messageMiddleware: [span] });
    listener.register(eventSubscriber({ name: 'user.updated' }, () => void log.push('a'), { name: 'a' }));
    listener.register(messageSubscriber({ kind: 'mega' }, () => void log.push('b'), { name: 'b' }));
    const deleted = nextEvents(listener, 'deleted');
    listener.start();
    await local.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, MessageAttributes: { traceparent: { DataType: 'String', StringValue: '00-abc-def-01' } } }),
    );
    await deleted;
    expect(log[0]).toBe('start 1 00-abc-def-01 true true'); // its queue, too
    expect(log.slice(1, 3).sort()).toEqual(['a', 'b']);
    expect(log[3]).toBe('end delete a=DONE,b=DONE');
  });

  it('keeps a message whose middleware throws before the subscribers run, and reports it as an error event', async () => {
    const queueUrl = await createQueue(local.sqs);
    let runs = 0;
    const broken: MessageMiddleware = async () => {
      throw new Error('tracer exploded');
    };
    const listener = listen(queueUrl, { messageMiddleware: [broken] });
    listener.register(eventSubscriber({ name: 'user.updated' }, () => void runs++));
    const errors = nextEvents(listener, 'error');
    listener.start();
    await local.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    const [error] = await errors;
    expect(error).toBeInstanceOf(MessageMiddlewareFailedError);
    expect(error).toMatchObject({ code: 'MESSAGE_MIDDLEWARE_FAILED', subscribersRan: false, message: expect.stringContaining('tracer exploded') });
    expect(String(error?.message)).toContain('its subscribers did not run, and it is kept for another try');
    await waitUntil(() => listener.stats.received >= 1, 5_000, 'the receive');
    expect(runs).toBe(0);
    expect(listener.stats.deleted).toBe(0);
    await listener.stop();
    const counts = await queueCounts(local.sqs, queueUrl);
    expect(counts.visible + counts.inFlight).toBe(1);
  });
});

describe('message middleware in the Lambda handler', () => {
  function record(messageId: string): SqsRecord {
    return {
      messageId,
      receiptHandle: `rh-${messageId}`,
      body,
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:users',
      awsRegion: 'us-east-1',
    };
  }

  it('wraps each record, and lists a record whose middleware failed before its subscribers ran for retry', async () => {
    const lines: string[] = [];
    const seen: string[] = [];
    const handler = createSqsHandler({
      subscribers: [eventSubscriber({ name: 'user.updated' }, () => undefined)],
      messageMiddleware: [
        async (context, next) => {
          if (context.messageId === 'bad') throw new Error('no exporter');
          seen.push(`${context.messageId} ${String(context.queue)}`);
          return next();
        },
      ],
      logger: { error: (line: string) => lines.push(line) },
    });
    expect(await handler({ Records: [record('ok'), record('bad')] })).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
    expect(seen).toEqual(['ok arn:aws:sqs:us-east-1:000000000000:users']);
    expect(lines).toEqual([expect.stringMatching(/A message middleware failed on message bad \(.*no exporter.*\); its subscribers did not run/)]);
    expect(() => createSqsHandler({ subscribers: [eventSubscriber({}, () => undefined)], messageMiddleware: (() => undefined) as never })).toThrow(/messageMiddleware/);
  });
});
