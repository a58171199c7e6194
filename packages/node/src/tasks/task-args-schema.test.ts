import { ContractViolationError, Dispatcher, encodeBody, ProcessStatus, type AnySchema } from '@sqs-mega/core';
import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { InvalidOptionError } from '../errors.js';
import { defineTask, type Task } from './define-task.js';
import { TaskArgsInvalidError, TaskArgsSchemaAsyncError } from './task-errors.js';
import { taskSubscriber } from './task-subscriber.js';

/** The same arguments in three libraries: an email (trimmed, lower case) and an ISO instant turned into a `Date`. */
const schemas = {
  valibot: v.tuple([v.pipe(v.string(), v.trim(), v.toLowerCase()), v.pipe(v.string(), v.isoTimestamp(), v.transform((s) => new Date(s)))]),
  zod: z.tuple([z.string().trim().toLowerCase(), z.iso.datetime().transform((s) => new Date(s))]),
  arktype: type(['string.trim', 'string.date.iso.parse']),
};

const AT = '2030-01-01T09:00:00Z';

/** Runs the task subscriber of `task` on a task message carrying `args`, as a listener would. */
async function receive(task: Task<never, never>, args: unknown[]) {
  const dispatcher = new Dispatcher();
  dispatcher.register(taskSubscriber(task as Task, { queueUrl: 'http://127.0.0.1:1/000000000000/q' }));
  const body = encodeBody({ task: task.name, args, id: 'a1', enqueuedAt: '2025-05-04T15:53:27.823Z' });
  return dispatcher.dispatch({ body, messageId: 'm1', receiveCount: 1, messageAttributes: {}, attributes: {}, signal: new AbortController().signal });
}

