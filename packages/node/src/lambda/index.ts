/**
 * `@sqs-mega/node/lambda`: run the subscribers written for `SqsListener` inside AWS Lambda, behind
 * an SQS event source mapping with partial batch responses. Same options, same
 * statuses, same delete-or-keep rule: core's `Dispatcher`, built the way the listener builds it.
 *
 * @packageDocumentation
 */
export { createSqsHandler, type SqsHandler } from './sqs-handler.js';
export type { SqsHandlerOptions, SqsHandlerLogger } from './handler-options.js';
export type {
  LambdaContext,
  SqsBatchItemFailure,
  SqsBatchResponse,
  SqsEvent,
  SqsRecord,
  SqsRecordAttributes,
  SqsRecordMessageAttribute,
} from './lambda-event.js';
export { InvalidSqsEventError, LambdaDeadlineError } from './lambda-errors.js';
export { InterruptionError, isInterruption } from '../consume/interruption.js';
export type { ConsumerOptions } from '../consume/consumer-options.js';
export { HandlerFailedError, MessageMiddlewareFailedError } from '../consume/handler-failed-error.js';
export { InvalidOptionError, SqsMegaNodeError, type SqsMegaNodeErrorCode } from '../errors.js';
