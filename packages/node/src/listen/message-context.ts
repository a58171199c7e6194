/**
 * From what the AWS SDK delivers to what the dispatcher and the listener's events see: the SDK's
 * `Message` becomes a {@link ListenerMessage} (receive count parsed, message attributes in core's
 * runtime-neutral form), then the dispatcher's input.
 */
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { DispatchInput, MessageAttribute } from '@sqs-mega/core';

/** A message as the listener received it. */
export interface ListenerMessage {
  /** The SQS message id. */
  readonly messageId: string;
  /** The receipt handle of this delivery (needed to delete the message or change its visibility). */
  readonly receiptHandle: string;
  /** The body as received. */
  readonly body: string;
  /** How many times SQS has delivered the message, this time included (`ApproximateReceiveCount`). */
  readonly receiveCount: number;
  /** The FIFO message group, on FIFO queues. */
  readonly groupId?: string;
  /** SQS system attributes (`SentTimestamp`, `MessageGroupId`…), as strings. */
  readonly attributes: Readonly<Record<string, string>>;
  /** The message attributes the publisher set. */
  readonly messageAttributes: Readonly<Record<string, MessageAttribute>>;
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

/** `ApproximateReceiveCount` as a number (1 when SQS did not send it). */
export function receiveCountOf(attributes: Readonly<Record<string, string>>): number {
  const count = Number(attributes['ApproximateReceiveCount']);
  return Number.isSafeInteger(count) && count > 0 ? count : 1;
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

/** What the dispatcher needs to run the subscribers on a message. */
export function toDispatchInput(message: ListenerMessage, signal: AbortSignal): DispatchInput {
  return {
    messageId: message.messageId,
    body: message.body,
    receiveCount: message.receiveCount,
    attributes: message.attributes,
    messageAttributes: message.messageAttributes,
    signal,
  };
}
