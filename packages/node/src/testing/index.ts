/**
 * `@sqs-mega/node/testing`: unit-test subscribers and task handlers without SQS. `dispatch` runs a
 * message through the same core `Dispatcher`, built the same way, as `SqsListener` and the Lambda
 * handler, and answers each subscriber's status and the delete-or-keep decision.
 *
 * @packageDocumentation
 */
export { dispatch, type DispatchOptions } from './dispatch-message.js';
export type { DispatchResult } from './dispatch-result.js';
export type { DispatchTarget, DispatchTargets, SubscriberSource } from './dispatch-targets.js';
export type { DeliveryOptions, TestMessage } from './simulated-delivery.js';
export {
  snsNotification,
  DEFAULT_TEST_TOPIC_ARN,
  type SnsNotificationOptions,
  type SnsNotificationBodyOptions,
} from './sns-notification.js';
export type { DeliveredMessage } from '../consume/delivered-message.js';
export { HandlerFailedError, MessageMiddlewareFailedError } from '../consume/handler-failed-error.js';
