/**
 * `dispatch`: one message through subscribers, in a unit test, without SQS. It runs core's
 * `Dispatcher` built by the same `createConsumerDispatcher` as `SqsListener` and
 * `createSqsHandler` — the same defaults (a throw of core's `RetriableError` or of an interruption
 * keeps the message, any other throw is `FATAL_ERROR`; unrecognized messages are deleted), the same
 * routing, the same delete-or-keep rule — so what a test sees is what a deployed consumer does.
 * What is not simulated: the receive loop, heartbeats, timeouts and FIFO ordering, which decide
 * when a handler runs and when its signal fires, not what its answer does to the message.
 */
import type { SubscriberMiddleware } from '@sqs-mega/core';
import { createConsumerDispatcher, deletesUnrecognized, type ConsumerOptions } from '../consume/consumer-options.js';
import { toDispatchInput } from '../consume/delivered-message.js';
import { InvalidOptionError } from '../errors.js';
import { resolveTargets, type DispatchTargets } from './dispatch-targets.js';
import { toDispatchResult, type DispatchResult } from './dispatch-result.js';
import { simulateDelivery, type DeliveryOptions, type TestMessage } from './simulated-delivery.js';

/**
 * How the message is delivered (message id, receive count, attributes, encoding, SNS) and the
 * consumer options that change what happens to it — `isRetriable`, `unrecognized` and `middleware`,
 * with the names, meaning and defaults of `SqsListener`'s and `createSqsHandler`'s options. Pass the
 * values your listener is built with: `dispatch` cannot read them from a listener.
 */
export interface DispatchOptions extends DeliveryOptions, ConsumerOptions {
  /**
   * The handler's `context.signal`. Pass an aborted one to test how a handler reacts to being
   * interrupted (the listener aborts it when the message's visibility is lost or on stop).
   * @defaultValue a signal that never aborts
   */
  readonly signal?: AbortSignal;
  /**
   * The queue a task's message comes from (`taskContext().queueUrl`), for targets that are tasks.
   * @defaultValue the task's `queue` when it is a URL, else `https://sqs.us-east-1.amazonaws.com/000000000000/<queue>`
   */
  readonly queueUrl?: string;
}

function checkOptions(options: DispatchOptions): void {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('options', 'expected an object');
  if (options.isRetriable !== undefined && typeof options.isRetriable !== 'function') {
    throw new InvalidOptionError('isRetriable', 'expected a function');
  }
  const middleware: readonly SubscriberMiddleware[] | undefined = options.middleware;
  if (middleware !== undefined && (!Array.isArray(middleware) || !middleware.every((m) => typeof m === 'function'))) {
    throw new InvalidOptionError('middleware', 'expected an array of middleware functions');
  }
  const { signal } = options;
  if (signal !== undefined && (typeof signal !== 'object' || signal === null || typeof signal.aborted !== 'boolean')) {
    throw new InvalidOptionError('signal', 'expected an AbortSignal (new AbortController().signal)');
  }
  if (options.queueUrl !== undefined && (typeof options.queueUrl !== 'string' || options.queueUrl === '')) {
    throw new InvalidOptionError('queueUrl', 'expected the URL of a queue');
  }
}

/**
 * Delivers `message` to `subscribers` as a listener (or the Lambda handler) would, and reports
 * what happened: each subscriber's status and error, whether the message was unrecognized, and the
 * `action` the runtime takes — `delete` it, or `keep` it for another delivery.
 *
 * @param subscribers - A subscriber, a task made by `defineTask` (run as a worker runs it), a list
 *   of them, or an `SqsListener` (its registered subscribers; pass its options in `options`).
 * @param message - A MEGA payload, a data object (`task.message(...)`), a body string (used as it
 *   is) or bytes; objects are encoded as the publishers encode them.
 * @param options - See {@link DispatchOptions}. @defaultValue `{}`
 * @throws InvalidOptionError (code `OPTION_INVALID`) for an invalid option, or when nothing is
 *   given to dispatch to while unrecognized messages are deleted (the listener refuses to start
 *   then); what the publishers throw for a message they would not send (`MEGA_INVALID`,
 *   `MESSAGE_TOO_LARGE`, `ATTRIBUTE_INVALID`…); what `register` throws for an invalid subscriber
 *   or pattern, or one given twice. A subscriber's own throw never rejects: it becomes its status.
 * @example
 * ```ts
 * const outcome = await dispatch(onUserUpdated, new PayloadBuilder().withEvent({ name: 'user.updated' }).build());
 * expect(outcome.action).toBe('delete');
 * expect(outcome.statusOf('onUserUpdated')).toBe(ProcessStatus.DONE);
 * ```
 */
export async function dispatch(subscribers: DispatchTargets, message: TestMessage, options: DispatchOptions = {}): Promise<DispatchResult> {
  checkOptions(options);
  const targets = resolveTargets(subscribers, options.queueUrl);
  const { isRetriable, unrecognized, middleware } = options;
  const consumerOptions: ConsumerOptions = {
    ...targets.consumerOptions,
    ...(isRetriable === undefined ? {} : { isRetriable }),
    ...(unrecognized === undefined ? {} : { unrecognized }),
    ...(middleware === undefined ? {} : { middleware }),
  };
  if (targets.subscribers.length === 0 && deletesUnrecognized(consumerOptions)) {
    throw new InvalidOptionError(
      'subscribers',
      'none was given, so every message would be deleted as unrecognized (SqsListener refuses to start like this); ' +
        'pass the subscribers under test, or set unrecognized to a handler',
    );
  }
  const dispatcher = createConsumerDispatcher(consumerOptions);
  for (const subscriber of targets.subscribers) dispatcher.register(subscriber);
  const delivered = simulateDelivery(message, options);
  const abort = { signal: options.signal ?? new AbortController().signal };
  const outcome = await dispatcher.dispatch(toDispatchInput(delivered, abort));
  return toDispatchResult(outcome, delivered, targets.subscribers);
}
