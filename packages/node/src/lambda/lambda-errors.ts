/**
 * Typed errors of the Lambda handler: the reason a handler's `AbortSignal` fires when the
 * invocation is about to time out, and the error thrown for an event that is not an SQS event.
 * Each has a stable `code` and a message that says what to do.
 */
import { InterruptionError } from '../consume/interruption.js';
import { SqsMegaNodeError } from '../errors.js';

/**
 * The reason a handler's `AbortSignal` fires when less than `safetyMarginMs` of the invocation
 * remains. Throwing it (`signal.throwIfAborted()`) keeps the record: it is returned as a batch item
 * failure and SQS delivers it again.
 */
export class LambdaDeadlineError extends InterruptionError {
  readonly code = 'LAMBDA_DEADLINE' as const;
  /** The safety margin that was reached, in milliseconds. */
  readonly safetyMarginMs: number;

  constructor(safetyMarginMs: number) {
    super(
      `Less than ${safetyMarginMs} ms (safetyMarginMs) remain in this Lambda invocation; stop now: ` +
        'the record is returned as a batch item failure and will be delivered again. ' +
        'If this happens often, raise the function timeout or lower the batch size.',
    );
    this.name = 'LambdaDeadlineError';
    this.safetyMarginMs = safetyMarginMs;
  }
}

/**
 * The handler was invoked with something that is not an SQS event (no `Records` array, a record
 * without a `messageId` or `body`, or a record from another event source). Nothing was processed;
 * Lambda counts the invocation as failed, so an SQS batch comes back whole.
 */
export class InvalidSqsEventError extends SqsMegaNodeError {
  readonly code = 'LAMBDA_EVENT_INVALID' as const;

  constructor(problem: string) {
    super(
      `Not an SQS event: ${problem}. Trigger this function with an SQS event source mapping, ` +
        'or pass { Records: [{ messageId, body, ... }] } when invoking it yourself.',
    );
    this.name = 'InvalidSqsEventError';
  }
}
