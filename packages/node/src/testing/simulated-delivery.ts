/**
 * What a test's message would look like once SQS delivered it: encoded and checked by the
 * publishers' own `prepareMessage` (so a payload the publisher would refuse is refused here too),
 * optionally wrapped in the envelope SNS adds without raw delivery, with the message id, receive
 * count and attributes a real delivery carries — the {@link DeliveredMessage} the listener and the
 * Lambda handler build from what they receive.
 */
import { randomUUID } from 'node:crypto';
import type { BodyEncoding, EncodableBody, MessageAttribute } from '@sqs-mega/core';
import { receiveCountOf, type DeliveredMessage } from '../consume/delivered-message.js';
import { InvalidOptionError } from '../errors.js';
import { toMessageAttributes } from '../listen/message-context.js';
import type { MessageAttributes } from '../publish/message-attributes.js';
import { prepareMessage, type MessageRules } from '../publish/outgoing-message.js';
import { MAX_MESSAGE_BYTES } from '../sqs-limits.js';
import type { TaskMessage } from '../tasks/task-message.js';
import { wrapInSnsNotification, type SnsNotificationOptions } from './sns-notification.js';

/**
 * A message to dispatch: a MEGA payload (`new PayloadBuilder()…build()`), a data object, a task's
 * message (`task.message(...args)`), a body string — used as it is, as SQS would deliver it — or
 * bytes (sent as Base64).
 */
export type TestMessage = EncodableBody | TaskMessage;

/** How the test message is delivered. */
export interface DeliveryOptions {
  /** The SQS message id. @defaultValue a random UUID, as SQS gives */
  readonly messageId?: string;
  /**
   * How many times SQS has delivered the message, this time included: set it above 1 to test a
   * redelivery (`context.receiveCount`). Kept in step with `attributes.ApproximateReceiveCount`.
   * @defaultValue `attributes.ApproximateReceiveCount` when given, else 1
   */
  readonly receiveCount?: number;
  /**
   * SQS system attributes (`context.attributes`), e.g. `{ MessageGroupId: 'user-42' }`, merged over
   * the defaults.
   * @defaultValue `{ ApproximateReceiveCount, SentTimestamp }` (now)
   */
  readonly attributes?: Readonly<Record<string, string>>;
  /**
   * Message attributes as a publisher takes them (`{ tenant: 'acme', retries: 3, sig: bytes }`, or
   * `{ dataType, stringValue }`), checked as the publisher checks them. Subscribers see them as
   * `context.messageAttributes`; with `viaSns` they travel in the envelope's `MessageAttributes`
   * instead, as SNS delivers them without raw delivery.
   * @defaultValue none
   */
  readonly messageAttributes?: MessageAttributes;
  /**
   * How objects are encoded: `json` or `bson` (Base64 of BSON), as the publishers' `encoding`.
   * @defaultValue 'json'
   */
  readonly encoding?: BodyEncoding;
  /**
   * Deliver the message as SNS does to a queue subscribed without raw message delivery: wrapped in a
   * notification envelope (see `snsNotification`). `true` uses the defaults of
   * {@link SnsNotificationOptions}; an object sets the topic, subject, SNS message id or timestamp.
   * @defaultValue false
   */
  readonly viaSns?: boolean | SnsNotificationOptions;
}

const NO_ATTRIBUTES: Readonly<Record<string, MessageAttribute>> = Object.freeze({});

function rulesFor(service: 'SQS' | 'SNS'): MessageRules {
  // The largest message any queue or topic can be configured to take: a test is not the place
  // to enforce a publisher's own, lower, limit.
  return { service, fifo: false, maxBytes: MAX_MESSAGE_BYTES, encoding: 'json' };
}

function checkReceiveCount(receiveCount: number, attributes: Readonly<Record<string, string>>): number {
  if (!Number.isSafeInteger(receiveCount) || receiveCount < 1) {
    throw new InvalidOptionError('receiveCount', `expected a whole number from 1 (the first delivery), got ${String(receiveCount)}`);
  }
  const given = attributes['ApproximateReceiveCount'];
  if (given !== undefined && given !== String(receiveCount)) {
    throw new InvalidOptionError(
      'receiveCount',
      `${receiveCount} disagrees with attributes.ApproximateReceiveCount (${JSON.stringify(given)}); give one of them`,
    );
  }
  return receiveCount;
}

/**
 * The message as SQS would deliver it.
 *
 * @throws the publishers' errors for a message they would not send (core's `MegaValidationError`
 *   and `EncodeError`, `EmptyMessageBodyError`, `InvalidMessageBodyError`, `MessageTooLargeError`,
 *   `InvalidMessageAttributeError`), InvalidOptionError (code `OPTION_INVALID`) for an option that
 *   cannot be right.
 */
export function simulateDelivery(message: TestMessage, options: DeliveryOptions = {}): DeliveredMessage {
  const { messageId = randomUUID(), viaSns = false, encoding } = options;
  if (typeof messageId !== 'string' || messageId === '') throw new InvalidOptionError('messageId', 'expected a non-empty string');
  if (typeof viaSns !== 'boolean' && (typeof viaSns !== 'object' || viaSns === null)) {
    throw new InvalidOptionError('viaSns', 'expected true, false, or the notification options ({ topicArn, subject, … })');
  }
  const sns = viaSns === false ? undefined : viaSns === true ? {} : viaSns;
  const given = options.attributes ?? {};
  const receiveCount = checkReceiveCount(options.receiveCount ?? receiveCountOf(given), given);
  const attributes = { ApproximateReceiveCount: String(receiveCount), SentTimestamp: String(Date.now()), ...given };

  const publishOptions = {
    ...(encoding === undefined ? {} : { encoding }),
    ...(options.messageAttributes === undefined ? {} : { attributes: options.messageAttributes }),
    ...(sns?.subject === undefined ? {} : { subject: sns.subject }),
  };
  // A task message is a plain object, a data object like any other.
  const prepared = prepareMessage(message as EncodableBody, publishOptions, rulesFor(sns === undefined ? 'SQS' : 'SNS'));
  if (sns !== undefined) {
    const body = wrapInSnsNotification(prepared.body, prepared.attributes, sns);
    return { messageId, body, receiveCount, attributes, messageAttributes: NO_ATTRIBUTES };
  }
  return { messageId, body: prepared.body, receiveCount, attributes, messageAttributes: toMessageAttributes(prepared.attributes) };
}
