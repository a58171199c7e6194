/**
 * What `dispatch` can run a message through, made into the subscribers a runtime would register:
 * subscribers as they are, tasks as the task subscriber `registerTasks` registers for them (so a task
 * handler is tested exactly as a worker runs it), and the subscribers of anything that lists them —
 * an `SqsListener` (`listener.subscribers`) or the options object given to `createSqsHandler`.
 */
import type { Subscriber } from '@sqs-mega/core';
import type { ConsumerOptions } from '../consume/consumer-options.js';
import { InvalidOptionError } from '../errors.js';
import { isTask, type Task } from '../tasks/define-task.js';
import { TaskDuplicateError } from '../tasks/task-errors.js';
import { isQueueUrl } from '../tasks/task-name.js';
import { taskSubscriber } from '../tasks/task-subscriber.js';

/** One thing a message can be dispatched to: a subscriber, or a task made by `defineTask`. */
export type DispatchTarget = Subscriber | Task<never>;

/**
 * Anything that lists its subscribers: an `SqsListener`, or the options of `createSqsHandler`
 * (whose `isRetriable`, `unrecognized` and `middleware`, when present, apply too).
 */
export interface SubscriberSource extends ConsumerOptions {
  readonly subscribers: readonly Subscriber[];
}

/** What `dispatch` runs a message through: one target, a list of them, or a {@link SubscriberSource}. */
export type DispatchTargets = DispatchTarget | readonly DispatchTarget[] | SubscriberSource;

/** The subscribers of the targets, and the consumer options a {@link SubscriberSource} carried. */
export interface ResolvedTargets {
  readonly subscribers: readonly Subscriber[];
  /** `isRetriable`, `unrecognized` and `middleware` of a {@link SubscriberSource}; empty otherwise. */
  readonly consumerOptions: ConsumerOptions;
}

/**
 * The queue URL a task sees (`taskContext().queueUrl`) when the test gives none: the task's queue
 * when it is a URL, else a URL of that name on a placeholder account.
 */
export function testQueueUrlOf(task: Task<never>): string {
  return isQueueUrl(task.queue) ? task.queue : `https://sqs.us-east-1.amazonaws.com/000000000000/${task.queue}`;
}

function isSubscriberSource(value: unknown): value is SubscriberSource {
  return typeof value === 'object' && value !== null && Array.isArray((value as { subscribers?: unknown }).subscribers);
}

function consumerOptionsOf(source: SubscriberSource): ConsumerOptions {
  const { isRetriable, unrecognized, middleware } = source;
  return {
    ...(isRetriable === undefined ? {} : { isRetriable }),
    ...(unrecognized === undefined ? {} : { unrecognized }),
    ...(middleware === undefined ? {} : { middleware }),
  };
}

/**
 * The subscribers to register for `targets`. Each task becomes its task subscriber for
 * `queueUrl` (default: {@link testQueueUrlOf}); a task listed twice counts once.
 *
 * @throws TaskDuplicateError (code `TASK_DUPLICATE`) for two different tasks of one name (as on a listener);
 *   InvalidOptionError (code `OPTION_INVALID`) for something that is not a target.
 */
export function resolveTargets(targets: DispatchTargets, queueUrl: string | undefined): ResolvedTargets {
  if (typeof targets !== 'object' || targets === null) {
    throw new InvalidOptionError(
      'subscribers',
      `expected a subscriber, a task, a list of them, or an SqsListener, got ${targets === null ? 'null' : typeof targets}`,
    );
  }
  if (isSubscriberSource(targets)) return { subscribers: [...targets.subscribers], consumerOptions: consumerOptionsOf(targets) };
  const list: readonly unknown[] = Array.isArray(targets) ? targets : [targets];
  const tasks = new Map<string, Task<never>>();
  const subscribers: Subscriber[] = [];
  for (const target of list) {
    if (!isTask(target)) {
      // Anything else is registered as a subscriber: the dispatcher says what is wrong with it.
      subscribers.push(target as Subscriber);
      continue;
    }
    const task = target as Task<never>;
    const known = tasks.get(task.name);
    if (known === task) continue;
    if (known !== undefined) throw new TaskDuplicateError(task.name);
    tasks.set(task.name, task);
    subscribers.push(taskSubscriber(task as Task, { queueUrl: queueUrl ?? testQueueUrlOf(task) }));
  }
  return { subscribers, consumerOptions: {} };
}
