/**
 * The producer side: a `send` span (PRODUCER) per message a publisher sends — per batch entry for
 * `publishBatch` — and the trace context injected into the message's attributes, so the consumer's
 * process span joins the same trace. Plugs into the publishers' instrumentation seam.
 */
import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type TextMapPropagator, type TracerProvider } from '@opentelemetry/api';
import type { OutgoingMessageInfo, PublishInstrumentation } from '@sqs-mega/node';
import { destinationName } from './destination-name.js';
import { tracerOf } from './instrumentation-scope.js';
import {
  ATTR_MESSAGING_BATCH_MESSAGE_COUNT,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  MESSAGING_OPERATION_TYPE_VALUE_SEND,
  MESSAGING_SYSTEM_VALUE_AWS_SNS,
  MESSAGING_SYSTEM_VALUE_AWS_SQS,
} from './semantic-attributes.js';
import { attributeSetter } from './trace-carriers.js';

/** Why a message went out without its trace context, as {@link PublisherTracingOptions.onNoRoom} is told. */
export interface ContextNotInjected {
  /** The queue URL or topic ARN. */
  readonly destination: string;
  /** The attributes the context needed (`traceparent`, `tracestate`…). */
  readonly attributes: readonly string[];
  /** What the message had room left for. */
  readonly room: OutgoingMessageInfo['room'];
  /** Attribute names the message already had that the context would have written. */
  readonly taken: readonly string[];
}

/** Options of {@link publisherTracing} and {@link instrumentPublisher}. */
export interface PublisherTracingOptions {
  /** @defaultValue the global tracer provider (a no-op one until an SDK is registered) */
  readonly tracerProvider?: TracerProvider;
  /**
   * What writes the context into the attributes: W3C `traceparent`/`tracestate`, plus `baggage`
   * with a composite propagator.
   * @defaultValue the global propagator (the SDK's registration sets it; W3C Trace Context by default)
   */
  readonly propagator?: TextMapPropagator;
  /**
   * Called when a message has no room for the context (10 attributes already, or too few bytes
   * left): it is sent without it, and the send span gets an event saying so.
   * @defaultValue none: the span event alone
   */
  readonly onNoRoom?: (info: ContextNotInjected) => void;
}

/** The event a send span gets when its message went out without the trace context. */
export const CONTEXT_NOT_INJECTED_EVENT = 'sqs_mega.context_not_injected';

/** The instrumentation that traces a publisher's messages; see {@link instrumentPublisher}. */
export function publisherTracing(options: PublisherTracingOptions = {}): PublishInstrumentation {
  const { tracerProvider, propagator, onNoRoom } = options;
  return {
    message(info) {
      const tracer = tracerOf(tracerProvider);
      const name = destinationName(info.destination);
      const attributes: Attributes = {
        [ATTR_MESSAGING_SYSTEM]: info.service === 'SQS' ? MESSAGING_SYSTEM_VALUE_AWS_SQS : MESSAGING_SYSTEM_VALUE_AWS_SNS,
        [ATTR_MESSAGING_OPERATION_TYPE]: MESSAGING_OPERATION_TYPE_VALUE_SEND,
        [ATTR_MESSAGING_OPERATION_NAME]: info.service === 'SQS' ? 'send' : 'publish',
      };
      if (name !== undefined) attributes[ATTR_MESSAGING_DESTINATION_NAME] = name;
      if (info.batch !== undefined) attributes[ATTR_MESSAGING_BATCH_MESSAGE_COUNT] = info.batch.size;
      const span = tracer.startSpan(`${String(attributes[ATTR_MESSAGING_OPERATION_NAME])} ${name ?? info.destination}`, { kind: SpanKind.PRODUCER, attributes });
      const carrier: Record<string, string> = {};
      const withSpan = trace.setSpan(context.active(), span);
      if (propagator === undefined) propagation.inject(withSpan, carrier, attributeSetter);
      else propagator.inject(withSpan, carrier, attributeSetter);
      return {
        attributes: carrier,
        onNoRoom: ({ room, taken }) => {
          const needed = Object.keys(carrier);
          span.addEvent(CONTEXT_NOT_INJECTED_EVENT, {
            'sqs_mega.attributes': needed.join(','),
            'sqs_mega.room.attributes': room.attributes,
            'sqs_mega.room.bytes': room.bytes,
            ...(taken.length > 0 ? { 'sqs_mega.attributes.taken': taken.join(',') } : {}),
          });
          onNoRoom?.({ destination: info.destination, attributes: needed, room, taken });
        },
        onSettled: (outcome) => {
          if (outcome.ok) {
            span.setAttribute(ATTR_MESSAGING_MESSAGE_ID, outcome.messageId);
          } else {
            span.recordException(outcome.error instanceof Error ? outcome.error : String(outcome.error));
            span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error instanceof Error ? outcome.error.message : String(outcome.error) });
          }
          span.end();
        },
      };
    },
  };
}

/** A publisher that takes instrumentations: `SqsPublisher` and `SnsPublisher`. */
export interface InstrumentablePublisher {
  instrument(instrumentation: PublishInstrumentation): unknown;
}

/**
 * Traces what `publisher` sends from now on: a `send` span per message (per batch entry), the
 * trace context in its attributes. Returns the publisher.
 *
 * @example
 * ```ts
 * const publisher = instrumentPublisher(new SqsPublisher({ queueUrl }));
 * ```
 */
export function instrumentPublisher<P extends InstrumentablePublisher>(publisher: P, options: PublisherTracingOptions = {}): P {
  publisher.instrument(publisherTracing(options));
  return publisher;
}
