/**
 * Running tasks on real listeners against ElasticMQ: statuses (return = done, retriable throw =
 * retry with backoff, then the DLQ at maxReceiveCount, other throws final), long delays carried
 * over, concurrency per queue, every message the worker cannot run (unknown tasks, PyQS, sqsq,
 * plaintext, MEGA events, broken task messages) kept and reported until the DLQ, and queue
 * selection by names and wildcards.
 */
import { randomBytes } from 'node:crypto';
import { GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { encodeBody, PayloadBuilder, RetriableError } from '@sqs-mega/core';
import { startElasticMQ, type ElasticMQServer } from '@sqs-mega/local';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  configureTasks,
  defineTask,
  HandlerFailedError,
  QueuePatternNoMatchError,
  selectQueues,
  taskContext,
  TaskQueueNotFoundError,
  TaskUnknownError,
  TaskWorker,
  type SqsListener,
  type TaskContext,
  type TaskWorkerOptions,
} from '../src/index.js';
import { clientFor, createQueue, queueCounts, sendBodies, waitUntil } from './helpers/listener-harness.js';

let server: ElasticMQServer;
let sqs: SQSClient;

beforeAll(async () => {
  server = await startElasticMQ({ startTimeoutMs: 60_000 });
  sqs = clientFor(server);
  configureTasks({ client: sqs });
}, 90_000);

afterAll(async () => {
  configureTasks({ client: undefined });
  sqs?.destroy();
  await server?.stop();
});

const prefix = () => `t${randomBytes(4).toString('hex')}`;

/** The listener's `error` events, as they come, for subscriber failures. */
function collectErrors(listener: SqsListener): HandlerFailedError[] {
  const errors: HandlerFailedError[] = [];
  listener.on('error', (error) => {
    if (error instanceof HandlerFailedError) errors.push(error);
    else throw new Error(`unexpected listener error ${error.code}: ${error.message}`);
  });
  return errors;
}

/** A started worker on `queueUrls`, stopped when the test ends. */
function startWorker(options: Omit<TaskWorkerOptions, 'client'>): TaskWorker {
  const worker = new TaskWorker({ waitTimeSeconds: 1, logger: false, ...options, client: sqs });
  worker.start();
  onTestFinished(async () => void (await worker.stop({ timeoutMs: 1_000 })));
  return worker;
}

