/**
 * Event contracts end to end against a real ElasticMQ: a typed publisher and a typed subscriber,
 * nothing invalid ever sent, a violation from a raw SendMessage settled as the subscriber chose
 * (counted, emitted, logged — never a crash), and the Lambda handler's partial batch response.
 */
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { ContractViolationError, contractSubscriber, defineEvent, encodeBody, ProcessStatus } from '@sqs-mega/core';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqsHandler, type SqsRecord } from '../src/lambda/index.js';
import { eventEntry, SqsListener, SqsPublisher, type ListenerEventMap, type SqsListenerOptions } from '../src/index.js';
import { createQueue, nextEvents, queueCounts, useElasticMQ, waitUntil } from './helpers/listener-harness.js';

const local = useElasticMQ();
const listeners: SqsListener[] = [];

afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => l.stop({ timeoutMs: 1_000, abortGraceMs: 200 })));
});

function listen(queueUrl: string, options: Partial<SqsListenerOptions> = {}): SqsListener {
  const listener = new SqsListener({ queueUrl, client: local.sqs, waitTimeSeconds: 1, visibilityTimeout: 5, logger: false, ...options });
  listeners.push(listener);
  return listener;
}

const userUpdated = defineEvent({
  name: 'user.updated',
  version: 2,
  domain: 'accounts',
  object: {
    current: v.object({
      id: v.number(),
      // What travels is the input; the subscriber gets the output (trimmed, lower case).
      email: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email()),
    }),
  },
});

/** A body that claims user.updated@2 and breaks its schema (id is a string). */
function violatingBody(): string {
  const valid = userUpdated.build({ object: { current: { id: 1, email: 'a@example.com' } } });
  return encodeBody({ ...valid, object: { ...valid.object, current: { id: 'one', email: 'a@example.com' } } });
}

describe('typed publish and subscribe', () => {
  it('delivers what publishEvent sent to a contract subscriber, typed by the schema output', async () => {
    const queueUrl = await createQueue(local.sqs);
    const publisher = new SqsPublisher({ queueUrl, client: local.sqs });
    const emails: string[] = [];
    const listener = listen(queueUrl);
    listener.register(
      contractSubscriber(userUpdated, (payload) => {
        const email: string = payload.object.current.email;
        emails.push(email);
      }),
    );
    const deleted = nextEvents(listener, 'deleted', 2);
    listener.start();
    await publisher.publishEvent(userUpdated, { object: { id: '42', current: { id: 42, email: '  Ada@Example.COM ' } } });
    const batch = await publisher.publishEvents(userUpdated, [
      { object: { current: { id: 43, email: 'grace@example.com' } } },
      { object: { current: { id: 44, email: 'not an email' } } },
    ]);
    expect(batch.succeeded).toBe(1);
    expect(batch.results[1]).toMatchObject({ index: 1, ok: false, attempts: 0 });
    const refused = batch.results[1]!;
    expect(!refused.ok && refused.error).toBeInstanceOf(ContractViolationError);
    await deleted;
    expect(emails.sort()).toEqual(['ada@example.com', 'grace@example.com']);
    expect(listener.stats).toMatchObject({ violations: 0, deleted: 2 });
  });

  it('gives publishEvents entries options of their own: a FIFO group per object, and refuses an entry of another contract', async () => {
    const queueUrl = await createQueue(local.sqs, { fifo: true });
    const publisher = new SqsPublisher({ queueUrl, client: local.sqs });
    const other = defineEvent({ name: 'user.deleted', object: { current: v.object({ id: v.number() }) } });
    const foreign = eventEntry(other, { object: { current: { id: 4 } } }, { groupId: 'user-4' });
    // @ts-expect-error: TypeScript refuses an entry of another contract; plain JavaScript is refused at run time, below
    void (() => publisher.publishEvents(userUpdated, [foreign]));
    const batch = await publisher.publishEvents(
      userUpdated,
      [
        eventEntry(userUpdated, { object: { id: '1', current: { id: 1, email: 'a@example.com' } } }, { groupId: 'user-1' }),
        eventEntry(userUpdated, { object: { id: '2', current: { id: 2, email: 'b@example.com' } } }, { groupId: 'user-2', attributes: { source: 'import' } }),
        eventEntry(userUpdated, { object: { id: '3', current: { id: 3, email: 'not an email' } } }, { groupId: 'user-3' }),
        foreign as never,
      ],
      { groupId: 'shared', attributes: { batch: 'b1' } },
    );
    expect(batch.results.map((r) => r.ok)).toEqual([true, true, false, false]);
    const [, , violating, refused] = batch.results;
    expect(!violating!.ok && violating!.error).toBeInstanceOf(ContractViolationError);
    expect(!refused!.ok && refused!.error).toMatchObject({ code: 'CONTRACT_INVALID', message: expect.stringContaining('eventEntry(user.deleted@1, …) and published with publishEvents(user.updated@2, …)') });
    const { Messages = [] } = await local.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['MessageGroupId'], MessageAttributeNames: ['All'] }),
    );
    const seen = Messages.map((m) => ({ group: m.Attributes?.['MessageGroupId'], source: m.MessageAttributes?.['source']?.StringValue, batch: m.MessageAttributes?.['batch']?.StringValue }));
    expect(seen.sort((a, b) => String(a.group).localeCompare(String(b.group)))).toEqual([
      { group: 'user-1', source: undefined, batch: 'b1' },
      { group: 'user-2', source: 'import', batch: 'b1' },
    ]);
  });

  it('sends nothing when publishEvent is given an input that breaks the contract', async () => {
    const queueUrl = await createQueue(local.sqs);
    const publisher = new SqsPublisher({ queueUrl, client: local.sqs });
    const publishing = publisher.publishEvent(userUpdated, { object: { current: { id: 1, email: 'nope' } } });
    await expect(publishing).rejects.toBeInstanceOf(ContractViolationError);
    await expect(publishing).rejects.toThrow(/user\.updated@2: object\.current\.email/);
    expect(await queueCounts(local.sqs, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });
});

