/**
 * What every consumer of this package — the long-running `SqsListener` and the Lambda handler of
 * `@sqs-mega/node/lambda` — configures the same way: which throws are retriable, what happens to
 * unrecognized messages, the middleware. One {@link createConsumerDispatcher} turns them into core's
 * `Dispatcher`, so a subscriber gets the same statuses, and a message the same fate, in both.
 */
import {
  Dispatcher,
  RetriableError,
  type SubscriberMiddleware,
  type UnrecognizedPolicy,
} from '@sqs-mega/core';
import { isInterruption } from './interruption.js';

/** The dispatch options shared, with the same names and meaning, by the listener and the Lambda handler. */
export interface ConsumerOptions {
  /**
   * Which thrown errors mean `RETRIABLE_ERROR` (keep the message) rather than `FATAL_ERROR`
   * (finished with it: deleted). Whatever it says, a throw of an interruption — the handler's signal
   * reason (an `InterruptionError`: `VisibilityLostError`, `StopTimeoutError`, `HandlerTimeoutError`,
   * `LambdaDeadlineError`) or an `AbortError` — keeps the message.
   * @defaultValue errors that are instances of core's `RetriableError`
   */
  readonly isRetriable?: (error: unknown) => boolean;
  /**
   * What happens to plaintext/binary bodies and to messages no subscriber matches: `'delete'`,
   * `{ handle(decoded, context) }` (its status settles the message), or `{ transform(decoded, context) }`
   * (turned into a data object and routed again).
   * @defaultValue 'delete'
   */
  readonly unrecognized?: UnrecognizedPolicy;
  /** Middleware around every subscriber call (logging, tracing, metrics), outermost first. @defaultValue [] */
  readonly middleware?: readonly SubscriberMiddleware[];
}

/** Whether `options` delete unrecognized messages (so that, with no subscriber, every message would be deleted). */
export function deletesUnrecognized(options: ConsumerOptions): boolean {
  return options.unrecognized === undefined || options.unrecognized === 'delete';
}

/**
 * Core's `Dispatcher` for a consumer: `isRetriable` (default: `RetriableError`) widened so that
 * interruptions always keep their message, `unrecognized` and `middleware` passed through.
 */
export function createConsumerDispatcher(options: ConsumerOptions): Dispatcher {
  const isRetriable = options.isRetriable ?? ((error: unknown) => error instanceof RetriableError);
  return new Dispatcher({
    isRetriable: (error) => isInterruption(error) || isRetriable(error),
    ...(options.unrecognized === undefined ? {} : { unrecognized: options.unrecognized }),
    ...(options.middleware === undefined ? {} : { middleware: options.middleware }),
  });
}
