/**
 * `defineTask`: a function made into a task that other processes run. `delay(...args)` enqueues it
 * now, `enqueueIn(seconds, ...args)` later; both are typed from the handler's parameters, and the
 * arguments travel as JSON (checked before anything is sent).
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { InvalidOptionError } from '../errors.js';
import { checkTaskArgs } from './task-args.js';
import { publisherOf, queueUrlOf, taskClient } from './task-client.js';
import { TaskDelayInvalidError, TaskNameInvalidError } from './task-errors.js';
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

/** A task made by {@link defineTask}, typed by its handler's parameters `A`. */
export interface Task<A extends TaskArgs = TaskArgs> {
  /** The task's name, as written in its messages (`task`). */
  readonly name: string;
  /** The queue it is enqueued to: a name or a URL. */
  readonly queue: string;
  /** The handler, as given: call it directly in unit tests. */
  readonly handler: (...args: A) => unknown;
  /** The task's own client, if it was given one. */
  readonly client: SQSClient | undefined;
  /** The task's own retriable-error rule, if it was given one. */
  readonly isRetriable: ((error: unknown) => boolean) | undefined;
  /**
   * Enqueues the task to run as soon as a worker takes it.
   *
   * @throws TaskArgsNotJsonError (code `TASK_ARGS_NOT_JSON`) before sending, for a value JSON cannot carry;
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
   * @throws TaskArgsNotJsonError (code `TASK_ARGS_NOT_JSON`)
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
 */
export function defineTask<A extends TaskArgs>(name: string, handler: (...args: A) => unknown, options: TaskOptions = {}): Task<A> {
  checkTaskName(name);
  if (typeof handler !== 'function') throw new InvalidOptionError('handler', `the handler of task "${name}" must be a function`);
  const queue = checkQueue(name, options.queue ?? queueNameForTask(name));
  if (options.isRetriable !== undefined && typeof options.isRetriable !== 'function') {
    throw new InvalidOptionError('isRetriable', 'expected a function');
  }

  const send = async (args: readonly unknown[], delaySeconds: number | undefined): Promise<EnqueuedTask> => {
    const { message, delaySeconds: sqsDelay } = planEnqueue(name, checkTaskArgs(name, args), Date.now(), delaySeconds);
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
    delay: (...args: A) => send(args, undefined),
    enqueueIn: async (seconds: number, ...args: A) => {
      // 8.64e15 ms is the last instant a Date can hold.
      if (typeof seconds !== 'number' || !(seconds >= 0) || !(Date.now() + seconds * 1000 <= 8.64e15)) {
        throw new TaskDelayInvalidError(name, seconds);
      }
      return send(args, seconds);
    },
    message: (...args: A) => planEnqueue(name, checkTaskArgs(name, args), Date.now()).message,
    [TASK_BRAND]: true as const,
  });
}
