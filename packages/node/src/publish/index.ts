// The publishers: SqsPublisher and SnsPublisher, their options, results and errors.
export { SqsPublisher, type SqsPublisherOptions, type PublishResult } from './sqs-publisher.js';
export { SnsPublisher, type SnsPublisherOptions, SNS_DEFAULT_MAX_MESSAGE_BYTES } from './sns-publisher.js';
export {
  batchEntry,
  type BatchEntry,
  type BatchOptions,
  type MessageOptions,
  type SqsMessageOptions,
  type SnsMessageOptions,
  type SqsPublishOptions,
  type SnsPublishOptions,
  type SqsPublishBatchOptions,
  type SnsPublishBatchOptions,
} from './publish-options.js';
export type { PublishBatchResult, PublishBatchEntryResult } from './batch-sender.js';
export { eventEntry, type EventEntry } from './contract-publishing.js';
export type { PublishInstrumentation, OutgoingMessageInfo, OutgoingMessageObservation, OutgoingMessageOutcome } from './publish-instrumentation.js';
export {
  MAX_MESSAGE_ATTRIBUTES,
  type MessageAttributes,
  type MessageAttributeValue,
  type TypedMessageAttribute,
} from './message-attributes.js';
export { MAX_SNS_SUBJECT_LENGTH } from './outgoing-message.js';
export {
  MessageTooLargeError,
  InvalidMessageBodyError,
  EmptyMessageBodyError,
  InvalidMessageAttributeError,
  PublishFailedError,
  PublishAbortedError,
  type PublishEntryError,
  type PublishFailure,
  type PublishService,
} from './publish-errors.js';