describe('a task with an args schema', () => {
  it('types delay/enqueueIn/message by the schema input and the handler by its output', () => {
    const remind = defineTask(
      'user.remind',
      (email, at) => {
        expectTypeOf(email).toEqualTypeOf<string>();
        expectTypeOf(at).toEqualTypeOf<Date>();
      },
      { args: schemas.valibot },
    );
    expectTypeOf(remind.delay).parameters.toEqualTypeOf<[string, string]>();
    expectTypeOf(remind.enqueueIn).parameters.toEqualTypeOf<[seconds: number, string, string]>();
    expectTypeOf(remind.message).parameters.toEqualTypeOf<[string, string]>();
    expectTypeOf(remind.handler).parameters.toEqualTypeOf<[string, Date]>();
    // @ts-expect-error: the second argument travels as its input, an ISO string, not a Date
    void (() => remind.delay('ada@example.com', new Date()));
    // @ts-expect-error: a handler whose parameters are not the schema's output
    void (() => defineTask('user.remind', (_email: string, _at: string) => undefined, { args: schemas.valibot }));
    // @ts-expect-error: a schema of something other than a tuple
    void (() => defineTask('user.remind', () => undefined, { args: v.object({ email: v.string() }) }));

    const zodTask = defineTask('user.remind', (_email, _at) => undefined, { args: schemas.zod });
    expectTypeOf(zodTask.delay).parameters.toEqualTypeOf<[string, string]>();
    expectTypeOf(zodTask.handler).parameters.toEqualTypeOf<[string, Date]>();
    const arkTask = defineTask('user.remind', (_email, _at) => undefined, { args: schemas.arktype });
    expectTypeOf(arkTask.delay).parameters.toEqualTypeOf<[string, string]>();
    expectTypeOf(arkTask.handler).parameters.toEqualTypeOf<[string, Date]>();
  });

  for (const [vendor, schema] of Object.entries(schemas) as [keyof typeof schemas, AnySchema][]) {
    describe(`with ${vendor}`, () => {
      const task = defineTask('user.remind', () => undefined, { args: schema as typeof schemas.valibot });

      it('sends the arguments as given (the schema input), once the schema accepts them', () => {
        expect(task.message(' Ada@Example.com ', AT).args).toEqual([' Ada@Example.com ', AT]);
      });

      it('refuses arguments the schema refuses before anything is sent, naming the index path and the schema message', async () => {
        const refusal = await task.delay('ada@example.com', 3 as never).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(refusal).toBeInstanceOf(TaskArgsInvalidError);
        const error = refusal as TaskArgsInvalidError;
        expect(error.code).toBe('TASK_ARGS_INVALID');
        expect(error.violation).toMatchObject({ contract: 'task:user.remind', vendors: [vendor] });
        expect(error.violation.issues[0]?.path).toEqual(['args', 1]);
        expect(error.message).toContain(`args[1]: ${error.violation.issues[0]?.message}`);
        expect(error.message).toContain('Nothing was sent');
        await expect(task.enqueueIn(10, 'ada@example.com', 3 as never)).rejects.toBeInstanceOf(TaskArgsInvalidError);
        expect(() => task.message('ada@example.com', 3 as never)).toThrow(TaskArgsInvalidError);
      });

      it('runs the handler with the schema output on receipt', async () => {
        const runs: unknown[][] = [];
        const run = defineTask('user.remind', (...args) => void runs.push(args), { args: schema as typeof schemas.valibot });
        const outcome = await receive(run, [' Ada@Example.com ', AT]);
        expect(outcome.outcomes[0]?.status).toBe(ProcessStatus.DONE);
        expect(runs).toEqual([[vendor === 'arktype' ? 'Ada@Example.com' : 'ada@example.com', new Date(AT)]]);
      });

      it('settles a received message with arguments the schema refuses as a contract violation, without running the handler', async () => {
        let runs = 0;
        const run = defineTask('user.remind', () => void runs++, { args: schema as typeof schemas.valibot });
        const outcome = await receive(run, ['ada@example.com', 3]);
        expect(runs).toBe(0);
        const [result] = outcome.outcomes;
        expect(result?.status).toBe(ProcessStatus.FATAL_ERROR);
        expect(result?.error).toBeInstanceOf(ContractViolationError);
        const { violation } = result?.error as ContractViolationError;
        expect(violation).toMatchObject({ contract: 'task:user.remind', vendors: [vendor] });
        expect(violation.issues[0]?.path).toEqual(['args', 1]);
        expect(outcome.action).toBe('delete');
      });
    });
  }

  it("keeps a received message with refused arguments for another try with onInvalidArgs: 'retry'", async () => {
    let runs = 0;
    const run = defineTask('user.remind', () => void runs++, { args: schemas.zod, onInvalidArgs: 'retry' });
    const outcome = await receive(run, ['ada@example.com']);
    expect(runs).toBe(0);
    expect(outcome.outcomes[0]).toMatchObject({ status: ProcessStatus.RETRIABLE_ERROR, error: expect.any(ContractViolationError) });
    expect(outcome.action).toBe('keep');
  });

  it('awaits an asynchronous schema on enqueue and on receipt; message() cannot, and says so', async () => {
    const known = new Set(['ada@example.com']);
    const schema = z.tuple([z.string().refine(async (email) => known.has(email), 'unknown user')]);
    const runs: string[] = [];
    const task = defineTask('user.remind', (email) => void runs.push(email), { args: schema });
    await expect(task.delay('bob@example.com')).rejects.toMatchObject({ code: 'TASK_ARGS_INVALID', violation: { issues: [{ path: ['args', 0], message: 'unknown user' }] } });
    expect(() => task.message('ada@example.com')).toThrow(TaskArgsSchemaAsyncError);
    expect((await receive(task, ['ada@example.com'])).outcomes[0]?.status).toBe(ProcessStatus.DONE);
    expect((await receive(task, ['bob@example.com'])).outcomes[0]?.status).toBe(ProcessStatus.FATAL_ERROR);
    expect(runs).toEqual(['ada@example.com']);
  });

  it('still refuses arguments JSON cannot carry when the schema accepts them', async () => {
    const task = defineTask('report.build', (_when) => undefined, { args: z.tuple([z.date()]) });
    await expect(task.delay(new Date())).rejects.toMatchObject({ code: 'TASK_ARGS_NOT_JSON', path: 'args[0]' });
  });

  it('refuses an args option that is not a Standard Schema, and an unknown onInvalidArgs', () => {
    expect(() => defineTask('a', () => undefined, { args: [v.string()] as never })).toThrow(InvalidOptionError);
    expect(() => defineTask('a', () => undefined, { args: schemas.zod, onInvalidArgs: 'drop' as never })).toThrow(InvalidOptionError);
  });

  it('leaves a task without args as it was: no schema, the handler gets the JSON arguments', async () => {
    const runs: unknown[][] = [];
    const task = defineTask('plain', (...args: unknown[]) => void runs.push(args));
    expect(task.args).toBeUndefined();
    expect(task.onInvalidArgs).toBe('fatal');
    expect((await receive(task, [' A ', 3])).outcomes[0]?.status).toBe(ProcessStatus.DONE);
    expect(runs).toEqual([[' A ', 3]]);
  });
});
