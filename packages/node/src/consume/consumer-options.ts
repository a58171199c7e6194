/**
 * What every consumer of this package — the long-running `SqsListener` and the Lambda handler of
 * `@sqs-mega/node/lambda` — configures the same way: which throws are retriable, what happens to
 * unrecognized messages, the middleware. One {@link createConsumerDispatcher} turns them into core's
 * `Dispatcher`, so a subscriber gets the same statuses, and a message the same fate, in both.
 */
import {
  Dispatcher,
  RetriableError,
  type MessageMiddleware,
  type SubscriberMiddleware,
  type UnrecognizedPolicy,
} from '@sqs-mega/core';
import { isInterruption } from './interruption.js';

/** The dispatch options shared, with the same names and meaning, by the listener and the Lambda handler. */
export interface ConsumerOptions {
  /**
   * Which other thrown errors mean `RETRIABLE_ERROR` (keep the message) rather than `FATAL_ERROR`
   * (finished with it: deleted). It widens, never narrows: whatever it says, a `RetriableError`
   * (core's) and an interruption — the handler's signal reason (an `InterruptionError`:
   * `VisibilityLostError`, `StopTimeoutError`, `HandlerTimeoutError`, `LambdaDeadlineError`) or an
   * `AbortError` — keep the message, so that adding a rule for one library's errors cannot turn the
   * retries a subscriber asked for into deletes.
   * @defaultValue none: only `RetriableError`s and interruptions are retriable
   */
  readonly isRetriable?: (error: unknown) => boolean;
  /**
   * What happens to plaintext/binary bodies and to messages no subscriber matches: `'delete'`,
   * `'keep'` (left in the queue, so they reach its dead-letter queue), `{ handle(decoded, context) }`
   * (its status settles the message), or `{ transform(decoded, context) }` (turned into a data object
   * and routed again). With `'delete'` and `'keep'` the listener counts them (`stats.unrecognized`),
   * emits `unrecognized`, and — when nothing listens to that event — writes one log line per 10 s.
   * @defaultValue 'delete'
   */
  readonly unrecognized?: UnrecognizedPolicy;
  /** Middleware around every subscriber call (logging, tracing, metrics), outermost first. @defaultValue [] */
  readonly middleware?: readonly SubscriberMiddleware[];
  /**
   * Middleware around the whole handling of each message (every subscriber it goes to), outermost
   * first: where a tracer starts one span per message. It observes and cannot change what happens
   * to the message; one that throws is reported (`MESSAGE_MIDDLEWARE_FAILED`) and, when the
   * subscribers did not run, the message is kept. @defaultValue []
   */
  readonly messageMiddleware?: readonly MessageMiddleware[];
}

/** Whether `options` delete unrecognized messages (so that, with no subscriber, every message would be deleted). */
export function deletesUnrecognized(options: ConsumerOptions): boolean {
  return options.unrecognized === undefined || options.unrecognized === 'delete';
}

/**
 * Core's `Dispatcher` for a consumer: `RetriableError`s and interruptions always keep their
 * message, `isRetriable` adds to them; `unrecognized` and both kinds of middleware passed through.
 */
export function createConsumerDispatcher(options: ConsumerOptions): Dispatcher {
  const { isRetriable } = options;
  return new Dispatcher({
    isRetriable: (error) => error instanceof RetriableError || isInterruption(error) || (isRetriable !== undefined && isRetriable(error)),
    ...(options.unrecognized === undefined ? {} : { unrecognized: options.unrecognized }),
    ...(options.middleware === undefined ? {} : { middleware: options.middleware }),
    ...(options.messageMiddleware === undefined ? {} : { messageMiddleware: options.messageMiddleware }),
  });
}
