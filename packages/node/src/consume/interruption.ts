/**
 * Interruptions: the reasons a consumer aborts a handler's `AbortSignal` (its message's visibility
 * was lost, the listener is stopping, the handler ran too long, the Lambda invocation is about to
 * time out). Work that was interrupted is not finished, so a throw of an interruption keeps the
 * message whatever `isRetriable` says.
 */
import { SqsMegaNodeError } from '../errors.js';

/**
 * Base class of every reason a consumer gives when it aborts a handler's `AbortSignal`
 * (`VisibilityLostError`, `StopTimeoutError`, `HandlerTimeoutError`, `LambdaDeadlineError`).
 * `signal.throwIfAborted()` throws it, and the message is then kept for another delivery.
 */
export abstract class InterruptionError extends SqsMegaNodeError {}

/**
 * Whether a thrown error reports that the handler was interrupted — by the consumer (an
 * {@link InterruptionError}, its signal's reason) or by an abort further down (`AbortError`).
 * Interrupted work is not finished: the listener and the Lambda handler count such a throw as
 * `RETRIABLE_ERROR`, whatever `isRetriable` says, so the message is kept.
 */
export function isInterruption(error: unknown): boolean {
  if (error instanceof InterruptionError) return true;
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}
