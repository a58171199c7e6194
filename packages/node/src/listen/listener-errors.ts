/**
 * Typed errors of the listener: the ones its methods throw (misuse), the ones it reports through
 * its `error` event (SQS calls that failed, handlers that threw), and the reasons a handler's
 * `AbortSignal` fires (interruptions). Each has a stable `code` and a message that says what to do.
 * `HandlerFailedError` and `isInterruption`, shared with the Lambda handler, live in `consume/`.
 */
import type { HandlerFailedError, MessageMiddlewareFailedError } from '../consume/handler-failed-error.js';
import { InterruptionError } from '../consume/interruption.js';
import { AwsCallError, classifyAwsError, describeAwsFailure } from '../aws-failure.js';
import { describeCause, SqsMegaNodeError } from '../errors.js';

export { HandlerFailedError, MessageMiddlewareFailedError } from '../consume/handler-failed-error.js';
export { isInterruption } from '../consume/interruption.js';
export { describeCause } from '../errors.js';

/** `start()` was called on a listener that is already running. */
export class ListenerAlreadyStartedError extends SqsMegaNodeError {
  readonly code = 'LISTENER_ALREADY_STARTED' as const;

  constructor() {
    super('The listener is already running; call start() once (stop() ends it).');
    this.name = 'ListenerAlreadyStartedError';
  }
}

/** `start()` was called on a listener that was stopped: a listener runs once. */
export class ListenerStoppedError extends SqsMegaNodeError {
  readonly code = 'LISTENER_STOPPED' as const;

  constructor() {
    super('The listener was stopped and cannot start again; create a new SqsListener.');
    this.name = 'ListenerStoppedError';
  }
}

/**
 * `start()` was called with no subscriber while unrecognized messages are deleted: the listener
 * would delete every message of the queue.
 */
export class NoSubscribersError extends SqsMegaNodeError {
  readonly code = 'LISTENER_NO_SUBSCRIBERS' as const;

  constructor() {
    super(
      'No subscriber is registered, so every message would be deleted as unrecognized. ' +
        'Register a subscriber before start(), or set the unrecognized option to a handler.',
    );
    this.name = 'NoSubscribersError';
  }
}

/** What a receive was, for the advice of its failure. */
export interface ReceiveFailureContext {
  /** The queue received from, named in the advice (a missing queue, a permission). @defaultValue none */
  readonly queueUrl?: string | undefined;
}

/**
 * A ReceiveMessage call failed; the listener waits `retryInMs`, then tries again (until stopped),
 * whatever the failure: a server restarting, a queue about to be created and a network coming back
 * all recover on their own. `kind` (from aws-failure.ts) says what happened, and the message says
 * what to do when it does not pass (`configuration`, `credentials`, `access-denied`,
 * `endpoint-unreachable`, `not-found` will not).
 */
export class ReceiveFailedError extends AwsCallError {
  readonly code = 'RECEIVE_FAILED' as const;
  /** Failures in a row, this one included (1 for the first failure after a success). */
  readonly consecutiveFailures: number;
  /** How long the listener waits before its next receive. */
  readonly retryInMs: number;

  /**
   * @param cause - What the receive threw (the SDK's error, or the call's deadline).
   * @param context - The queue, for the advice. @defaultValue `{}`
   */
  constructor(cause: unknown, consecutiveFailures: number, retryInMs: number, context: ReceiveFailureContext = {}) {
    const failure = classifyAwsError(cause, { service: 'SQS', action: 'ReceiveMessage', resource: context.queueUrl });
    super(
      `Receiving from SQS failed (${describeAwsFailure(failure)}); retrying in ${retryInMs} ms ` +
        `(failure ${consecutiveFailures} in a row). ${failure.advice}`,
      failure,
      { cause },
    );
    this.name = 'ReceiveFailedError';
    this.consecutiveFailures = consecutiveFailures;
    this.retryInMs = retryInMs;
  }
}

/**
 * Deleting messages failed for good (after retries, or with an error retrying cannot fix, such as a
 * stale receipt handle). The messages stay in the queue and will be delivered again.
 */
