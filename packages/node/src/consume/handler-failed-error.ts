/**
 * How a consumer reports a subscriber that failed: one {@link HandlerFailedError} per subscriber
 * outcome that carries an error — the listener's `error` event, the Lambda handler's logger.
 */
import { ContractViolationError, type DispatchOutcome } from '@sqs-mega/core';
import { describeCause, SqsMegaNodeError } from '../errors.js';

/** A subscriber threw (or returned something that is not a status) while handling a message. */
export class HandlerFailedError extends SqsMegaNodeError {
  readonly code = 'HANDLER_FAILED' as const;
  readonly messageId: string;
  /** The subscriber's name (`unrecognized` for the unrecognized handler). */
  readonly subscriber: string;
  /** The status the failure settled to: `FATAL_ERROR` (deleted) or `RETRIABLE_ERROR` (kept). */
  readonly status: string;

  constructor(messageId: string, subscriber: string, status: string, cause: unknown) {
    super(
      subscriber === 'unrecognized'
        ? `No subscriber matched message ${messageId}, and the unrecognized handler ${status === 'RETRIABLE_ERROR' ? 'kept it' : 'failed'}: ${describeCause(cause)} (status ${status}).`
        : `Subscriber ${subscriber} failed on message ${messageId} (${describeCause(cause)}); status ${status}.`,
      { cause },
    );
    this.name = 'HandlerFailedError';
    this.messageId = messageId;
    this.subscriber = subscriber;
    this.status = status;
  }
}

/** A message middleware (`messageMiddleware`) threw, or returned without calling `next()`. */
export class MessageMiddlewareFailedError extends SqsMegaNodeError {
  readonly code = 'MESSAGE_MIDDLEWARE_FAILED' as const;
  readonly messageId: string;
  /** Whether the message's subscribers ran (their outcome stands) or not (the message was kept). */
  readonly subscribersRan: boolean;

  constructor(messageId: string, subscribersRan: boolean, cause: unknown) {
    super(
      `A message middleware failed on message ${messageId} (${describeCause(cause)}); ` +
        (subscribersRan ? 'the message was settled as its subscribers said.' : 'its subscribers did not run, and it is kept for another try.') +
        ' Fix the middleware (a tracer or metrics hook): it must call next() and not throw.',
      { cause },
    );
    this.name = 'MessageMiddlewareFailedError';
    this.messageId = messageId;
    this.subscribersRan = subscribersRan;
  }
}

/**
 * A {@link HandlerFailedError} for each subscriber of `outcome` that threw (a contract violation
 * aside) or returned a non-status, and a {@link MessageMiddlewareFailedError} when a message
 * middleware failed.
 */
export function handlerFailures(messageId: string, outcome: DispatchOutcome): (HandlerFailedError | MessageMiddlewareFailedError)[] {
  const failures: (HandlerFailedError | MessageMiddlewareFailedError)[] = [];
  if (outcome.middlewareError !== undefined) failures.push(new MessageMiddlewareFailedError(messageId, outcome.unrecognized || outcome.outcomes.length > 0, outcome.middlewareError));
  for (const o of outcome.outcomes) {
    // A contract violation is reported as such (see contract-violations.ts), not as a crash.
    if (o.error !== undefined && !(o.error instanceof ContractViolationError)) failures.push(new HandlerFailedError(messageId, o.name, o.status, o.error));
  }
  return failures;
}
