import {
  dataSubscriber,
  decodeBody,
  eventSubscriber,
  messageSubscriber,
  PayloadBuilder,
  ProcessStatus,
  RetriableError,
  SubscriberAlreadyRegisteredError,
  type MessageContext,
  type SubscriberMiddleware,
} from '@sqs-mega/core';
import { describe, expect, it } from 'vitest';
import { HandlerFailedError } from '../consume/handler-failed-error.js';
import { InvalidOptionError } from '../errors.js';
import { SqsListener } from '../listen/sqs-listener.js';
import { VisibilityLostError } from '../listen/listener-errors.js';
import { defineTask } from '../tasks/define-task.js';
import { keepUnknownTasks } from '../tasks/register-tasks.js';
import { taskContext, type TaskContext } from '../tasks/task-context.js';
import { dispatch, DEFAULT_TEST_TOPIC_ARN, snsNotification } from './index.js';

const userUpdated = () =>
  new PayloadBuilder().withEvent({ name: 'user.updated', domain: 'accounts' }).withObject({ current: { id: 42 } }).build();

describe('dispatch', () => {
  it('deletes a message whose subscriber returns: DONE, the decoded payload handed over', async () => {
    let seen: number | undefined;
    const onUser = eventSubscriber({ name: 'user.updated' }, (payload) => {
      seen = payload.object?.current['id'] as number;
    }, { name: 'onUser' });
    const outcome = await dispatch(onUser, userUpdated());
    expect(seen).toBe(42);
    expect(outcome).toMatchObject({ action: 'delete', unrecognized: false, failures: [] });
    expect(outcome.statusOf('onUser')).toBe(ProcessStatus.DONE);
    expect(outcome.decoded.kind).toBe('mega');
  });

  it('keeps a message whose subscriber throws a RetriableError: RETRIABLE_ERROR', async () => {
    const error = new RetriableError('database down');
    const onUser = eventSubscriber({ name: 'user.updated' }, () => {
      throw error;
    }, { name: 'onUser' });
    const outcome = await dispatch(onUser, userUpdated());
    expect(outcome.action).toBe('keep');
    expect(outcome.statusOf('onUser')).toBe(ProcessStatus.RETRIABLE_ERROR);
    expect(outcome.errorOf('onUser')).toBe(error);
  });

  it('deletes a message whose subscriber throws anything else: FATAL_ERROR, reported as the listener reports it', async () => {
    const onUser = eventSubscriber({ name: 'user.updated' }, () => {
      throw new TypeError('payload.object is undefined');
    }, { name: 'onUser' });
    const outcome = await dispatch(onUser, userUpdated(), { messageId: 'm-1' });
    expect(outcome.action).toBe('delete');
    expect(outcome.statusOf('onUser')).toBe(ProcessStatus.FATAL_ERROR);
    expect(outcome.failures).toHaveLength(1);
    expect(outcome.failures[0]).toBeInstanceOf(HandlerFailedError);
    expect(outcome.failures[0]).toMatchObject({ messageId: 'm-1', subscriber: 'onUser', status: 'FATAL_ERROR' });
  });

  it('deletes a message no subscriber matches as unrecognized; the subscriber given reads as not run', async () => {
    const onOrder = eventSubscriber({ name: 'order.placed' }, () => ProcessStatus.RETRY_LATER, { name: 'onOrder' });
    const outcome = await dispatch(onOrder, userUpdated());
    expect(outcome).toMatchObject({ action: 'delete', unrecognized: true, outcomes: [] });
    expect(outcome.statusOf('onOrder')).toBeUndefined();
  });

  it('unwraps an SNS notification envelope, as SNS delivers without raw message delivery', async () => {
    let context: MessageContext | undefined;
    const onUser = eventSubscriber({ name: 'user.updated' }, function onUser(_payload, ctx) {
      context = ctx;
    });
    const outcome = await dispatch(onUser, userUpdated(), {
      viaSns: { topicArn: 'arn:aws:sns:eu-west-1:123456789012:accounts', subject: 'user' },
      messageAttributes: { tenant: 'acme', retries: 3 },
    });
    expect(outcome.action).toBe('delete');
    expect(outcome.statusOf('onUser')).toBe(ProcessStatus.DONE);
    const envelope = JSON.parse(outcome.message.body) as Record<string, unknown>;
    expect(envelope).toMatchObject({ Type: 'Notification', TopicArn: 'arn:aws:sns:eu-west-1:123456789012:accounts', Subject: 'user' });
    expect(context?.decoded.sns).toMatchObject({
      type: 'Notification',
      topicArn: 'arn:aws:sns:eu-west-1:123456789012:accounts',
      subject: 'user',
      messageAttributes: { tenant: { Type: 'String', Value: 'acme' }, retries: { Type: 'Number', Value: '3' } },
    });
    // SNS puts attributes in the envelope, not on the SQS message.
    expect(context?.messageAttributes).toEqual({});
  });

  it('routes by the envelope: a message subscriber matching the topic ARN', async () => {
    const fromTopic = messageSubscriber({ sns: { topicArn: DEFAULT_TEST_TOPIC_ARN } }, () => undefined, { name: 'fromTopic' });
    expect((await dispatch(fromTopic, 'hello', { viaSns: true })).statusOf('fromTopic')).toBe('DONE');
    expect((await dispatch(fromTopic, 'hello')).unrecognized).toBe(true);
  });

  it('gives subscribers the delivery the test describes: id, receive count, attributes, signal', async () => {
    let context: MessageContext | undefined;
    const onUser = eventSubscriber({ name: 'user.updated' }, (_p, ctx) => {
      context = ctx;
    });
    const controller = new AbortController();
    controller.abort(new VisibilityLostError('m-7', 'receipt handle expired'));
    await dispatch(onUser, userUpdated(), {
      messageId: 'm-7',
      receiveCount: 3,
      attributes: { MessageGroupId: 'user-42' },
      messageAttributes: { tenant: 'acme', sig: new Uint8Array([1, 2]) },
      signal: controller.signal,
    });
    expect(context).toMatchObject({ messageId: 'm-7', receiveCount: 3, attributes: { ApproximateReceiveCount: '3', MessageGroupId: 'user-42' } });
    expect(context?.attributes['SentTimestamp']).toMatch(/^\d+$/);
    expect(context?.messageAttributes).toEqual({
      tenant: { dataType: 'String', stringValue: 'acme' },
      sig: { dataType: 'Binary', binaryValue: new Uint8Array([1, 2]) },
    });
    expect(context?.signal).toBe(controller.signal);
  });

  it('takes the receive count from ApproximateReceiveCount, and refuses two that disagree', async () => {
    let count = 0;
    const onUser = eventSubscriber({ name: 'user.updated' }, (_p, ctx) => {
      count = ctx.receiveCount;
    });
    await dispatch(onUser, userUpdated(), { attributes: { ApproximateReceiveCount: '5' } });
    expect(count).toBe(5);
    await expect(dispatch(onUser, userUpdated(), { receiveCount: 2, attributes: { ApproximateReceiveCount: '5' } })).rejects.toThrow(
      /receiveCount: 2 disagrees with attributes.ApproximateReceiveCount/,
    );
    await expect(dispatch(onUser, userUpdated(), { receiveCount: 0 })).rejects.toBeInstanceOf(InvalidOptionError);
  });

  it('keeps the message when a handler throws its aborted signal reason, as the listener does', async () => {
    const onUser = eventSubscriber({ name: 'user.updated' }, (_p, { signal }) => signal.throwIfAborted(), { name: 'careful' });
    const controller = new AbortController();
    controller.abort(new VisibilityLostError('m-1', 'gone'));
    const outcome = await dispatch(onUser, userUpdated(), { signal: controller.signal });
    expect(outcome.statusOf('careful')).toBe('RETRIABLE_ERROR');
    expect(outcome.action).toBe('keep');
  });

  it('keeps a RetriableError retriable when isRetriable is set: the option widens, never narrows', async () => {
    class Timeout extends Error {}
    const asksForRetry = eventSubscriber({ name: 'user.updated' }, () => {
      throw new RetriableError('the database is busy');
    }, { name: 'asks for retry' });
    const outcome = await dispatch(asksForRetry, userUpdated(), { isRetriable: (e) => e instanceof Timeout });
    expect(outcome.action).toBe('keep');
    expect(outcome.statusOf('asks for retry')).toBe('RETRIABLE_ERROR');
    expect((await dispatch(asksForRetry, userUpdated(), { isRetriable: () => false })).action).toBe('keep');
  });

  it('applies the consumer options that change outcomes: isRetriable, unrecognized, middleware', async () => {
    class Timeout extends Error {}
    const slow = eventSubscriber({ name: 'user.updated' }, () => {
      throw new Timeout();
    }, { name: 'slow' });
    expect((await dispatch(slow, userUpdated())).action).toBe('delete');
    expect((await dispatch(slow, userUpdated(), { isRetriable: (e) => e instanceof Timeout })).action).toBe('keep');

    const keep = await dispatch(slow, 'not an event', { unrecognized: { handle: () => ProcessStatus.RETRY_LATER } });
    expect(keep).toMatchObject({ action: 'keep', unrecognized: true });
    expect(keep.statusOf('unrecognized')).toBe('RETRY_LATER');

    const seen: string[] = [];
    const middleware: SubscriberMiddleware = async (invocation, next) => {
      seen.push(invocation.name);
      return next();
    };
    await dispatch(slow, userUpdated(), { middleware: [middleware] });
    expect(seen).toEqual(['slow']);
  });

  it('runs every matching subscriber of a list, each with its own status', async () => {
    const outcome = await dispatch(
      [
        eventSubscriber({ name: 'user.updated' }, () => undefined, { name: 'profile' }),
        eventSubscriber({ domain: 'accounts' }, () => ProcessStatus.RETRY_LATER, { name: 'audit' }),
        dataSubscriber({ type: 'note' }, () => undefined, { name: 'notes' }),
      ],
      userUpdated(),
    );
    expect(outcome.action).toBe('keep');
    expect([outcome.statusOf('profile'), outcome.statusOf('audit'), outcome.statusOf('notes')]).toEqual(['DONE', 'RETRY_LATER', undefined]);
  });

  it('dispatches to the subscribers registered on an SqsListener', async () => {
    const listener = new SqsListener({ queueUrl: 'http://127.0.0.1:1/000000000000/never-started', logger: false });
    listener.register(eventSubscriber({ name: 'user.updated' }, () => ProcessStatus.RETRY_LATER, { name: 'later' }));
    const outcome = await dispatch(listener, userUpdated());
    expect(outcome.statusOf('later')).toBe('RETRY_LATER');
    await listener.stop();
  });

  it("uses the consumer options of createSqsHandler's options object, unless the test overrides them", async () => {
    class Timeout extends Error {}
    const handlerOptions = {
      subscribers: [eventSubscriber({ name: 'user.updated' }, () => Promise.reject(new Timeout()), { name: 'slow' })],
      isRetriable: (error: unknown) => error instanceof Timeout,
    };
    expect((await dispatch(handlerOptions, userUpdated())).action).toBe('keep');
    expect((await dispatch(handlerOptions, userUpdated(), { isRetriable: () => false })).action).toBe('delete');
  });

  it('encodes data objects and BSON as the publishers do, and takes body strings as they are', async () => {
    const got: unknown[] = [];
    const notes = dataSubscriber({ type: 'note' }, (data) => void got.push(data), { name: 'notes' });
    const bson = await dispatch(notes, { type: 'note', when: new Date('2025-01-02T03:04:05Z') }, { encoding: 'bson' });
    expect(decodeBody(bson.message.body)).toMatchObject({ kind: 'data', encoding: 'bson' });
    const raw = await dispatch(notes, '{"type": "note", "text": "as sent"}');
    expect(raw.message.body).toBe('{"type": "note", "text": "as sent"}');
    expect(got).toEqual([{ type: 'note', when: new Date('2025-01-02T03:04:05Z') }, { type: 'note', text: 'as sent' }]);
  });

  it('refuses what a publisher would refuse, before any subscriber runs', async () => {
    const onUser = eventSubscriber({ name: 'user.updated' }, () => undefined);
    await expect(dispatch(onUser, { protocol: 'mega', version: 1, event: { name: '' } })).rejects.toMatchObject({ code: 'MEGA_INVALID' });
    await expect(dispatch(onUser, '')).rejects.toMatchObject({ code: 'BODY_EMPTY' });
    await expect(dispatch(onUser, userUpdated(), { messageAttributes: { 'AWS.x': 'y' } })).rejects.toMatchObject({ code: 'ATTRIBUTE_INVALID' });
    await expect(dispatch(onUser, userUpdated(), { viaSns: { subject: 'line\nbreak' } })).rejects.toMatchObject({ code: 'OPTION_INVALID' });
  });

  it('says which names exist when statusOf is given one no subscriber has', async () => {
    const outcome = await dispatch(eventSubscriber({ name: 'user.updated' }, () => undefined, { name: 'onUser' }), userUpdated());
    expect(() => outcome.statusOf('onUsr')).toThrow(/no subscriber given to dispatch is named "onUsr" \(the names are "onUser"\)/);
    const twins = await dispatch([eventSubscriber({}, () => undefined), eventSubscriber({}, () => undefined)], userUpdated());
    expect(() => twins.statusOf('event subscriber')).toThrow(/2 subscribers given to dispatch are named "event subscriber"/);
  });

  it('refuses to dispatch to nothing while unrecognized messages are deleted, as the listener refuses to start', async () => {
    await expect(dispatch([], userUpdated())).rejects.toThrow(/every message would be deleted as unrecognized/);
    const kept = await dispatch([], { task: 'unknown.task', args: [] }, { unrecognized: keepUnknownTasks() });
    expect(kept.action).toBe('keep');
  });

  it('refuses a subscriber given twice and a value that is not a subscriber, as register does', async () => {
    const onUser = eventSubscriber({ name: 'user.updated' }, () => undefined);
    await expect(dispatch([onUser, onUser], userUpdated())).rejects.toBeInstanceOf(SubscriberAlreadyRegisteredError);
    await expect(dispatch({ kind: 'events' } as never, userUpdated())).rejects.toMatchObject({ code: 'SUBSCRIBER_INVALID' });
    await expect(dispatch(null as never, userUpdated())).rejects.toMatchObject({ code: 'OPTION_INVALID', option: 'subscribers' });
  });
});

