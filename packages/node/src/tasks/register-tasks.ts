/**
 * `registerTasks`: every task of a module (or a list) registered on a listener in one call, and
 * the unrecognized-message policy a task queue needs (a message this worker cannot run is kept and
 * reported, never deleted).
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { MessageContext, Subscriber, UnrecognizedPolicy } from '@sqs-mega/core';
import leven, { closestMatch } from 'leven';
import { isTask, type Task } from './define-task.js';
import { NoTasksError, TaskDuplicateError, TaskUnknownError } from './task-errors.js';
import { keepUnrunnable, readTaskQueueMessage } from './task-queue-message.js';
import { taskSubscriber } from './task-subscriber.js';

/**
 * Where tasks can be found: a task, a list of tasks, or an object — typically a module namespace
 * (`await import('./tasks.js')`) — whose values are tasks, or lists or objects of tasks (one level
 * down, so `export default { sendEmail, resize }` counts). Other values are ignored.
 */
export type TaskSource = Task | Iterable<unknown> | Readonly<Record<string, unknown>>;

/** What tasks are registered on: an `SqsListener` (or anything with its `queueUrl` and `register`). */
export interface TaskHost {
  readonly queueUrl: string;
  register(subscriber: Subscriber): () => void;
}

/** Options of {@link registerTasks}. */
export interface RegisterTasksOptions {
  /**
   * The client that carries long delays over (sends a message again with its remaining delay).
   * Use the listener's client.
   * @defaultValue each task's client (see `configureTasks`)
   */
  readonly client?: SQSClient;
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

function valuesOf(value: unknown): unknown[] {
  if (isIterable(value)) return [...value];
  if (typeof value === 'object' && value !== null) return Object.values(value);
  return [];
}

/**
 * The tasks in `source` (see {@link TaskSource}), each once, in the order found.
 *
 * @throws TaskDuplicateError (code `TASK_DUPLICATE`) for two different tasks with one name.
 */
export function collectTasks(source: TaskSource): Task[] {
  const found: Task[] = [];
  const byName = new Map<string, Task>();
  const add = (task: Task): void => {
    const existing = byName.get(task.name);
    if (existing === task) return;
    if (existing !== undefined) throw new TaskDuplicateError(task.name);
    byName.set(task.name, task);
    found.push(task);
  };
  for (const value of isTask(source) ? [source] : valuesOf(source)) {
    if (isTask(value)) add(value);
    else for (const inner of valuesOf(value)) if (isTask(inner)) add(inner);
  }
  return found;
}

const registered = new WeakMap<TaskHost, Map<string, Task>>();

/**
 * Registers every task of `source` on `host` (an `SqsListener`): each becomes a data subscriber for
 * the task messages naming it. Every task is registered, whatever its `queue`: a worker runs the
 * tasks whose messages reach the queues it listens to.
 *
 * @returns a function that unregisters them.
 * @throws NoTasksError (code `TASKS_NONE`) when `source` holds no task; TaskDuplicateError (code
 *   `TASK_DUPLICATE`) when another task of the same name is already registered on `host`.
 * @example
 * ```ts
 * import * as tasks from './tasks.js';
 * const listener = new SqsListener({ queueUrl, unrecognized: keepUnknownTasks() });
 * registerTasks(listener, tasks);
 * listener.start();
 * ```
 */
export function registerTasks(host: TaskHost, source: TaskSource, options: RegisterTasksOptions = {}): () => void {
  const tasks = collectTasks(source);
  if (tasks.length === 0) throw new NoTasksError('the tasks given to registerTasks');
  const names = registered.get(host) ?? new Map<string, Task>();
  const fresh = tasks.filter((task) => {
    const existing = names.get(task.name);
    if (existing !== undefined && existing !== task) throw new TaskDuplicateError(task.name);
    return existing === undefined;
  });
  registered.set(host, names);
  const offs = fresh.map((task) => {
    const off = host.register(taskSubscriber(task, { queueUrl: host.queueUrl, client: options.client }));
    names.set(task.name, task);
    return () => {
      off();
      names.delete(task.name);
    };
  });
  return () => {
    for (const off of offs) off();
  };
}

/** Options of {@link keepUnknownTasks}. */
export interface KeepUnknownTasksOptions {
  /**
   * The names of the tasks the worker runs, to list them (and suggest the nearest) when a message
   * names another.
   * @defaultValue none: the error names only the unknown task
   */
  readonly knownTasks?: readonly string[];
  /** Called for each valid task message naming a task this worker does not have. @defaultValue none */
  readonly onUnknownTask?: (taskName: string, context: MessageContext) => void;
}

/** The known task nearest to `name` by edit distance, when it is close enough to be a typo. */
function nearestTask(name: string, known: readonly string[] | undefined): string | undefined {
  if (known === undefined || known.length === 0) return undefined;
  const best = closestMatch(name, known);
  return best !== undefined && leven(name, best) <= Math.max(2, Math.floor(best.length / 4)) ? best : undefined;
}

/**
 * The `unrecognized` policy of a task worker's listeners (the default of `TaskWorker` and
 * `sqs-mega worker`): **every message no task runs is kept, none deleted**, and each delivery of one
 * is reported once, as an `error` event — a `HandlerFailedError` (subscriber `unrecognized`, status
 * `RETRIABLE_ERROR`) whose `cause` is what the policy threw:
 * - a valid task message naming a task this worker does not have: `TaskUnknownError` (a core
 *   `RetriableError`, with `taskName`; another worker of the queue may run it);
 * - a broken task message (`task` given, but no `id`, `args` not an array…): a `RetriableError`
 *   whose `cause` is a `TaskMessageInvalidError` (code `TASK_MESSAGE_INVALID`);
 * - any other body: a `RetriableError` whose `cause` is a `TaskMessageForeignError` (code
 *   `TASK_MESSAGE_INVALID`) whose `format` names what it looks like: `pyqs`, `sqsq`, `celery`,
 *   `mega-event`, `json-object`, `plaintext`, `binary`.
 *
 * The message comes back after the listener's retry backoff (see `task-queue-message.ts` for why
 * not a longer visibility). Give the queue a dead-letter queue: after `maxReceiveCount` receives
 * SQS moves the message there. A listener given its own `isRetriable` must accept `RetriableError`
 * for this to hold (`TaskWorker` adds it).
 *
 * @param options - the worker's task names, and a callback for unknown tasks; a function is taken as
 *   `onUnknownTask`. @defaultValue `{}`
 */
export function keepUnknownTasks(
  options: KeepUnknownTasksOptions | ((taskName: string, context: MessageContext) => void) = {},
): UnrecognizedPolicy {
  const { knownTasks, onUnknownTask } = typeof options === 'function' ? { knownTasks: undefined, onUnknownTask: options } : options;
  return {
    handle: (decoded, context) => {
      const read = readTaskQueueMessage(decoded, context.messageAttributes);
      if (read.kind !== 'task') throw keepUnrunnable(read.error);
      const taskName = read.message.task;
      onUnknownTask?.(taskName, context);
      throw new TaskUnknownError(taskName, knownTasks, nearestTask(taskName, knownTasks));
    },
  };
}