describe('tasks on a worker', () => {
  it('runs each task with its arguments and its context; returning finishes (deletes) the message', async () => {
    const p = prefix();
    const queueUrl = await createQueue(sqs, { name: `${p}-email-send` });
    const runs: { args: unknown[]; context: TaskContext }[] = [];
    const send = defineTask(`${p}.email.send`, async (to: string, options: { times: number }) => {
      runs.push({ args: [to, options], context: taskContext() });
      return 'ignored';
    });
    const worker = startWorker({ queueUrls: [queueUrl], tasks: { send } });
    const a = await send.delay('ada@example.com', { times: 1 });
    await send.delay('bob@example.com', { times: 2 });
    await waitUntil(() => runs.length === 2 && worker.listeners[0]!.stats.deleted === 2, 15_000, 'two tasks run and deleted');
    const first = runs.find((r) => r.args[0] === 'ada@example.com');
    expect(first?.args).toEqual(['ada@example.com', { times: 1 }]);
    expect(first?.context).toMatchObject({ task: `${p}.email.send`, id: a.id, messageId: a.messageId, receiveCount: 1, queueUrl });
    expect(first?.context.signal).toBeInstanceOf(AbortSignal);
    expect(await queueCounts(sqs, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('retries a task whose throw is retriable (its isRetriable option) with backoff, until it succeeds', async () => {
    const p = prefix();
    const queueUrl = await createQueue(sqs, { name: `${p}-flaky` });
    const counts: number[] = [];
    class Timeout extends Error {}
    const flaky = defineTask(
      `${p}.flaky`,
      () => {
        counts.push(taskContext().receiveCount);
        if (counts.length < 3) throw new Timeout('upstream timed out');
      },
      { isRetriable: (e) => e instanceof Timeout },
    );
    const worker = startWorker({ queueUrls: [queueUrl], tasks: [flaky], retryBackoff: { baseSeconds: 1, factor: 1 } });
    await flaky.delay();
    await waitUntil(() => worker.listeners[0]!.stats.deleted === 1, 20_000, 'the third try to succeed');
    expect(counts).toEqual([1, 2, 3]);
    expect(worker.listeners[0]!.stats.retried).toBe(2);
  });

  it('moves a task that always throws a RetriableError to the DLQ once maxReceiveCount is reached', async () => {
    const p = prefix();
    const dlqUrl = await createQueue(sqs, { name: `${p}-doomed-dlq` });
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
    const queueUrl = await createQueue(sqs, {
      name: `${p}-doomed`,
      attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.['QueueArn'], maxReceiveCount: 2 }) },
    });
    let tries = 0;
    const doomed = defineTask(`${p}.doomed`, (_n: number) => {
      tries++;
      throw new RetriableError('still down');
    });
    startWorker({ queueUrls: [queueUrl], tasks: [doomed], retryBackoff: { baseSeconds: 1, factor: 1 } });
    const { id } = await doomed.delay(1);
    await waitUntil(() => tries >= 2, 15_000, 'two tries');
    let dlq = { visible: 0, inFlight: 0 };
    const poll = setInterval(() => void queueCounts(sqs, dlqUrl).then((c) => (dlq = c)), 200);
    onTestFinished(() => clearInterval(poll));
    await waitUntil(() => dlq.visible === 1, 20_000, 'the message in the DLQ').catch(async (e: unknown) => {
      throw new Error(`${String(e)}; tries ${tries}, main ${JSON.stringify(await queueCounts(sqs, queueUrl))}`);
    });
    expect(tries).toBe(2);
    expect(await queueCounts(sqs, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, WaitTimeSeconds: 1 }));
    expect(JSON.parse(Messages?.[0]?.Body ?? '{}')).toMatchObject({ task: `${p}.doomed`, id, args: [1] });
  });

  it('finishes a task that throws any other error (FATAL_ERROR: deleted, reported)', async () => {
    const p = prefix();
    const queueUrl = await createQueue(sqs, { name: `${p}-broken` });
    const broken = defineTask(`${p}.broken`, () => {
      throw new TypeError('bug');
    });
    const worker = startWorker({ queueUrls: [queueUrl], tasks: [broken] });
    const errors: string[] = [];
    worker.listeners[0]!.on('error', (e) => errors.push(e.code));
    await broken.delay();
    await waitUntil(() => worker.listeners[0]!.stats.deleted === 1, 15_000, 'the message deleted');
    expect(errors).toEqual(['HANDLER_FAILED']);
  });

  it('carries a long delay over: an early message is sent again with the remaining time, and runs once at runAt', async () => {
    const p = prefix();
    const queueUrl = await createQueue(sqs, { name: `${p}-nightly` });
    const ran: { at: number; id: string; receiveCount: number }[] = [];
    const nightly = defineTask(`${p}.nightly`, (_what: string) => {
      const { id, receiveCount } = taskContext();
      ran.push({ at: Date.now(), id, receiveCount });
    });
    const worker = startWorker({ queueUrls: [queueUrl], tasks: [nightly] });
    // As a worker receives a message sent with 900 s when runAt is still 3 s away.
    const runAt = Date.now() + 3_000;
    const message = { ...nightly.message('report'), runAt: new Date(runAt).toISOString() };
    await sendBodies(sqs, queueUrl, [JSON.stringify(message)]);
    await waitUntil(() => ran.length === 1, 20_000, 'the task to run');
    expect(ran[0]!.at).toBeGreaterThanOrEqual(runAt - 250);
    expect(ran[0]).toMatchObject({ id: message.id, receiveCount: 1 }); // a new message, with the same task id
    await waitUntil(() => worker.listeners[0]!.stats.deleted === 2, 10_000, 'the original and the carried-over message deleted');
    expect(ran).toHaveLength(1);
  });

  it('runs at most --concurrency tasks at once per queue', async () => {
    const p = prefix();
    const queueUrl = await createQueue(sqs, { name: `${p}-slow` });
    let running = 0;
    let most = 0;
    let done = 0;
    const slow = defineTask(`${p}.slow`, async (_k: number) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 400));
      running--;
      done++;
    });
    await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((k) => slow.delay(k)));
    startWorker({ queueUrls: [queueUrl], tasks: [slow], concurrency: 3 });
    await waitUntil(() => done === 8, 20_000, 'eight tasks');
    expect(most).toBe(3);
  });

  it('keeps a message naming a task this worker does not have, reporting it with the tasks it runs', async () => {
    const p = prefix();
    const queueUrl = await createQueue(sqs, { name: `${p}-mixed` });
    const known = defineTask(`${p}.email.send`, () => undefined);
    const worker = startWorker({ queueUrls: [queueUrl], tasks: [known], retryBackoff: { baseSeconds: 60 } });
    const listener = worker.listeners[0]!;
    const errors = collectErrors(listener);
    await sendBodies(sqs, queueUrl, [JSON.stringify({ ...known.message(), task: `${p}.email.sned` })]);
    await waitUntil(() => listener.stats.retried === 1 && errors.length === 1, 15_000, 'the message kept and reported');
    expect(errors[0]).toMatchObject({ code: 'HANDLER_FAILED', subscriber: 'unrecognized', status: 'RETRIABLE_ERROR' });
    expect(errors[0]!.cause).toBeInstanceOf(TaskUnknownError);
    expect(errors[0]!.message).toContain(`No task named "${p}.email.sned" runs on this worker (it runs "${p}.email.send"; did you mean "${p}.email.send"?)`);
    expect(listener.stats.deleted).toBe(0);
    expect(await queueCounts(sqs, queueUrl)).toEqual({ visible: 0, inFlight: 1 });
  });
});

