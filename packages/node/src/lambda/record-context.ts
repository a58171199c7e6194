/**
 * From a Lambda SQS record to what the dispatcher needs: the same {@link DeliveredMessage} the
 * listener builds from an SDK message (receive count parsed, system attributes as strings, message
 * attributes in core's runtime-neutral form with Binary values as bytes), so a subscriber's
 * `MessageContext` is the same in Lambda and in the listener.
 */
import type { MessageAttribute } from '@sqs-mega/core';
import { receiveCountOf, type DeliveredMessage } from '../consume/delivered-message.js';
import type { SqsRecord, SqsRecordMessageAttribute } from './lambda-event.js';

const NO_ATTRIBUTES: Readonly<Record<string, never>> = Object.freeze({});

function base64Bytes(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function toMessageAttribute(value: SqsRecordMessageAttribute): MessageAttribute {
  const attribute: { dataType: string; stringValue?: string; binaryValue?: Uint8Array } = {
    dataType: typeof value.dataType === 'string' ? value.dataType : 'String',
  };
  if (typeof value.stringValue === 'string') attribute.stringValue = value.stringValue;
  if (typeof value.binaryValue === 'string') attribute.binaryValue = base64Bytes(value.binaryValue);
  return attribute;
}

/** A record's system attributes: its string-valued entries. */
export function recordAttributes(record: SqsRecord): Readonly<Record<string, string>> {
  if (typeof record.attributes !== 'object' || record.attributes === null) return NO_ATTRIBUTES;
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.attributes)) if (typeof value === 'string') result[name] = value;
  return result;
}

/** A record's message attributes as core's {@link MessageAttribute}s. */
export function recordMessageAttributes(record: SqsRecord): Readonly<Record<string, MessageAttribute>> {
  const attributes = record.messageAttributes;
  if (typeof attributes !== 'object' || attributes === null) return NO_ATTRIBUTES;
  const result: Record<string, MessageAttribute> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'object' && value !== null) result[name] = toMessageAttribute(value);
  }
  return result;
}

/** The message a record carries, in the form the listener gives the dispatcher. */
export function toDeliveredMessage(record: SqsRecord): DeliveredMessage {
  const attributes = recordAttributes(record);
  return {
    messageId: record.messageId,
    body: record.body,
    receiveCount: receiveCountOf(attributes),
    attributes,
    messageAttributes: recordMessageAttributes(record),
  };
}

/** Whether a record comes from a FIFO queue: its `eventSourceARN` names a queue ending in `.fifo`. */
export function isFifoRecord(record: SqsRecord): boolean {
  return typeof record.eventSourceARN === 'string' && record.eventSourceARN.endsWith('.fifo');
}

/**
 * The ordering group of a record: its queue and `MessageGroupId` when it is processed in FIFO order
 * (`fifo`, by default from its queue's ARN), else `undefined` (no order to keep). Groups of the same
 * name in different queues are different groups.
 */
export function orderingGroupOf(record: SqsRecord, fifo: boolean | undefined): string | undefined {
  if (!(fifo ?? isFifoRecord(record))) return undefined;
  const groupId = record.attributes?.MessageGroupId;
  if (typeof groupId !== 'string') return undefined;
  return `${record.eventSourceARN ?? ''}\u0000${groupId}`;
}
