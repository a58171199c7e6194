/**
 * The consumer side, for `SqsListener`, `createSqsHandler` (Lambda) and the task worker: a
 * `process` span (CONSUMER) per delivered message, in the producer's trace, with one span per
 * subscriber under it. Each delivery is its own process span, so a message retried twice shows
 * three of them in one trace.
 */
import {
  context as contexts,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Link,
  type TextMapPropagator,
  type TracerProvider,
} from '@opentelemetry/api';
import { ProcessStatus, type MessageContext, type MessageMiddleware, type SubscriberMiddleware } from '@sqs-mega/core';
import { destinationName } from './destination-name.js';
import { tracerOf } from './instrumentation-scope.js';
import {
  ATTR_ACTION,
  ATTR_BODY_KIND,
  ATTR_EVENT_NAME,
  ATTR_MESSAGE_AGE_MS,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_BODY_SIZE,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  ATTR_OUTCOMES,
  ATTR_RECEIVE_COUNT,
  ATTR_SUBSCRIBER,
  ATTR_SUBSCRIBER_STATUS,
  ATTR_UNRECOGNIZED,
  MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
  MESSAGING_SYSTEM_VALUE_AWS_SQS,
} from './semantic-attributes.js';
import { messageContextGetter } from './trace-carriers.js';

/** Options of {@link tracingMiddleware}. */
export interface ConsumerTracingOptions {
  /** @defaultValue the global tracer provider (a no-op one until an SDK is registered) */
  readonly tracerProvider?: TracerProvider;
  /** What reads the producer's context from the message attributes. @defaultValue the global propagator */
  readonly propagator?: TextMapPropagator;
  /**
   * How a process span joins the producer's trace: `'parent'` — a child of the producer's send span
   * (one trace, read top to bottom); `'link'` — a span of its own, linked to it, as the messaging
   * conventions suggest when one consumer span stands for a batch of messages.
   * @defaultValue 'parent'
   */
  readonly producerContext?: 'parent' | 'link';
  /** A span per subscriber under the process span. @defaultValue true */
  readonly subscriberSpans?: boolean;
}

/** What {@link tracingMiddleware} returns: spread it into the listener's or the Lambda handler's options. */
export interface TracingMiddleware {
  readonly messageMiddleware: MessageMiddleware[];
  readonly middleware: SubscriberMiddleware[];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function processAttributes(message: MessageContext, name: string | undefined, now: number): Attributes {
  const attributes: Attributes = {
    [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM_VALUE_AWS_SQS,
    [ATTR_MESSAGING_OPERATION_TYPE]: MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
    [ATTR_MESSAGING_OPERATION_NAME]: 'process',
    [ATTR_MESSAGING_MESSAGE_ID]: message.messageId,
    [ATTR_MESSAGING_MESSAGE_BODY_SIZE]: message.body.length,
    [ATTR_RECEIVE_COUNT]: message.receiveCount,
    [ATTR_BODY_KIND]: message.decoded.kind,
  };
  if (name !== undefined) attributes[ATTR_MESSAGING_DESTINATION_NAME] = name;
  const sent = Number(message.attributes['SentTimestamp']);
  if (Number.isFinite(sent) && sent > 0) attributes[ATTR_MESSAGE_AGE_MS] = Math.max(0, now - sent);
  if (message.decoded.kind === 'mega') attributes[ATTR_EVENT_NAME] = message.decoded.payload.event.name;
  return attributes;
}

/**
 * Middleware that traces every delivered message: spread it into the options of `SqsListener`,
 * `createSqsHandler` or the task worker (combine the arrays if you have middleware of your own).
 *
 * @example
 * ```ts
 * const listener = new SqsListener({ queueUrl, ...tracingMiddleware() });
 * ```
 */
export function tracingMiddleware(options: ConsumerTracingOptions = {}): TracingMiddleware {
  const { tracerProvider, propagator, producerContext = 'parent', subscriberSpans = true } = options;

  const traceMessage: MessageMiddleware = async (message, next) => {
    const tracer = tracerOf(tracerProvider);
    const extracted =
      propagator === undefined ? propagation.extract(ROOT_CONTEXT, message, messageContextGetter) : propagator.extract(ROOT_CONTEXT, message, messageContextGetter);
    const producer = trace.getSpanContext(extracted);
    const name = destinationName(message.queue);
    const links: Link[] = producerContext === 'link' && producer !== undefined ? [{ context: producer }] : [];
    const parent = producerContext === 'parent' && producer !== undefined ? extracted : contexts.active();
    const span = tracer.startSpan(`process ${name ?? 'sqs'}`, { kind: SpanKind.CONSUMER, attributes: processAttributes(message, name, Date.now()), links }, parent);
    try {
      const outcome = await contexts.with(trace.setSpan(parent, span), next);
      span.setAttributes({
        [ATTR_ACTION]: outcome.action,
        [ATTR_UNRECOGNIZED]: outcome.unrecognized,
        [ATTR_OUTCOMES]: outcome.outcomes.map((o) => `${o.name}=${o.status}`),
      });
      const failed = outcome.outcomes.filter((o) => o.error !== undefined || o.status === ProcessStatus.FATAL_ERROR || o.status === ProcessStatus.RETRIABLE_ERROR);
      if (failed.length > 0) span.setStatus({ code: SpanStatusCode.ERROR, message: failed.map((o) => `${o.name}: ${o.status}`).join('; ') });
      return outcome;
    } catch (error) {
      span.recordException(error instanceof Error ? error : describe(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: describe(error) });
      throw error;
    } finally {
      span.end();
    }
  };

  const traceSubscriber: SubscriberMiddleware = async (invocation, next) => {
    const tracer = tracerOf(tracerProvider);
    const span = tracer.startSpan(`subscriber ${invocation.name}`, { kind: SpanKind.INTERNAL, attributes: { [ATTR_SUBSCRIBER]: invocation.name } });
    try {
      const status = await contexts.with(trace.setSpan(contexts.active(), span), next);
      span.setAttribute(ATTR_SUBSCRIBER_STATUS, status);
      if (status === ProcessStatus.FATAL_ERROR || status === ProcessStatus.RETRIABLE_ERROR) span.setStatus({ code: SpanStatusCode.ERROR, message: status });
      return status;
    } catch (error) {
      span.recordException(error instanceof Error ? error : describe(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: describe(error) });
      throw error;
    } finally {
      span.end();
    }
  };

  return { messageMiddleware: [traceMessage], middleware: subscriberSpans ? [traceSubscriber] : [] };
}
