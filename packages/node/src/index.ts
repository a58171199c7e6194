/**
 * `@sqs-mega/node`: SQS MEGA for long-running Node processes — publishers and the listener, over
 * `@aws-sdk/client-sqs` and `@aws-sdk/client-sns`. Decoding, matching and dispatch come from
 * `@sqs-mega/core`.
 *
 * @packageDocumentation
 */
export { SqsMegaNodeError, InvalidOptionError, type SqsMegaNodeErrorCode } from './errors.js';
export { checkQueueUrl } from './queue-url.js';
export {
  AWS_FAILURE_KINDS,
  AwsCallError,
  awsFailure,
  classifyAwsError,
  classifyBatchEntryFailure,
  describeAwsFailure,
  type AwsCallContext,
  type AwsFailure,
  type AwsFailureFields,
  type AwsFailureKind,
  type AwsService,
  type BatchEntryFailure,
} from './aws-failure.js';
export { backoffDelay, sleep, type BackoffOptions } from './backoff.js';
export {
  MAX_BATCH_BYTES,
  MAX_BATCH_ENTRIES,
  MAX_DELAY_SECONDS,
  MAX_FIFO_ID_LENGTH,
  MAX_MESSAGE_BYTES,
  MAX_VISIBILITY_TIMEOUT_SECONDS,
  MAX_WAIT_TIME_SECONDS,
  findCharacterSqsRefuses,
  utf8ByteLength,
} from './sqs-limits.js';
export * from './publish/index.js';
export * from './consume/index.js';
export * from './listen/index.js';
export * from './tasks/index.js';