describe('a violation from a raw SendMessage', () => {
  it("is deleted by default, emitted as a violation and counted, and never reaches the handler", async () => {
    const queueUrl = await createQueue(local.sqs);
    const listener = listen(queueUrl);
    let ran = 0;
    listener.register(contractSubscriber(userUpdated, () => void ran++, { name: 'save user' }));
    const errors: unknown[] = [];
    listener.on('error', (error) => errors.push(error));
    const violation = nextEvents(listener, 'violation');
    const deleted = nextEvents(listener, 'deleted');
    listener.start();
    await local.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: violatingBody() }));
    const [event] = (await violation) as ListenerEventMap['violation'][];
    expect(event).toMatchObject({ subscriber: 'save user', status: ProcessStatus.FATAL_ERROR, violation: { contract: 'user.updated@2', vendors: ['valibot'] } });
    expect(event!.violation.issues[0]?.path).toEqual(['object', 'current', 'id']);
    await deleted;
    expect(ran).toBe(0);
    expect(errors).toEqual([]);
    expect(listener.stats).toMatchObject({ violations: 1, deleted: 1 });
  });

  it("is kept with onViolation: 'retry', and logged once by the default logger", async () => {
    const queueUrl = await createQueue(local.sqs);
    const lines: string[] = [];
    const listener = listen(queueUrl, { logger: { error: (line) => lines.push(line), warn: (line) => lines.push(line) }, retryBackoff: { baseSeconds: 0 } });
    listener.register(contractSubscriber(userUpdated, () => undefined, { onViolation: 'retry' }));
    listener.start();
    await local.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: violatingBody() }));
    await waitUntil(() => listener.stats.violations >= 2, 15_000, 'two deliveries');
    expect(listener.stats.deleted).toBe(0);
    expect(lines[0]).toMatch(/breaks the contract of subscriber .*user\.updated@2: object\.current\.id: .*It is kept \(it reaches the dead-letter queue\)/);
    expect(lines.length).toBe(1);
  });

  it('settles with the status a function chooses', async () => {
    const queueUrl = await createQueue(local.sqs);
    const listener = listen(queueUrl);
    const seen: string[] = [];
    listener.register(
      contractSubscriber(userUpdated, () => undefined, {
        onViolation: (violation) => {
          seen.push(violation.contract);
          return ProcessStatus.DONE;
        },
      }),
    );
    const violation = nextEvents(listener, 'violation');
    const deleted = nextEvents(listener, 'deleted');
    listener.start();
    await local.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: violatingBody() }));
    expect((await violation)[0]?.status).toBe(ProcessStatus.DONE);
    await deleted;
    expect(seen).toEqual(['user.updated@2']);
  });
});

describe('the Lambda handler', () => {
  function record(messageId: string, body: string): SqsRecord {
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

  it('lists a violation kept for retry in its partial batch response, and finishes a fatal one', async () => {
    const valid = encodeBody(userUpdated.build({ object: { current: { id: 1, email: 'a@example.com' } } }));
    const lines: string[] = [];
    const logger = { error: (line: string) => lines.push(line) };
    const retrying = createSqsHandler({ subscribers: [contractSubscriber(userUpdated, () => undefined, { onViolation: 'retry' })], logger });
    const fatal = createSqsHandler({ subscribers: [contractSubscriber(userUpdated, () => undefined)], logger });
    const event = { Records: [record('ok', valid), record('bad', violatingBody())] };
    expect(await retrying(event)).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
    expect(await fatal(event)).toEqual({ batchItemFailures: [] });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/record bad breaks the contract of subscriber .*user\.updated@2: object\.current\.id/);
  });
});