export class DeleteFailedError extends SqsMegaNodeError {
  readonly code = 'DELETE_FAILED' as const;
  /** The ids of the messages that were not deleted. */
  readonly messageIds: readonly string[];
  /** SQS's error code for the entries (`ReceiptHandleIsInvalid`…), or the thrown error's name. */
  readonly reason: string;

  constructor(messageIds: readonly string[], reason: string, cause: unknown) {
    super(
      `Could not delete ${messageIds.length} message(s) (${reason}): they will be delivered again, ` +
        'so subscribers must be idempotent. A stale receipt handle means the visibility timeout ran out first.',
      { cause },
    );
    this.name = 'DeleteFailedError';
    this.messageIds = messageIds;
    this.reason = reason;
  }
}

/** Why the listener changed a message's visibility. */
export type VisibilityChangePurpose = 'heartbeat' | 'retry' | 'release';

/** A ChangeMessageVisibility(Batch) call failed for good. */
export class VisibilityChangeFailedError extends SqsMegaNodeError {
  readonly code = 'VISIBILITY_CHANGE_FAILED' as const;
  /** What the change was for: extending a running handler, backing off a retry, releasing a message. */
  readonly purpose: VisibilityChangePurpose;
  /** The ids of the messages concerned. */
  readonly messageIds: readonly string[];
  /** SQS's error code for the entries, or the thrown error's name. */
  readonly reason: string;

  constructor(purpose: VisibilityChangePurpose, messageIds: readonly string[], reason: string, cause: unknown) {
    super(`Could not change the visibility of ${messageIds.length} message(s) for ${purpose} (${reason}).`, { cause });
    this.name = 'VisibilityChangeFailedError';
    this.purpose = purpose;
    this.messageIds = messageIds;
    this.reason = reason;
  }
}

/**
 * The reason a handler's `AbortSignal` fires when its message's visibility could not be extended:
 * another consumer may already have the message, so the handler should stop.
 */
export class VisibilityLostError extends InterruptionError {
  readonly code = 'VISIBILITY_LOST' as const;
  readonly messageId: string;

  constructor(messageId: string, detail: string, cause?: unknown) {
    super(`The visibility of message ${messageId} could not be extended (${detail}); stop handling it.`, { cause });
    this.name = 'VisibilityLostError';
    this.messageId = messageId;
  }
}

/** The reason a handler's `AbortSignal` fires when `stop()` ran out of time waiting for it. */
export class StopTimeoutError extends InterruptionError {
  readonly code = 'STOP_TIMEOUT' as const;
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`The listener is stopping and waited ${timeoutMs} ms for this handler; finish or give up now.`);
    this.name = 'StopTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/** The reason a handler's `AbortSignal` fires when the message has been handled for `handlerTimeoutMs`. */
export class HandlerTimeoutError extends InterruptionError {
  readonly code = 'HANDLER_TIMEOUT' as const;
  readonly messageId: string;
  readonly timeoutMs: number;

  constructor(messageId: string, timeoutMs: number) {
    super(`Message ${messageId} has been handled for ${timeoutMs} ms (handlerTimeoutMs); stop and let it be retried.`);
    this.name = 'HandlerTimeoutError';
    this.messageId = messageId;
    this.timeoutMs = timeoutMs;
  }
}

/** A function subscribed with `listener.on(...)` threw; the listener carried on. */
export class EventHandlerError extends SqsMegaNodeError {
  readonly code = 'EVENT_HANDLER_FAILED' as const;
  /** The event whose handler threw. */
  readonly event: string;

  constructor(event: string, cause: unknown) {
    super(`A handler of the listener's "${event}" event threw (${describeCause(cause)}); make event handlers never throw.`, {
      cause,
    });
    this.name = 'EventHandlerError';
    this.event = event;
  }
}

/** Every error the listener reports through its `error` event. */
export type ListenerError =
  | ReceiveFailedError
  | DeleteFailedError
  | VisibilityChangeFailedError
  | HandlerFailedError
  | MessageMiddlewareFailedError
  | EventHandlerError;

/**
 * The code of a thrown error as aws-failure.ts names it: the SQS error's name (`QueueDoesNotExist`,
 * `ReceiptHandleIsInvalid`…), the system code of a network failure (`ECONNREFUSED`), else the
 * error's own code or name.
 */
export function errorCode(cause: unknown): string {
  return classifyAwsError(cause).awsCode;
}