describe('dispatch with tasks', () => {
  it('runs a task handler as a worker runs it, with its arguments and its taskContext()', async () => {
    let seen: { to: string; times: number; context: TaskContext } | undefined;
    const sendEmail = defineTask('email.send', async (to: string, times: number) => {
      seen = { to, times, context: taskContext() };
    });
    const outcome = await dispatch(sendEmail, sendEmail.message('ada@example.com', 2), { messageId: 'm-9', receiveCount: 2 });
    expect(outcome.action).toBe('delete');
    expect(outcome.statusOf('task:email.send')).toBe('DONE');
    expect(seen).toMatchObject({ to: 'ada@example.com', times: 2 });
    expect(seen?.context).toMatchObject({
      task: 'email.send',
      messageId: 'm-9',
      receiveCount: 2,
      queueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/email-send',
    });
  });

  it("keeps a task that throws a RetriableError or an error its own isRetriable accepts, deletes one that throws otherwise", async () => {
    class RateLimited extends Error {}
    let error: Error = new RetriableError('smtp down');
    const sendEmail = defineTask('email.retry', () => {
      throw error;
    }, { isRetriable: (e) => e instanceof RateLimited });
    expect((await dispatch(sendEmail, sendEmail.message())).action).toBe('keep');
    error = new RateLimited('slow down');
    expect((await dispatch(sendEmail, sendEmail.message())).statusOf('task:email.retry')).toBe('RETRIABLE_ERROR');
    error = new Error('no such template');
    expect((await dispatch(sendEmail, sendEmail.message(), { queueUrl: 'http://127.0.0.1:9324/000000000000/mail' })).action).toBe('delete');
  });

  it('mixes tasks and subscribers, and refuses two different tasks of one name', async () => {
    const a = defineTask('same.name', () => undefined);
    const b = defineTask('same.name', () => undefined);
    const onUser = eventSubscriber({ name: 'user.updated' }, () => undefined, { name: 'onUser' });
    const outcome = await dispatch([a, onUser, a], a.message());
    expect(outcome.statusOf('task:same.name')).toBe('DONE');
    expect(outcome.statusOf('onUser')).toBeUndefined();
    await expect(dispatch([a, b], a.message())).rejects.toMatchObject({ code: 'TASK_DUPLICATE' });
  });
});

describe('snsNotification', () => {
  it('builds the body SNS delivers, which core decodes back to the message and its envelope', () => {
    const body = snsNotification('{"type": "note"}', {
      topicArn: 'arn:aws:sns:eu-west-1:123456789012:notes',
      messageId: 'sns-1',
      timestamp: new Date('2025-05-04T15:53:27.823Z'),
      messageAttributes: { sig: new Uint8Array([255]) },
    });
    expect(Object.keys(JSON.parse(body) as object)).toEqual([
      'Type',
      'MessageId',
      'TopicArn',
      'Message',
      'Timestamp',
      'SignatureVersion',
      'Signature',
      'SigningCertURL',
      'UnsubscribeURL',
      'MessageAttributes',
    ]);
    expect(decodeBody(body)).toMatchObject({
      kind: 'data',
      data: { type: 'note' },
      sns: {
        type: 'Notification',
        messageId: 'sns-1',
        topicArn: 'arn:aws:sns:eu-west-1:123456789012:notes',
        timestamp: '2025-05-04T15:53:27.823Z',
        messageAttributes: { sig: { Type: 'Binary', Value: '/w==' } },
      },
    });
  });
});
