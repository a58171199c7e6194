/**
 * `defineTask`: a function made into a task that other processes run. `delay(...args)` enqueues it
 * now, `enqueueIn(seconds, ...args)` later; both are typed from the handler's parameters, and the
 * arguments travel as JSON (checked before anything is sent). With an `args` schema (a Standard
 * Schema of the argument tuple) they are typed by the schema instead — its input for enqueuing, its
 * output for the handler — and validated on enqueue and on receipt (see `task-args-schema.ts`).
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { isStandardSchema } from '@sqs-mega/core';
import { InvalidOptionError } from '../errors.js';
import { checkTaskArgs } from './task-args.js';
import { taskArgsViolation, validateTaskArgs, validateTaskArgsSync, type InvalidArgsPolicy, type TaskArgsInput, type TaskArgsOutput, type TaskArgsSchema, type TaskArgsValidation } from './task-args-schema.js';
import { publisherOf, queueUrlOf, taskClient } from './task-client.js';
import { TaskArgsInvalidError, TaskArgsSchemaAsyncError, TaskDelayInvalidError, TaskNameInvalidError } from './task-errors.js';
import { planEnqueue, type TaskMessage } from './task-message.js';
import { checkTaskName, isQueueName, isQueueUrl, queueNameForTask, queueNameOfUrl } from './task-name.js';

/** Options of {@link defineTask}. */
export interface TaskOptions {
  /**
   * The queue the task is enqueued to: a name (standard queue) or a URL.
   * @defaultValue the task's name with dots turned into hyphens (`email.send` → `email-send`)
   */
  readonly queue?: string;
  /**
   * The client `delay`/`enqueueIn` send with.
   * @defaultValue the one set with `configureTasks({ client })`, else `new SQSClient({})` (the AWS default chain)
   */
  readonly client?: SQSClient;
  /**
   * Which errors the handler throws mean "retry later" (the message is kept and delivered again
   * after the listener's retry backoff) — on top of core's `RetriableError` and the listener's own
   * `isRetriable`. Other errors finish the message as `FATAL_ERROR` (it is deleted).
   * @defaultValue none: only what the listener counts as retriable
   */
  readonly isRetriable?: (error: unknown) => boolean;
  /**
   * A Standard Schema of the argument tuple (`v.tuple([v.string(), v.number()])`,
   * `z.tuple([...])`). `delay`/`enqueueIn` then take the schema's input and validate it before
   * sending (what travels is the input, as given); the worker validates the arguments again and
   * the handler receives the schema's output (transforms applied). A received message whose
   * arguments break the schema never reaches the handler: it is a contract violation of contract
   * `task:<name>` (see `onInvalidArgs`).
   * @defaultValue none: the arguments are the handler's parameters, checked only for JSON
   */
  readonly args?: TaskArgsSchema;
  /**
   * What happens to a received message whose arguments break the `args` schema: `'fatal'` deletes
   * it (`FATAL_ERROR`: arguments do not become valid by being delivered again), `'retry'` keeps it
   * (`RETRIABLE_ERROR`: delivered again after the retry backoff, then the DLQ) — for a schema
   * that a newer deployment may relax. Either way the listener reports a `violation`.
   * @defaultValue 'fatal'
   */
  readonly onInvalidArgs?: InvalidArgsPolicy;
}

/** {@link TaskOptions} with an `args` schema `S`. */
export interface TaskOptionsWithArgs<S extends TaskArgsSchema> extends TaskOptions {
  readonly args: S;
}

/** What `delay`/`enqueueIn` resolve to. */
export interface EnqueuedTask {
  /** The task message's id (see {@link TaskMessage}). */
  readonly id: string;
  /** The SQS message id. */
  readonly messageId: string;
  /** The queue it was sent to. */
  readonly queueUrl: string;
  /** For delays above 900 s: when it will run (the message's `runAt`). */
  readonly runAt?: Date;
}

/** A handler's parameters as a task's arguments. */
export type TaskArgs = unknown[];

const TASK_BRAND = Symbol.for('@sqs-mega/node.Task');

/**
 * A task made by {@link defineTask}, typed by the arguments `A` that `delay`/`enqueueIn` take and
 * the parameters `H` its handler receives (the same, unless an `args` schema transforms them).
 */
