/**
 * `TaskWorker`: the tasks of a module run from several queues — one `SqsListener` per queue, all
 * sharing one client — started and stopped (drained) together. It adds no polling of its own: each
 * listener is the ordinary one, with the tasks registered as data subscribers.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { RetriableError, type UnrecognizedPolicy } from '@sqs-mega/core';
import { sqsClientOrDefault } from '../aws-clients.js';
import { InvalidOptionError } from '../errors.js';
import type { SqsListenerOptions, StopOptions, StopResult } from '../listen/listener-options.js';
import { SqsListener } from '../listen/sqs-listener.js';
import type { Stoppable } from '../listen/stop-on-signals.js';
import { collectTasks, keepUnknownTasks, registerTasks, type TaskSource } from './register-tasks.js';

/** Options of a {@link TaskWorker}: the queues, the tasks, and the listener options every queue's listener gets. */
export interface TaskWorkerOptions extends Omit<SqsListenerOptions, 'queueUrl' | 'client' | 'unrecognized' | 'isRetriable' | 'signal'> {
  /** The queues' URLs (see `selectQueues` for names, task names and wildcards). */
  readonly queueUrls: readonly string[];
  /** The tasks to run: a module namespace, a list of tasks… (see {@link TaskSource}). */
  readonly tasks: TaskSource;
  /**
   * The client every listener shares (and long delays are carried over with).
   * @defaultValue `new SQSClient({})`: region and credentials from the AWS default chain (destroyed once stopped)
   */
  readonly client?: SQSClient;
  /**
   * What happens to messages no task matches.
   * @defaultValue {@link keepUnknownTasks}`({ knownTasks })`: every message no task runs — unknown
   *   tasks, broken task messages, other formats (PyQS, sqsq…), plaintext — is kept and reported as
   *   an `error` event, never deleted (it reaches the DLQ after `maxReceiveCount` receives)
   */
  readonly unrecognized?: UnrecognizedPolicy;
  /**
   * Which thrown errors, besides core's `RetriableError`, keep the message (`RETRIABLE_ERROR`).
   * `RetriableError` always does on a worker: the tasks' own retriable throws and the messages the
   * worker cannot run depend on it.
   * @defaultValue none: `RetriableError` (and interruptions) only
   */
  readonly isRetriable?: (error: unknown) => boolean;
}

/**
 * Runs tasks from several queues: one listener per queue (each with its own `concurrency`), one
 * shared client. Pass it to `stopOnSignals` like a listener.
 *
 * @example
 * ```ts
 * import * as tasks from './tasks.js';
 * const worker = new TaskWorker({ queueUrls, tasks, concurrency: 20 });
 * worker.listeners.forEach((l) => l.on('error', (e) => console.error(e.code, e.message)));
 * worker.start();
 * stopOnSignals(worker);
 * ```
 */
export class TaskWorker implements Stoppable {
  /** One listener per queue, in the order of `queueUrls`. */
  readonly listeners: readonly SqsListener[];
  readonly #client: SQSClient;
  readonly #ownsClient: boolean;
  #stopping: Promise<StopResult> | undefined;

  /**
   * @throws InvalidOptionError (code `OPTION_INVALID`) for no queue or an invalid listener option;
   *   NoTasksError (code `TASKS_NONE`), TaskDuplicateError (code `TASK_DUPLICATE`).
   */
  constructor(options: TaskWorkerOptions) {
    const { queueUrls, tasks, client, unrecognized, isRetriable, ...listenerOptions } = options;
    if (!Array.isArray(queueUrls) || queueUrls.length === 0) throw new InvalidOptionError('queueUrls', 'give at least one queue URL');
    if (isRetriable !== undefined && typeof isRetriable !== 'function') throw new InvalidOptionError('isRetriable', 'expected a function');
    const policy = unrecognized ?? keepUnknownTasks({ knownTasks: collectTasks(tasks).map((task) => task.name) });
    const retriable = (error: unknown): boolean => error instanceof RetriableError || (isRetriable?.(error) ?? false);
    this.#client = sqsClientOrDefault(client);
    this.#ownsClient = client === undefined;
    this.listeners = [...new Set(queueUrls)].map((queueUrl) => {
      const listener = new SqsListener({ ...listenerOptions, queueUrl, client: this.#client, unrecognized: policy, isRetriable: retriable });
      registerTasks(listener, tasks, { client: this.#client });
      return listener;
    });
  }

  /** Starts every listener. */
  start(): void {
    for (const listener of this.listeners) listener.start();
  }

  /**
   * Stops every listener at once (see `SqsListener.stop`) and resolves when all have drained, with
   * their results added up. Calling it again returns the same promise.
   */
  stop(options: StopOptions = {}): Promise<StopResult> {
    this.#stopping ??= Promise.all(this.listeners.map((listener) => listener.stop(options))).then((results) => {
      if (this.#ownsClient) this.#client.destroy();
      return results.reduce((sum, r) => ({ aborted: sum.aborted + r.aborted, abandoned: sum.abandoned + r.abandoned, released: sum.released + r.released }), {
        aborted: 0,
        abandoned: 0,
        released: 0,
      });
    });
    return this.#stopping;
  }
}
