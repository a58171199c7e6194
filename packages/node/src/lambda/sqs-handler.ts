/**
 * `createSqsHandler`: the same subscribers as `SqsListener`, run by AWS Lambda's SQS event source
 * mapping. Each record is decoded once and dispatched by core's `Dispatcher`, built from the same
 * options the listener takes (`consume/consumer-options.ts`), so statuses, the retriable-error
 * mapping and the unrecognized policy are the listener's; the handler answers with a partial batch
 * response listing only the records SQS must deliver again.
 */
import { describeViolation } from '@sqs-mega/core';
import { createConsumerDispatcher } from '../consume/consumer-options.js';
import { contractViolations } from '../consume/contract-violations.js';
import { HandlerFailedError, handlerFailures } from '../consume/handler-failed-error.js';
import { recordsOf } from './event-records.js';
import { resolveSqsHandlerOptions, type SqsHandlerLogger, type SqsHandlerOptions } from './handler-options.js';
import { invocationDeadline } from './invocation-deadline.js';
import type { LambdaContext, SqsBatchResponse, SqsEvent, SqsRecord } from './lambda-event.js';
import { isKept, runRecordBatch, type RecordResult } from './record-batch.js';

/**
 * A Lambda handler for SQS events. Assignable to `SQSHandler` of `@types/aws-lambda`.
 *
 * @throws InvalidSqsEventError (code `LAMBDA_EVENT_INVALID`) for an event that is not an SQS event:
 *   nothing is processed, and Lambda delivers the whole batch again.
 */
export type SqsHandler = (event: SqsEvent, context?: LambdaContext) => Promise<SqsBatchResponse>;

const LOG_PREFIX = '[sqs-mega lambda]';

/**
 * A Lambda handler running `subscribers` on the records of SQS events, exactly as `SqsListener`
 * runs them on received messages: every record is decoded once (SNS envelopes unwrapped) and given
 * to every matching subscriber; it is finished with when all of them are (`DONE`, `FATAL_ERROR`,
 * or an unmapped throw) and returned in `batchItemFailures` when any keeps it (`RETRY_LATER`,
 * `RETRIABLE_ERROR`, a retriable or interrupted throw). On FIFO queues each message group runs in
 * order, and once a record of a group is kept the rest of that group is returned unprocessed.
 * Records not started when `safetyMarginMs` of the invocation remain are returned unprocessed.
 *
 * The event source mapping must have `FunctionResponseTypes: ["ReportBatchItemFailures"]`;
 * without it Lambda ignores the response and deletes the whole batch when the handler returns.
 *
 * @throws InvalidOptionError (code `OPTION_INVALID`) naming the first invalid option;
 *   SubscriberAlreadyRegisteredError (code `SUBSCRIBER_DUPLICATE`) for a subscriber given twice;
 *   InvalidSubscriberError, PatternError for a subscriber or pattern that is not valid.
 *
 * @example
 * ```ts
 * import { eventSubscriber } from '@sqs-mega/core';
 * import { createSqsHandler } from '@sqs-mega/node/lambda';
 *
 * export const handler = createSqsHandler({
 *   subscribers: [
 *     eventSubscriber({ name: 'user.updated' }, async (payload, { signal }) => {
 *       await saveUser(payload.object!.current, { signal });
 *     }),
 *   ],
 * });
 * ```
 */
export function createSqsHandler(options: SqsHandlerOptions): SqsHandler {
  const resolved = resolveSqsHandlerOptions(options);
  const dispatcher = createConsumerDispatcher(options);
  for (const subscriber of resolved.subscribers) dispatcher.register(subscriber);
  const { concurrency, fifo, safetyMarginMs, abortGraceMs, logger } = resolved;

  return async function handleSqsEvent(event: SqsEvent, context?: LambdaContext): Promise<SqsBatchResponse> {
    const records = recordsOf(event);
    if (records.length === 0) return { batchItemFailures: [] };
    const deadline = invocationDeadline(context, safetyMarginMs, abortGraceMs);
    let results: RecordResult[];
    try {
      results = await runRecordBatch(records, { dispatcher, concurrency, fifo, deadline });
    } finally {
      deadline.dispose();
    }
    if (logger !== undefined) {
      try {
        report(logger, records, results, deadline.signal.reason);
      } catch {
        // A logger that throws must not turn a processed batch into a failed invocation (redelivered whole).
      }
    }
    const batchItemFailures: { itemIdentifier: string }[] = [];
    results.forEach((result, index) => {
      if (isKept(result)) batchItemFailures.push({ itemIdentifier: records[index]!.messageId });
    });
    return { batchItemFailures };
  };
}

/** Logs what went wrong in a batch, as the listener reports it through its `error` event. */
function report(logger: SqsHandlerLogger, records: readonly SqsRecord[], results: readonly RecordResult[], deadlineReason: unknown): void {
  let notStarted = 0;
  let abandoned = 0;
  results.forEach((result, index) => {
    const messageId = records[index]!.messageId;
    if (result.kind === 'processed') {
      for (const failure of handlerFailures(messageId, result.outcome)) logger.error(`${LOG_PREFIX} ${failure.message}`, failure);
      for (const { subscriber, status, violation } of contractViolations(result.outcome)) {
        const fate = status === 'FATAL_ERROR' || status === 'DONE' ? 'finished with' : 'returned as a batch item failure';
        logger.error(`${LOG_PREFIX} record ${messageId} breaks the contract of subscriber ${subscriber}: ${describeViolation(violation)}; ${status}, ${fate}.`);
      }
    } else if (result.kind === 'failed') {
      const failure = new HandlerFailedError(messageId, 'dispatcher', 'RETRIABLE_ERROR', result.error);
      logger.error(`${LOG_PREFIX} ${failure.message}`, failure);
    } else if (result.kind === 'not-started') {
      notStarted++;
    } else if (result.kind === 'abandoned') {
      abandoned++;
    }
  });
  if (notStarted > 0) {
    logger.error(
      `${LOG_PREFIX} ${notStarted} of ${records.length} record(s) were not started before the safety margin; ` +
        'they are returned as batch item failures. Raise the function timeout or lower the batch size.',
      deadlineReason,
    );
  }
  if (abandoned > 0) {
    logger.error(
      `${LOG_PREFIX} ${abandoned} handler(s) had not returned abortGraceMs after their signal aborted; ` +
        'their records are returned as batch item failures. Make handlers stop when their signal aborts.',
      deadlineReason,
    );
  }
}