export interface Task<A extends TaskArgs = TaskArgs, H extends TaskArgs = A> {
  /** The task's name, as written in its messages (`task`). */
  readonly name: string;
  /** The queue it is enqueued to: a name or a URL. */
  readonly queue: string;
  /** The handler, as given: call it directly in unit tests. */
  readonly handler: (...args: H) => unknown;
  /** The task's own client, if it was given one. */
  readonly client: SQSClient | undefined;
  /** The task's own retriable-error rule, if it was given one. */
  readonly isRetriable: ((error: unknown) => boolean) | undefined;
  /** The task's `args` schema, if it was given one. */
  readonly args: TaskArgsSchema | undefined;
  /** What a received message with arguments the schema refuses becomes. @defaultValue 'fatal' */
  readonly onInvalidArgs: InvalidArgsPolicy;
  /**
   * Enqueues the task to run as soon as a worker takes it.
   *
   * @throws TaskArgsInvalidError (code `TASK_ARGS_INVALID`) before sending, for arguments the `args` schema refuses;
   *   TaskArgsNotJsonError (code `TASK_ARGS_NOT_JSON`) before sending, for a value JSON cannot carry;
   *   TaskQueueNotFoundError (code `QUEUE_NOT_FOUND`); the publisher's errors (`MESSAGE_TOO_LARGE`, `PUBLISH_FAILED`…).
   */
  delay(...args: A): Promise<EnqueuedTask>;
  /**
   * Enqueues the task to run in `seconds` (≥ 0; fractions are rounded up). Up to 900 s this is
   * SQS's `DelaySeconds`. Longer delays are sent with 900 s and a `runAt` time: each worker that
   * receives the message early sends it again with the remaining time (at most 900 s) and deletes
   * the original — one message per 15 minutes of delay.
   *
   * @throws TaskDelayInvalidError (code `TASK_DELAY_INVALID`), and what {@link Task.delay} throws.
   */
  enqueueIn(seconds: number, ...args: A): Promise<EnqueuedTask>;
  /**
   * The message `delay(...args)` would send, without sending it (for `publishBatch`, tests, or
   * another transport).
   *
   * @throws TaskArgsInvalidError (code `TASK_ARGS_INVALID`); TaskArgsSchemaAsyncError (code
   *   `TASK_ARGS_SCHEMA_ASYNC`) when the `args` schema validates asynchronously; TaskArgsNotJsonError
   *   (code `TASK_ARGS_NOT_JSON`)
   */
  message(...args: A): TaskMessage;
  /** @internal Brands tasks across copies of this package. */
  readonly [TASK_BRAND]: true;
}

/** Whether `value` is a task made by {@link defineTask} (by any copy of this package). */
export function isTask(value: unknown): value is Task {
  return typeof value === 'object' && value !== null && (value as { [TASK_BRAND]?: unknown })[TASK_BRAND] === true;
}

function checkQueue(taskName: string, queue: string): string {
  if (typeof queue !== 'string') throw new InvalidOptionError('queue', 'expected a queue name or URL');
  if (isQueueUrl(queue)) {
    if (queueNameOfUrl(queue).endsWith('.fifo')) {
      throw new InvalidOptionError('queue', `${queue} is a FIFO queue: tasks use standard queues (FIFO queues have no per-message delay)`);
    }
    return queue;
  }
  if (!isQueueName(queue)) {
    throw new TaskNameInvalidError(taskName, `its queue ${JSON.stringify(queue)} is not an SQS queue name (1–80 letters, digits, "-", "_")`);
  }
  if (queue.endsWith('.fifo')) {
    throw new InvalidOptionError('queue', `${queue} is a FIFO queue: tasks use standard queues (FIFO queues have no per-message delay)`);
  }
  return queue;
}

/**
 * Makes `handler` a task named `name`. The handler's parameters are the task's arguments; inside
 * it, `taskContext()` gives the message id, receive count and abort signal. Returning (anything)
 * finishes the task (`DONE`); throwing a `RetriableError` retries it with backoff; any other throw
 * finishes it as `FATAL_ERROR`.
 *
 * @param name - 1–80 letters, digits, `_`, `-`, dots between parts (`email.send`).
 * @throws TaskNameInvalidError (code `TASK_NAME_INVALID`), InvalidOptionError (code `OPTION_INVALID`).
 * @example
 * ```ts
 * export const sendEmail = defineTask('email.send', async (to: string, template: string) => {
 *   await mailer.send(to, template);
 * });
 * await sendEmail.delay('ada@example.com', 'welcome');       // queue email-send
 * await sendEmail.enqueueIn(3600, 'ada@example.com', 'nudge'); // in an hour
 * ```
 * @example With an `args` schema: validated on enqueue and on receipt, the handler gets its output.
 * ```ts
 * export const remind = defineTask('user.remind', async (email, at) => { ... }, // (string, Date)
 *   { args: v.tuple([v.pipe(v.string(), v.email()), v.pipe(v.string(), v.isoTimestamp(), v.transform((s) => new Date(s)))]) });
 * await remind.delay('ada@example.com', '2030-01-01T09:00:00Z');
 * ```
 */
