/**
 * The records of an SQS event, checked before anything runs: a malformed event fails the whole
 * invocation (Lambda then delivers the batch again) instead of being half processed.
 */
import { InvalidSqsEventError } from './lambda-errors.js';
import type { SqsRecord } from './lambda-event.js';

/**
 * The records of `event`, in order.
 *
 * @throws InvalidSqsEventError (code `LAMBDA_EVENT_INVALID`) when `event` has no `Records` array,
 *   or a record has no string `messageId` or `body`, or comes from another event source than `aws:sqs`.
 */
export function recordsOf(event: unknown): readonly SqsRecord[] {
  if (typeof event !== 'object' || event === null) throw new InvalidSqsEventError(`the event is ${event === null ? 'null' : typeof event}`);
  const records: unknown = (event as { Records?: unknown }).Records;
  if (!Array.isArray(records)) throw new InvalidSqsEventError('the event has no Records array');
  records.forEach((record: unknown, index) => {
    if (typeof record !== 'object' || record === null) throw new InvalidSqsEventError(`Records[${index}] is not an object`);
    const { messageId, body, eventSource } = record as { messageId?: unknown; body?: unknown; eventSource?: unknown };
    if (typeof messageId !== 'string' || messageId === '') throw new InvalidSqsEventError(`Records[${index}] has no messageId`);
    if (typeof body !== 'string') throw new InvalidSqsEventError(`Records[${index}] (${messageId}) has no body`);
    if (eventSource !== undefined && eventSource !== 'aws:sqs') {
      throw new InvalidSqsEventError(`Records[${index}] comes from ${String(eventSource)}, not aws:sqs`);
    }
  });
  return records as SqsRecord[];
}