describe('messages a worker cannot run', () => {
  /** What each foreign body is, what its error says, and which subscriber reports it. */
  function foreignBodies(p: string) {
    const sendEmail = `${p}.emails.tasks.send_email`;
    const event = encodeBody(new PayloadBuilder().withEvent({ name: 'user.updated' }).withObject({ current: { id: 1 } }).build());
    return {
      taskName: sendEmail,
      cases: [
        {
          label: 'a PyQS task',
          body: JSON.stringify({ task: sendEmail, args: ['a@b.c'], kwargs: {} }),
          subscriber: `task:${sendEmail}`,
          code: 'TASK_MESSAGE_INVALID',
          says: 'looks like a PyQS task (task/args/kwargs, no id/enqueuedAt)',
        },
        {
          label: 'an sqsq message',
          body: JSON.stringify({ to: 'a@b.c' }),
          attributes: { name: { DataType: 'String', StringValue: 'send_email' } },
          subscriber: 'unrecognized',
          code: 'TASK_MESSAGE_INVALID',
          says: 'looks like an sqsq message (the task name "send_email" in the "name" message attribute',
        },
        { label: 'plaintext', body: 'send an email to a@b.c', subscriber: 'unrecognized', code: 'TASK_MESSAGE_INVALID', says: 'is plaintext (22 characters)' },
        { label: 'a MEGA event', body: event, subscriber: 'unrecognized', code: 'TASK_MESSAGE_INVALID', says: 'is a MEGA event ("user.updated")' },
        {
          label: 'a task message without its id',
          body: JSON.stringify({ task: sendEmail, args: ['a@b.c'], enqueuedAt: new Date().toISOString() }),
          subscriber: `task:${sendEmail}`,
          code: 'TASK_MESSAGE_INVALID',
          says: 'Invalid task message: "id" must be a non-empty string',
        },
      ],
    };
  }

  it('keeps each one (never deletes it) and reports each delivery as an error event saying what it is and what is expected', async () => {
    const p = prefix();
    const queueUrl = await createQueue(sqs, { name: `${p}-foreign` });
    const { taskName, cases } = foreignBodies(p);
    let ran = 0;
    const sendEmail = defineTask(taskName, (_to: string) => void ran++);
    const worker = startWorker({ queueUrls: [queueUrl], tasks: [sendEmail], retryBackoff: { baseSeconds: 60 } });
    const listener = worker.listeners[0]!;
    const errors = collectErrors(listener);
    await sendBodies(sqs, queueUrl, cases.map((c) => c.body), (i) => (cases[i]!.attributes ? { MessageAttributes: cases[i]!.attributes } : {}));
    await waitUntil(() => listener.stats.retried === cases.length, 15_000, 'every message kept');
    expect(listener.stats.deleted).toBe(0);
    expect(ran).toBe(0);
    expect(await queueCounts(sqs, queueUrl)).toEqual({ visible: 0, inFlight: cases.length });
    expect(errors).toHaveLength(cases.length);
    for (const c of cases) {
      const error = errors.find((e) => e.message.includes(c.says));
      expect(error, c.label).toMatchObject({ code: 'HANDLER_FAILED', subscriber: c.subscriber, status: 'RETRIABLE_ERROR' });
      expect(error!.cause, c.label).toBeInstanceOf(RetriableError);
      expect((error!.cause as Error).cause, c.label).toMatchObject({ code: c.code });
      expect(error!.message, c.label).toContain('The message is kept, not deleted');
    }
    expect(errors.filter((e) => e.message.includes('This worker runs SQS MEGA task messages'))).toHaveLength(4);
  });

  it('keeps them when the worker is given its own isRetriable too (RetriableError always keeps a message on a worker)', async () => {
    const p = prefix();
    const queueUrl = await createQueue(sqs, { name: `${p}-own-rule` });
    const known = defineTask(`${p}.known`, () => undefined);
    const worker = startWorker({ queueUrls: [queueUrl], tasks: [known], isRetriable: () => false, retryBackoff: { baseSeconds: 60 } });
    const listener = worker.listeners[0]!;
    const errors = collectErrors(listener);
    await sendBodies(sqs, queueUrl, ['plain text', JSON.stringify({ task: `${p}.known`, args: [] })]);
    await waitUntil(() => listener.stats.retried === 2, 15_000, 'both kept');
    expect(errors.map((e) => e.status)).toEqual(['RETRIABLE_ERROR', 'RETRIABLE_ERROR']);
    expect(listener.stats.deleted).toBe(0);
  });

  it('moves each one to the dead-letter queue at maxReceiveCount, with one error event per delivery', async () => {
    const p = prefix();
    const dlqUrl = await createQueue(sqs, { name: `${p}-foreign-dlq` });
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
    const queueUrl = await createQueue(sqs, {
      name: `${p}-foreign`,
      attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.['QueueArn'], maxReceiveCount: 2 }) },
    });
    const { taskName, cases } = foreignBodies(p);
    const sendEmail = defineTask(taskName, (_to: string) => undefined);
    const worker = startWorker({ queueUrls: [queueUrl], tasks: [sendEmail], retryBackoff: { baseSeconds: 1, factor: 1 } });
    const listener = worker.listeners[0]!;
    const errors = collectErrors(listener);
    await sendBodies(sqs, queueUrl, cases.map((c) => c.body), (i) => (cases[i]!.attributes ? { MessageAttributes: cases[i]!.attributes } : {}));
    let dlq = { visible: 0, inFlight: 0 };
    const poll = setInterval(() => void queueCounts(sqs, dlqUrl).then((c) => (dlq = c)), 200);
    onTestFinished(() => clearInterval(poll));
    await waitUntil(() => dlq.visible === cases.length, 25_000, 'every message in the DLQ').catch(async (e: unknown) => {
      throw new Error(`${String(e)}; dlq ${JSON.stringify(dlq)}, main ${JSON.stringify(await queueCounts(sqs, queueUrl))}`);
    });
    expect(listener.stats.deleted).toBe(0);
    expect(await queueCounts(sqs, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
    // Two deliveries each (maxReceiveCount 2), each reported once.
    const perMessage = new Map<string, number>();
    for (const e of errors) perMessage.set(e.messageId, (perMessage.get(e.messageId) ?? 0) + 1);
    expect([...perMessage.values()]).toEqual(cases.map(() => 2));
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }),
    );
    expect((Messages ?? []).map((m) => m.Body).sort()).toEqual(cases.map((c) => c.body).sort());
    expect(Messages?.find((m) => m.MessageAttributes?.['name'])?.MessageAttributes?.['name']?.StringValue).toBe('send_email');
  });
});

