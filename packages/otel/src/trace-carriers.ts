/**
 * Where the trace context travels: message attributes. Injected as String attributes of the SQS
 * message or the SNS notification (SNS copies them into the envelope's `MessageAttributes` for
 * wrapped delivery, and into the SQS message's attributes for raw delivery); extracted from the
 * SQS message attributes first, then from the SNS envelope a wrapped body carries.
 */
import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import type { MessageContext } from '@sqs-mega/core';

/** Writes into a plain record of String attributes. */
export const attributeSetter: TextMapSetter<Record<string, string>> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};

function envelopeValue(context: MessageContext, key: string): string | undefined {
  const attribute = context.decoded.sns?.messageAttributes?.[key];
  if (typeof attribute !== 'object' || attribute === null) return undefined;
  const { Type: type, Value: value } = attribute as { Type?: unknown; Value?: unknown };
  return type === 'String' && typeof value === 'string' ? value : undefined;
}

/** Reads a delivered message's attributes: the SQS message's, then the SNS envelope's. */
export const messageContextGetter: TextMapGetter<MessageContext> = {
  get(context, key) {
    const attribute = Object.hasOwn(context.messageAttributes, key) ? context.messageAttributes[key] : undefined;
    if (attribute?.stringValue !== undefined && attribute.dataType.startsWith('String')) return attribute.stringValue;
    return envelopeValue(context, key);
  },
  keys(context) {
    const envelope = context.decoded.sns?.messageAttributes;
    return [...new Set([...Object.keys(context.messageAttributes), ...(envelope === undefined ? [] : Object.keys(envelope))])];
  },
};
