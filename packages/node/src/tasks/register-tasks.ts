/**
 * `registerTasks`: every task of a module (or a list) registered on a listener in one call, and
 * the unrecognized-message policy a task queue needs (a task this worker does not know is kept, not
 * deleted).
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Subscriber, UnrecognizedPolicy } from '@sqs-mega/core';
import { ProcessStatus, type MessageContext } from '@sqs-mega/core';
import { isTask, type Task } from './define-task.js';
import { NoTasksError, TaskDuplicateError } from './task-errors.js';
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

/** Whether a data object looks like a task message (a string `task` and an `args` array). */
function isTaskShaped(data: Readonly<Record<string, unknown>>): boolean {
  return typeof data['task'] === 'string' && Array.isArray(data['args']);
}

/**
 * The `unrecognized` policy of a task worker's listeners: a task message naming a task this worker
 * does not have is kept (`RETRY_LATER`: another worker may know it, and after `maxReceiveCount`
 * deliveries SQS moves it to the dead-letter queue) instead of being deleted; any other message no
 * subscriber matches is deleted, as by default.
 *
 * @param onUnknownTask - called for each unknown task message (to log it). @defaultValue none
 */
export function keepUnknownTasks(onUnknownTask?: (taskName: string, context: MessageContext) => void): UnrecognizedPolicy {
  return {
    handle: (decoded, context) => {
      if (decoded.kind !== 'data' || !isTaskShaped(decoded.data)) return ProcessStatus.DONE;
      onUnknownTask?.(decoded.data['task'] as string, context);
      return ProcessStatus.RETRY_LATER;
    },
  };
}
