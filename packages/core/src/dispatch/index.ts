/**
 * Dispatch (spec §7): subscribers, their statuses, and the rule that settles a message — shared by
 * the listener and the Lambda adapter of `@sqs-mega/node`.
 */
export { ProcessStatus, isFinished, isProcessStatus, settle } from './process-status.js';
export type { MessageAttribute, MessageContext } from './message-context.js';
export type { AbortSignalLike, PlatformAbortSignal } from './abort-signal.js';
export {
  dataSubscriber,
  eventSubscriber,
  messageSubscriber,
  subscriberName,
  type DataSubscriber,
  type EventSubscriber,
  type MessageSubscriber,
  type ProcessResult,
  type Subscriber,
  type SubscriberOptions,
} from './subscriber.js';
export {
  Dispatcher,
  type DispatchInput,
  type DispatchOutcome,
  type DispatcherOptions,
  type SubscriberInvocation,
  type SubscriberMiddleware,
  type MessageMiddleware,
  type SubscriberOutcome,
  type UnrecognizedHandler,
  type UnrecognizedPolicy,
} from './dispatcher.js';
