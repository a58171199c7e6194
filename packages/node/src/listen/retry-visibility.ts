/**
 * How long a kept message (`RETRY_LATER` / `RETRIABLE_ERROR`) stays invisible: an exponential
 * backoff on its receive count, instead of the full visibility timeout every time — capped at
 * what SQS allows (12 h from the receive).
 */
import { MAX_VISIBILITY_TIMEOUT_SECONDS } from '../sqs-limits.js';
import type { RetryBackoffOptions } from './listener-options.js';

/**
 * The visibility timeout, in whole seconds, for a message kept after delivery number
 * `receiveCount`, `elapsedMs` after it was received:
 * `min(maxSeconds, baseSeconds × factor^(receiveCount−1))`, jittered when asked, and never past 12 h
 * from the receive.
 */
export function retryVisibilitySeconds(
  receiveCount: number,
  options: Required<RetryBackoffOptions>,
  elapsedMs: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, receiveCount - 1);
  const raw = options.baseSeconds * options.factor ** exponent; // NaN only for 0 × Infinity
  const ceiling = Number.isNaN(raw) ? 0 : Math.min(options.maxSeconds, raw);
  const seconds = options.jitter === 'full' ? Math.floor(random() * (Math.floor(ceiling) + 1)) : Math.round(ceiling);
  const allowed = MAX_VISIBILITY_TIMEOUT_SECONDS - Math.ceil(Math.max(0, elapsedMs) / 1000);
  return Math.max(0, Math.min(seconds, allowed));
}
