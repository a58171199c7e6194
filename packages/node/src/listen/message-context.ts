/**
 * From what the AWS SDK delivers to what the dispatcher and the listener's events see: the SDK's
 * `Message` becomes a {@link ListenerMessage} (receive count parsed, message attributes in core's
 * runtime-neutral form), a {@link DeliveredMessage} like the one the Lambda handler builds from a
 * record.
 */
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { MessageAttribute } from '@sqs-mega/core';
import { receiveCountOf, type DeliveredMessage } from '../consume/delivered-message.js';

/** A message as the listener received it. */
export interface ListenerMessage extends DeliveredMessage {
  /** The receipt handle of this delivery (needed to delete the message or change its visibility). */
  readonly receiptHandle: string;
  /** The FIFO message group, on FIFO queues. */
  readonly groupId?: string;
  /** When the listener received it (`Date.now()`). */
  readonly receivedAt: number;
}

const NO_ATTRIBUTES: Readonly<Record<string, never>> = Object.freeze({});

function toMessageAttribute(value: MessageAttributeValue): MessageAttribute {
  const attribute: { dataType: string; stringValue?: string; binaryValue?: Uint8Array } = { dataType: value.DataType ?? 'String' };
  if (value.StringValue !== undefined) attribute.stringValue = value.StringValue;
  if (value.BinaryValue !== undefined) attribute.binaryValue = value.BinaryValue;
  return attribute;
}

/** Message attributes as core's {@link MessageAttribute}s. */
export function toMessageAttributes(
  attributes: Record<string, MessageAttributeValue> | undefined,
): Readonly<Record<string, MessageAttribute>> {
  if (attributes === undefined) return NO_ATTRIBUTES;
  const result: Record<string, MessageAttribute> = {};
  for (const [name, value] of Object.entries(attributes)) result[name] = toMessageAttribute(value);
  return result;
}

/**
 * The listener's view of an SDK message, or `undefined` for a message SQS sent without id or
 * receipt handle (it could neither be reported nor deleted).
 */
export function toListenerMessage(message: Message, receivedAt: number): ListenerMessage | undefined {
  const { MessageId: messageId, ReceiptHandle: receiptHandle } = message;
  if (messageId === undefined || receiptHandle === undefined) return undefined;
  const attributes = (message.Attributes ?? NO_ATTRIBUTES) as Readonly<Record<string, string>>;
  const result: {
    -readonly [K in keyof ListenerMessage]: ListenerMessage[K];
  } = {
    messageId,
    receiptHandle,
    body: message.Body ?? '',
    receiveCount: receiveCountOf(attributes),
    attributes,
    messageAttributes: toMessageAttributes(message.MessageAttributes),
    receivedAt,
  };
  const groupId = attributes['MessageGroupId'];
  if (groupId !== undefined) result.groupId = groupId;
  return result;
}
