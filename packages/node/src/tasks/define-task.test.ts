import { InvalidSubscriberError, type Subscriber } from '@sqs-mega/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { InvalidOptionError } from '../errors.js';
import { defineTask, isTask, type EnqueuedTask } from './define-task.js';
import { collectTasks, registerTasks } from './register-tasks.js';
import { NoTasksError, TaskArgsNotJsonError, TaskDelayInvalidError, TaskDuplicateError, TaskNameInvalidError } from './task-errors.js';

describe('defineTask', () => {
  it('types delay, enqueueIn and message from the handler parameters', () => {
    const send = defineTask('email.send', async (to: string, times: number, cc?: string) => void [to, times, cc]);
    expectTypeOf(send.delay).parameters.toEqualTypeOf<[to: string, times: number, cc?: string | undefined]>();
    expectTypeOf(send.enqueueIn).parameters.toEqualTypeOf<[seconds: number, to: string, times: number, cc?: string | undefined]>();
    expectTypeOf(send.delay).returns.toEqualTypeOf<Promise<EnqueuedTask>>();
    // @ts-expect-error: the second argument is a number
    void (() => send.delay('a', 'b'));
    expect(send.message('ada@example.com', 3)).toMatchObject({ task: 'email.send', args: ['ada@example.com', 3] });
    expect(send.message('ada@example.com', 3, undefined).args).toEqual(['ada@example.com', 3]);
  });

  it('derives the queue from the name unless given one, and refuses FIFO queues and bad names', () => {
    expect(defineTask('email.send', () => undefined).queue).toBe('email-send');
    expect(defineTask('email.send', () => undefined, { queue: 'mail' }).queue).toBe('mail');
    expect(() => defineTask('email send', () => undefined)).toThrow(TaskNameInvalidError);
    expect(() => defineTask('a', () => undefined, { queue: 'not a queue' })).toThrow(TaskNameInvalidError);
    expect(() => defineTask('a', () => undefined, { queue: 'jobs.fifo' })).toThrow(InvalidOptionError);
    expect(() => defineTask('a', 'nope' as never)).toThrow(InvalidOptionError);
  });

  it('refuses arguments JSON cannot carry, and bad delays, before any call', async () => {
    const task = defineTask('report.build', (_when: Date) => undefined);
    await expect(task.delay(new Date())).rejects.toThrow(TaskArgsNotJsonError);
    await expect(task.delay(new Date())).rejects.toMatchObject({ code: 'TASK_ARGS_NOT_JSON', path: 'args[0]' });
    for (const seconds of [-1, NaN, Infinity, 1e20]) {
      await expect(task.enqueueIn(seconds, new Date())).rejects.toThrow(TaskDelayInvalidError);
    }
  });

  it('is recognized by its brand, and frozen', () => {
    const task = defineTask('a', () => undefined);
    expect(isTask(task)).toBe(true);
    expect(isTask({ name: 'a', delay: () => undefined })).toBe(false);
    expect(Object.isFrozen(task)).toBe(true);
  });
});

describe('registerTasks and collectTasks', () => {
  const a = defineTask('a', () => undefined);
  const b = defineTask('b.c', () => undefined);

  function host() {
    const subscribers: Subscriber[] = [];
    return {
      subscribers,
      queueUrl: 'http://127.0.0.1:9324/000000000000/a',
      register(subscriber: Subscriber) {
        if (subscriber.kind !== 'data') throw new InvalidSubscriberError('expected a data subscriber');
        subscribers.push(subscriber);
        return () => void subscribers.splice(subscribers.indexOf(subscriber), 1);
      },
    };
  }

  it('finds the tasks of a module namespace, one level down, each once', () => {
    const module = { a, b, again: a, default: { a, b }, list: [b], other: 42, nothing: null };
    expect(collectTasks(module)).toEqual([a, b]);
    expect(collectTasks(a)).toEqual([a]);
    expect(collectTasks([a, b])).toEqual([a, b]);
  });

  it('registers every task as a data subscriber on the task name, and unregisters them', () => {
    const h = host();
    const off = registerTasks(h, { a, b });
    expect(h.subscribers.map((s) => [s.name, s.kind === 'data' ? s.pattern : undefined])).toEqual([
      ['task:a', { task: 'a' }],
      ['task:b.c', { task: 'b.c' }],
    ]);
    expect(() => registerTasks(h, [a])).not.toThrow(); // the same task again: nothing to do
    expect(h.subscribers).toHaveLength(2);
    off();
    expect(h.subscribers).toHaveLength(0);
  });

  it('refuses two different tasks with one name, and a source without tasks', () => {
    const h = host();
    registerTasks(h, [a]);
    const otherA = defineTask('a', () => 1);
    expect(() => registerTasks(h, [otherA])).toThrow(TaskDuplicateError);
    expect(() => collectTasks([a, otherA])).toThrow(/Two different tasks are named "a"/);
    expect(() => registerTasks(h, { x: 1 })).toThrow(NoTasksError);
  });
});
