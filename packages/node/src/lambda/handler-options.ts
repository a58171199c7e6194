/**
 * The Lambda handler's options, their defaults, and their validation (an `InvalidOptionError`
 * naming the option, thrown by `createSqsHandler` — at cold start, never while a batch runs).
 */
import type { Subscriber } from '@sqs-mega/core';
import { deletesUnrecognized, type ConsumerOptions } from '../consume/consumer-options.js';
import { InvalidOptionError } from '../errors.js';

/** Where the handler reports failures (handlers that threw, records cut off by the deadline). */
export interface SqsHandlerLogger {
  error(message: string, error?: unknown): void;
}

/**
 * Options of {@link createSqsHandler}. `isRetriable`, `unrecognized` and `middleware` come from
 * {@link ConsumerOptions}: the same names and meaning as `SqsListener`'s, so the same subscribers
 * behave the same in both.
 */
export interface SqsHandlerOptions extends ConsumerOptions {
  /**
   * The subscribers every record is offered to (each registered once, as with `listener.register`).
   * At least one is needed unless `unrecognized` is a handler or a transform: otherwise every
   * record would be deleted as unrecognized.
   */
  readonly subscribers: readonly Subscriber[];
  /**
   * How many records are handled at once, across message groups. On FIFO queues the records of one
   * message group are handled one at a time, in order, whatever this says.
   * @defaultValue 10
   */
  readonly concurrency?: number;
  /**
   * Handle the records of each FIFO message group one at a time, in order; after a record of a
   * group is kept, the rest of that group is returned as failures unprocessed.
   * @defaultValue per record: `true` when its `eventSourceARN` names a queue ending in `.fifo`
   */
  readonly fifo?: boolean;
  /**
   * When this much of the invocation remains (`context.getRemainingTimeInMillis()`), records not
   * started yet are returned as failures, unprocessed, and the running handlers' `AbortSignal`s
   * fire with a `LambdaDeadlineError`. Without `getRemainingTimeInMillis` there is no deadline.
   * @defaultValue 1000
   */
  readonly safetyMarginMs?: number;
  /**
   * After the signals fired, how long to wait for running handlers before giving up on them: their
   * records are returned as failures (SQS delivers them again) and the handler returns, before
   * Lambda's timeout would fail the whole batch. At most `safetyMarginMs`.
   * @defaultValue `safetyMarginMs / 2`
   */
  readonly abortGraceMs?: number;
  /**
   * Where failures are reported (`HandlerFailedError` for each subscriber that threw, records cut
   * off by the deadline); `false`: nowhere.
   * @defaultValue `console` (in Lambda: the function's CloudWatch log)
   */
  readonly logger?: SqsHandlerLogger | false;
}

/** Options after defaults, validated. */
export interface ResolvedSqsHandlerOptions {
  readonly subscribers: readonly Subscriber[];
  readonly concurrency: number;
  readonly fifo: boolean | undefined;
  readonly safetyMarginMs: number;
  readonly abortGraceMs: number;
  readonly logger: SqsHandlerLogger | undefined;
}

function milliseconds(option: string, value: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    throw new InvalidOptionError(option, `expected a number of milliseconds from 0 to ${max}, got ${String(value)}`);
  }
  return value;
}

/** Applies defaults and validates; throws `InvalidOptionError`. */
export function resolveSqsHandlerOptions(options: SqsHandlerOptions): ResolvedSqsHandlerOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('options', 'expected an object with subscribers');
  const { subscribers } = options;
  if (!Array.isArray(subscribers)) throw new InvalidOptionError('subscribers', 'expected an array of subscribers (eventSubscriber(...), dataSubscriber(...)…)');
  if (subscribers.length === 0 && deletesUnrecognized(options)) {
    throw new InvalidOptionError(
      'subscribers',
      'no subscriber is given, so every record would be deleted as unrecognized; pass subscribers, or set unrecognized to a handler',
    );
  }
  const concurrency = options.concurrency ?? 10;
  if (typeof concurrency !== 'number' || !Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100_000) {
    throw new InvalidOptionError('concurrency', `expected an integer from 1 to 100000, got ${String(concurrency)}`);
  }
  if (options.fifo !== undefined && typeof options.fifo !== 'boolean') {
    throw new InvalidOptionError('fifo', `expected a boolean, got ${String(options.fifo)}`);
  }
  // Lambda's longest invocation is 15 minutes.
  const safetyMarginMs = milliseconds('safetyMarginMs', options.safetyMarginMs ?? 1000, 900_000);
  const abortGraceMs = milliseconds('abortGraceMs', options.abortGraceMs ?? safetyMarginMs / 2, 900_000);
  if (abortGraceMs > safetyMarginMs) {
    throw new InvalidOptionError('abortGraceMs', `must not exceed safetyMarginMs (${safetyMarginMs}): the handler must return before Lambda's timeout`);
  }
  if (options.isRetriable !== undefined && typeof options.isRetriable !== 'function') {
    throw new InvalidOptionError('isRetriable', 'expected a function');
  }
  if (options.middleware !== undefined && !Array.isArray(options.middleware)) {
    throw new InvalidOptionError('middleware', 'expected an array of middleware functions');
  }
  if (options.messageMiddleware !== undefined && !Array.isArray(options.messageMiddleware)) {
    throw new InvalidOptionError('messageMiddleware', 'expected an array of middleware functions');
  }
  const logger = options.logger === false ? undefined : (options.logger ?? console);
  return { subscribers, concurrency, fifo: options.fifo, safetyMarginMs, abortGraceMs, logger };
}
