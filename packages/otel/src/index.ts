/**
 * `@sqs-mega/otel`: OpenTelemetry traces for SQS MEGA. The publishers inject the trace context
 * into each message's attributes (through SNS too) under a `send` span; the listener, the Lambda
 * handler and the task worker continue the trace with a `process` span per delivery and a span
 * per subscriber. Depends on `@opentelemetry/api` only (and the semantic conventions); with no SDK
 * registered, everything is the API's no-op.
 */
export {
  instrumentPublisher,
  publisherTracing,
  CONTEXT_NOT_INJECTED_EVENT,
  type ContextNotInjected,
  type InstrumentablePublisher,
  type PublisherTracingOptions,
} from './publisher-tracing.js';
export { tracingMiddleware, type ConsumerTracingOptions, type TracingMiddleware } from './consumer-tracing.js';
export { SCOPE_NAME, SCOPE_VERSION } from './instrumentation-scope.js';
export {
  ATTR_ACTION,
  ATTR_BODY_KIND,
  ATTR_EVENT_NAME,
  ATTR_MESSAGE_AGE_MS,
  ATTR_OUTCOMES,
  ATTR_RECEIVE_COUNT,
  ATTR_SUBSCRIBER,
  ATTR_SUBSCRIBER_STATUS,
  ATTR_UNRECOGNIZED,
} from './semantic-attributes.js';
