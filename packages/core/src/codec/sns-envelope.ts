/**
 * SNS notification envelopes (spec §2.2): what SNS wraps a message in when it delivers to SQS
 * without raw message delivery.
 */
import { getOwn, isPlainObject, type PlainObject } from '../plain-object.js';
import type { SnsEnvelope } from './decoded-body.js';

const ENVELOPE_TYPES: ReadonlySet<string> = new Set(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']);

const OPTIONAL_STRINGS = [
  ['Subject', 'subject'],
  ['UnsubscribeURL', 'unsubscribeUrl'],
  ['SubscribeURL', 'subscribeUrl'],
  ['Token', 'token'],
  ['SignatureVersion', 'signatureVersion'],
  ['Signature', 'signature'],
  ['SigningCertURL', 'signingCertUrl'],
] as const;

/**
 * Reads a document as an SNS envelope: `MessageId`, `TopicArn`, `Type`, `Timestamp` and `Message`
 * all strings and `Type` one of the three SNS types. Returns the envelope's details and its
 * `Message`, or `undefined` when the document is not an envelope. Optional keys are never required.
 */
export function readSnsEnvelope(document: PlainObject): { envelope: SnsEnvelope; message: string } | undefined {
  const type = getOwn(document, 'Type');
  const messageId = getOwn(document, 'MessageId');
  const topicArn = getOwn(document, 'TopicArn');
  const timestamp = getOwn(document, 'Timestamp');
  const message = getOwn(document, 'Message');
  if (
    typeof type !== 'string' ||
    !ENVELOPE_TYPES.has(type) ||
    typeof messageId !== 'string' ||
    typeof topicArn !== 'string' ||
    typeof timestamp !== 'string' ||
    typeof message !== 'string'
  ) {
    return undefined;
  }
  const envelope: SnsEnvelope = { type: type as SnsEnvelope['type'], messageId, topicArn, timestamp };
  for (const [from, to] of OPTIONAL_STRINGS) {
    const value = getOwn(document, from);
    if (typeof value === 'string') envelope[to] = value;
  }
  const attributes = getOwn(document, 'MessageAttributes');
  if (isPlainObject(attributes)) envelope.messageAttributes = attributes;
  return { envelope, message };
}
