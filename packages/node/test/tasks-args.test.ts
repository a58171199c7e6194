/**
 * Tasks with an `args` schema against a real ElasticMQ, for valibot, zod and arktype: a valid
 * enqueue runs the handler with the schema's output, an invalid one throws before anything is sent,
 * and a message another producer wrote with bad arguments is settled as a contract violation
 * (counted, emitted with its path, deleted) without ever running the handler.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { ProcessStatus } from '@sqs-mega/core';
import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { defineTask, TaskArgsInvalidError, TaskWorker, type Task, type TaskArgsSchema } from '../src/index.js';
import { createQueue, nextEvents, queueCounts, useElasticMQ, waitUntil } from './helpers/listener-harness.js';

const local = useElasticMQ();

const AT = '2030-01-01T09:00:00Z';

/** An email (trimmed) and an ISO instant the handler receives as a `Date`, in three libraries. */
const schemas: Record<string, TaskArgsSchema> = {
  valibot: v.tuple([v.pipe(v.string(), v.trim()), v.pipe(v.string(), v.isoTimestamp(), v.transform((s) => new Date(s)))]),
  zod: z.tuple([z.string().trim(), z.iso.datetime().transform((s) => new Date(s))]),
  arktype: type(['string.trim', 'string.date.iso.parse']),
};

/** A worker on `queueUrl` running `task`, stopped when the test ends (start it once its events are subscribed). */
function workerFor(queueUrl: string, task: Task<never, never>): TaskWorker {
  const worker = new TaskWorker({ queueUrls: [queueUrl], tasks: [task], client: local.sqs, waitTimeSeconds: 1, logger: false });
  onTestFinished(async () => void (await worker.stop({ timeoutMs: 1_000 })));
  return worker;
}

for (const [vendor, schema] of Object.entries(schemas)) {
  describe(`a task whose args schema is ${vendor}`, () => {
    it('runs the handler with the transformed arguments of a valid enqueue', async () => {
      const queueUrl = await createQueue(local.sqs);
      const runs: unknown[][] = [];
      const remind = defineTask('user.remind', (...args) => void runs.push(args), { queue: queueUrl, client: local.sqs, args: schema });
      const worker = workerFor(queueUrl, remind);
      const deleted = nextEvents(worker.listeners[0]!, 'deleted');
      worker.start();
      await remind.delay('  ada@example.com ', AT);
      await deleted;
      expect(runs).toEqual([['ada@example.com', new Date(AT)]]);
      expect(worker.listeners[0]!.stats).toMatchObject({ violations: 0, deleted: 1 });
    });

    it('throws on an invalid enqueue before anything is sent: the queue stays empty', async () => {
      const queueUrl = await createQueue(local.sqs);
      const remind = defineTask('user.remind', () => undefined, { queue: queueUrl, client: local.sqs, args: schema });
      const refused = remind.delay('ada@example.com', 'next tuesday');
      await expect(refused).rejects.toBeInstanceOf(TaskArgsInvalidError);
      await expect(refused).rejects.toMatchObject({ violation: { contract: 'task:user.remind', vendors: [vendor], issues: [{ path: ['args', 1] }] } });
      await expect(remind.enqueueIn(5, 'ada@example.com', 3 as never)).rejects.toBeInstanceOf(TaskArgsInvalidError);
      expect(await queueCounts(local.sqs, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
    });

    it('settles a message another producer wrote with bad arguments as a violation, never running the handler', async () => {
      const queueUrl = await createQueue(local.sqs);
      let runs = 0;
      const remind = defineTask('user.remind', () => void runs++, { queue: queueUrl, client: local.sqs, args: schema });
      const worker = workerFor(queueUrl, remind);
      const listener = worker.listeners[0]!;
      const violation = nextEvents(listener, 'violation');
      const deleted = nextEvents(listener, 'deleted');
      worker.start();
      const body = JSON.stringify({ task: 'user.remind', args: ['ada@example.com', 42], id: 'raw-1', enqueuedAt: '2025-05-04T15:53:27.823Z' });
      await local.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
      const [event] = await violation;
      expect(event).toMatchObject({ subscriber: 'task:user.remind', status: ProcessStatus.FATAL_ERROR, violation: { contract: 'task:user.remind', vendors: [vendor] } });
      expect(event!.violation.issues[0]?.path).toEqual(['args', 1]);
      await deleted;
      expect(runs).toBe(0);
      expect(listener.stats).toMatchObject({ violations: 1, deleted: 1 });
      expect(await queueCounts(local.sqs, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
    });
  });
}

describe("a task with onInvalidArgs: 'retry'", () => {
  it('keeps a message with bad arguments for another try, reporting a violation on each delivery', async () => {
    const queueUrl = await createQueue(local.sqs);
    const remind = defineTask('user.remind', () => undefined, { queue: queueUrl, client: local.sqs, args: schemas['zod']!, onInvalidArgs: 'retry' });
    const worker = new TaskWorker({
      queueUrls: [queueUrl],
      tasks: [remind],
      client: local.sqs,
      waitTimeSeconds: 1,
      logger: false,
      retryBackoff: { baseSeconds: 1, factor: 1 },
    });
    onTestFinished(async () => void (await worker.stop({ timeoutMs: 1_000 })));
    const listener = worker.listeners[0]!;
    const violations = nextEvents(listener, 'violation', 2);
    worker.start();
    const body = JSON.stringify({ task: 'user.remind', args: ['ada@example.com'], id: 'raw-2', enqueuedAt: '2025-05-04T15:53:27.823Z' });
    await local.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    const events = await violations;
    expect(events.map((e) => e.status)).toEqual([ProcessStatus.RETRIABLE_ERROR, ProcessStatus.RETRIABLE_ERROR]);
    await waitUntil(() => listener.stats.retried >= 2, 5_000, 'two retries');
    expect(listener.stats.deleted).toBe(0);
  });
});
