/**
 * What a running task knows about its message, without adding a parameter to the handler: the
 * handler's parameters are exactly the task's arguments, and `taskContext()` gives the rest
 * (message id, receive count, abort signal…) from wherever the handler's code runs.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { TaskContextUnavailableError } from './task-errors.js';

/** The message a task handler is running for. */
export interface TaskContext {
  /** The task's name. */
  readonly task: string;
  /** The task message's `id` (the same across redeliveries and long-delay carry-overs). */
  readonly id: string;
  /** The SQS message id of this delivery. */
  readonly messageId: string;
  /** How many times SQS has delivered this message, this time included (1 on the first try). */
  readonly receiveCount: number;
  /** When the task was enqueued. */
  readonly enqueuedAt: Date;
  /** The URL of the queue the message came from. */
  readonly queueUrl: string;
  /**
   * Aborted when the handler should stop: the worker is stopping past its timeout, the message's
   * visibility was lost, or a handler timeout ran out. Pass it to what you await.
   */
  readonly signal: AbortSignal;
}

// One store per process, even when two copies of this package are loaded (a globally installed
// `sqs-mega` CLI running tasks that import a project's own copy).
const STORE_KEY = Symbol.for('@sqs-mega/node.taskContext');
const holder = globalThis as { [STORE_KEY]?: AsyncLocalStorage<TaskContext> };
const store = (holder[STORE_KEY] ??= new AsyncLocalStorage<TaskContext>());

/** Runs `fn` with `context` as the {@link taskContext} of everything it calls and awaits. */
export function runWithTaskContext<T>(context: TaskContext, fn: () => T): T {
  return store.run(context, fn);
}

/**
 * The context of the task being run: call it inside a task handler (or in code the handler calls).
 *
 * @throws TaskContextUnavailableError (code `TASK_NO_CONTEXT`) outside a task handler.
 * @example
 * ```ts
 * export const resize = defineTask('images.resize', async (key: string, width: number) => {
 *   const { signal, receiveCount } = taskContext();
 *   await resizeImage(key, width, { signal });
 * });
 * ```
 */
export function taskContext(): TaskContext {
  const context = store.getStore();
  if (context === undefined) throw new TaskContextUnavailableError();
  return context;
}
