/**
 * The listener: an SQS consumer running core's subscribers, with refill concurrency,
 * batched deletes, visibility heartbeat, retry backoff, FIFO group order, receive-error backoff,
 * awaitable graceful stop, typed events and middleware.
 */
export { SqsListener, type ListenerState, type ListenerStats } from './sqs-listener.js';
export type {
  SqsListenerOptions,
  RetryBackoffOptions,
  ReceiveBackoffOptions,
  StopOptions,
  StopResult,
} from './listener-options.js';
export type {
  ListenerEventMap,
  ListenerEventName,
  ListenerEventHandler,
  ListenerLogger,
} from './listener-events.js';
export type { ListenerMessage } from './message-context.js';
export { stopOnSignals, type StopOnSignalsOptions, type Stoppable } from './stop-on-signals.js';
export { retryVisibilitySeconds } from './retry-visibility.js';
export {
  ListenerAlreadyStartedError,
  ListenerStoppedError,
  NoSubscribersError,
  ReceiveFailedError,
  DeleteFailedError,
  VisibilityChangeFailedError,
  VisibilityLostError,
  StopTimeoutError,
  HandlerTimeoutError,
  HandlerFailedError,
  MessageMiddlewareFailedError,
  isInterruption,
  EventHandlerError,
  type ListenerError,
  type ReceiveFailureContext,
  type VisibilityChangePurpose,
} from './listener-errors.js';
