/**
 * The body SNS delivers to an SQS queue subscribed without raw message delivery: the published
 * message wrapped in a notification envelope (compact JSON, keys in SNS's order, message attributes
 * as `{ Type, Value }` with Binary values in Base64). Core's `decodeBody` unwraps it as it unwraps
 * a real one, so a subscriber sees `context.decoded.sns` exactly as in production. The signature
 * fields are placeholders: nothing in SQS MEGA verifies them.
 */
import { randomUUID } from 'node:crypto';
import { toWireAttributes, type MessageAttributes, type WireMessageAttribute } from '../publish/message-attributes.js';
import { checkMessageOptions } from '../publish/outgoing-message.js';
import { MAX_MESSAGE_BYTES } from '../sqs-limits.js';

/** The topic and notification details of an SNS envelope. */
export interface SnsNotificationOptions {
  /**
   * The topic the message was published to (`TopicArn`).
   * @defaultValue `'arn:aws:sns:us-east-1:000000000000:test-topic'`
   */
  readonly topicArn?: string;
  /** The SNS message id (`MessageId`), not the SQS one. @defaultValue a random UUID */
  readonly messageId?: string;
  /** The notification's subject (`Subject`): 1–99 printable ASCII characters, as SNS requires. @defaultValue none */
  readonly subject?: string;
  /** When SNS received the message (`Timestamp`). @defaultValue now */
  readonly timestamp?: Date;
}

/** Options of {@link snsNotification}. */
export interface SnsNotificationBodyOptions extends SnsNotificationOptions {
  /**
   * The message attributes given to `Publish`, in the publishers' form (`{ tenant: 'acme', retries: 3 }`),
   * checked as SNS checks them; they land in the envelope's `MessageAttributes`.
   * @defaultValue none
   */
  readonly messageAttributes?: MessageAttributes;
}

/** The topic `TopicArn` names when none is given. */
export const DEFAULT_TEST_TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:test-topic';

const SNS_RULES = { service: 'SNS', fifo: false, maxBytes: MAX_MESSAGE_BYTES, encoding: 'json' } as const;

function envelopeAttributes(attributes: Readonly<Record<string, WireMessageAttribute>>): Record<string, { Type: string; Value: string }> {
  const result: Record<string, { Type: string; Value: string }> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    const value = attribute.BinaryValue === undefined ? (attribute.StringValue ?? '') : Buffer.from(attribute.BinaryValue).toString('base64');
    result[name] = { Type: attribute.DataType, Value: value };
  }
  return result;
}

/**
 * Wraps an encoded body (already checked) and wire-form attributes in a notification envelope.
 * The subject must already be checked (see {@link snsNotification}).
 */
export function wrapInSnsNotification(
  message: string,
  attributes: Readonly<Record<string, WireMessageAttribute>> | undefined,
  options: SnsNotificationOptions,
): string {
  const topicArn = options.topicArn ?? DEFAULT_TEST_TOPIC_ARN;
  const envelope: Record<string, unknown> = {
    Type: 'Notification',
    MessageId: options.messageId ?? randomUUID(),
    TopicArn: topicArn,
  };
  if (options.subject !== undefined) envelope['Subject'] = options.subject;
  envelope['Message'] = message;
  envelope['Timestamp'] = (options.timestamp ?? new Date()).toISOString();
  envelope['SignatureVersion'] = '1';
  envelope['Signature'] = 'EXAMPLE';
  envelope['SigningCertURL'] = 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem';
  envelope['UnsubscribeURL'] = `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topicArn}:00000000-0000-0000-0000-000000000000`;
  if (attributes !== undefined && Object.keys(attributes).length > 0) envelope['MessageAttributes'] = envelopeAttributes(attributes);
  return JSON.stringify(envelope);
}

/**
 * The SQS body SNS delivers for `message` (an encoded body: `encodeBody(payload)`) to a queue
 * subscribed without raw message delivery. Send it to a local queue to test a consumer of an SNS
 * subscription without SNS; `dispatch(..., { viaSns: true })` uses it.
 *
 * @throws InvalidOptionError (code `OPTION_INVALID`) for a subject SNS refuses;
 *   InvalidMessageAttributeError (code `ATTRIBUTE_INVALID`) for an attribute SNS refuses.
 * @example
 * ```ts
 * const body = snsNotification(encodeBody(payload), { topicArn: 'arn:aws:sns:eu-west-1:123456789012:orders' });
 * await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
 * ```
 */
export function snsNotification(message: string, options: SnsNotificationBodyOptions = {}): string {
  const { messageAttributes, ...notification } = options;
  checkMessageOptions(notification.subject === undefined ? {} : { subject: notification.subject }, SNS_RULES, false);
  const wire = messageAttributes === undefined ? undefined : toWireAttributes(messageAttributes, 'SNS').attributes;
  return wrapInSnsNotification(message, wire, notification);
}