export function defineTask<S extends TaskArgsSchema>(
  name: string,
  handler: (...args: TaskArgsOutput<S>) => unknown,
  options: TaskOptionsWithArgs<S>,
): Task<TaskArgsInput<S>, TaskArgsOutput<S>>;
export function defineTask<A extends TaskArgs>(name: string, handler: (...args: A) => unknown, options?: TaskOptions & { readonly args?: undefined }): Task<A>;
export function defineTask(name: string, handler: (...args: TaskArgs) => unknown, options: TaskOptions = {}): Task {
  checkTaskName(name);
  if (typeof handler !== 'function') throw new InvalidOptionError('handler', `the handler of task "${name}" must be a function`);
  const queue = checkQueue(name, options.queue ?? queueNameForTask(name));
  if (options.isRetriable !== undefined && typeof options.isRetriable !== 'function') {
    throw new InvalidOptionError('isRetriable', 'expected a function');
  }
  const schema = options.args;
  if (schema !== undefined && !isStandardSchema(schema)) {
    throw new InvalidOptionError('args', 'expected a Standard Schema of the argument tuple (v.tuple([...]), z.tuple([...]), type([...]) of arktype)');
  }
  const onInvalidArgs = options.onInvalidArgs ?? 'fatal';
  if (onInvalidArgs !== 'fatal' && onInvalidArgs !== 'retry') throw new InvalidOptionError('onInvalidArgs', `expected 'fatal' or 'retry', got ${String(onInvalidArgs)}`);

  /** The arguments to send: the schema accepted them (what travels is the input), and JSON carries them. */
  const checked = (args: readonly unknown[], validation: TaskArgsValidation | undefined): unknown[] => {
    if (schema !== undefined && validation !== undefined && !validation.ok) {
      throw new TaskArgsInvalidError(name, taskArgsViolation(name, schema, validation.issues));
    }
    return checkTaskArgs(name, args);
  };
  const checkedSync = (args: readonly unknown[]): unknown[] => {
    if (schema === undefined) return checkTaskArgs(name, args);
    const validation = validateTaskArgsSync(schema, args);
    if (validation === 'async') throw new TaskArgsSchemaAsyncError(name);
    return checked(args, validation);
  };

  const send = async (args: readonly unknown[], delaySeconds: number | undefined): Promise<EnqueuedTask> => {
    const validation = schema === undefined ? undefined : await validateTaskArgs(schema, args);
    const { message, delaySeconds: sqsDelay } = planEnqueue(name, checked(args, validation), Date.now(), delaySeconds);
    const client = taskClient(options.client);
    const queueUrl = await queueUrlOf(client, queue);
    const { messageId } = await publisherOf(client, queueUrl).publish({ ...message }, sqsDelay === undefined ? {} : { delaySeconds: sqsDelay });
    const enqueued = { id: message.id, messageId, queueUrl };
    return message.runAt === undefined ? enqueued : { ...enqueued, runAt: new Date(message.runAt) };
  };

  return Object.freeze({
    name,
    queue,
    handler,
    client: options.client,
    isRetriable: options.isRetriable,
    args: schema,
    onInvalidArgs,
    delay: (...args: TaskArgs) => send(args, undefined),
    enqueueIn: async (seconds: number, ...args: TaskArgs) => {
      // 8.64e15 ms is the last instant a Date can hold.
      if (typeof seconds !== 'number' || !(seconds >= 0) || !(Date.now() + seconds * 1000 <= 8.64e15)) {
        throw new TaskDelayInvalidError(name, seconds);
      }
      return send(args, seconds);
    },
    message: (...args: TaskArgs) => planEnqueue(name, checkedSync(args), Date.now()).message,
    [TASK_BRAND]: true as const,
  });
}