describe('selectQueues', () => {
  it('expands wildcards and comma lists against ListQueues, reads task names as queue names, and dedupes', async () => {
    const p = prefix();
    const [send, welcome, sms] = await Promise.all(['email-send', 'email-welcome', 'sms-send'].map((n) => createQueue(sqs, { name: `${p}-${n}` })));
    const names = async (args: string[]) => (await selectQueues(sqs, args)).map((q) => q.name);
    expect(await names([`${p}.email.*`])).toEqual([`${p}-email-send`, `${p}-email-welcome`]);
    expect(await names([`${p}-sms-send,${p}.email.send`, `${p}-email-*`])).toEqual([`${p}-sms-send`, `${p}-email-send`, `${p}-email-welcome`]);
    expect(await names([`${p}-{sms,email}-send`])).toEqual([`${p}-email-send`, `${p}-sms-send`]);
    expect(await selectQueues(sqs, [sms!, `${p}.email.send`])).toEqual([
      { name: `${p}-sms-send`, url: sms, selectedBy: sms },
      { name: `${p}-email-send`, url: send, selectedBy: `${p}.email.send` },
    ]);
    expect(welcome).toContain(`${p}-email-welcome`);
  });

  it('says so when a pattern matches no queue, or a name does not exist', async () => {
    const p = prefix();
    await expect(selectQueues(sqs, [`${p}.push.*`])).rejects.toThrow(QueuePatternNoMatchError);
    await expect(selectQueues(sqs, [`${p}.push.*`])).rejects.toThrow(new RegExp(`"${p}\\.push\\.\\*" \\(matched as "${p}-push-\\*"\\) matches none`));
    await expect(selectQueues(sqs, [`${p}-nope`])).rejects.toThrow(TaskQueueNotFoundError);
  });
});
