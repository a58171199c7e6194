/**
 * A payload and its options → a message ready for the wire, checked against the service's rules
 * before any network call: encoded by core, refused characters, size in UTF-8 bytes with the
 * attributes counted as the service counts them, delay, FIFO ids, SNS subject.
 */
import { type BodyEncoding, type EncodableBody, encodeBody } from '@sqs-mega/core';
import { InvalidOptionError } from '../errors.js';
import { MAX_DELAY_SECONDS, MAX_FIFO_ID_LENGTH, REFUSED_CHARACTER, findCharacterSqsRefuses, utf8ByteLength } from '../sqs-limits.js';
import { type WireMessageAttribute, toWireAttributes } from './message-attributes.js';
import { EmptyMessageBodyError, InvalidMessageBodyError, MessageTooLargeError, type PublishService } from './publish-errors.js';
import { type SnsMessageOptions, type SqsMessageOptions, resolveEncoding } from './publish-options.js';

/** Longest SNS subject, in characters ("less than 100 characters"). */
export const MAX_SNS_SUBJECT_LENGTH = 99;

/** The rules of the queue or topic a message goes to. */
export interface MessageRules {
  /** `SQS` or `SNS`: which options exist and how errors read. */
  readonly service: PublishService;
  /** A FIFO queue or topic (its name ends with `.fifo`): group id required, deduplication id allowed, no per-message delay. */
  readonly fifo: boolean;
  /** Largest message, body plus attributes, in bytes. */
  readonly maxBytes: number;
  /** The encoding when the message's options name none. */
  readonly encoding: BodyEncoding;
}

/** A message checked and ready for SendMessage(Batch) or Publish(Batch). */
export interface OutgoingMessage {
  /** The encoded body. */
  readonly body: string;
  /** Body plus attributes, in the bytes the service counts. */
  readonly size: number;
  readonly attributes?: Record<string, WireMessageAttribute>;
  readonly groupId?: string;
  readonly deduplicationId?: string;
  readonly delaySeconds?: number;
  readonly subject?: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Printable ASCII, as SQS and SNS allow in group and deduplication ids. */
const FIFO_ID = /^[\x21-\x7e]+$/;
const SUBJECT = /^[\x20-\x7e]+$/;

function checkFifoId(option: 'groupId' | 'deduplicationId', value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_FIFO_ID_LENGTH || !FIFO_ID.test(value)) {
    throw new InvalidOptionError(
      option,
      `must be 1–${MAX_FIFO_ID_LENGTH} characters of A–Z, a–z, 0–9 and ASCII punctuation, not ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function entityName(rules: MessageRules): string {
  return rules.service === 'SQS' ? 'queue' : 'topic';
}

/**
 * Encodes `payload` and checks the message against `rules`.
 *
 * @throws core's `EncodeError` / `MegaValidationError` (from `encodeBody`),
 *   {@link EmptyMessageBodyError}, {@link InvalidMessageBodyError}, {@link MessageTooLargeError},
 *   `InvalidMessageAttributeError`, `InvalidOptionError` — all before any network call.
 */
export function prepareMessage(
  payload: EncodableBody,
  options: SqsMessageOptions & SnsMessageOptions,
  rules: MessageRules,
): OutgoingMessage {
  const { service } = rules;
  const fields = checkMessageOptions(options, rules, rules.fifo);
  const body = encodeBody(payload, { encoding: resolveEncoding(options, rules.encoding) });
  if (body.length === 0) throw new EmptyMessageBodyError(service);
  if (REFUSED_CHARACTER.test(body)) {
    const refused = findCharacterSqsRefuses(body)!;
    throw new InvalidMessageBodyError(service, refused.index, refused.codePoint);
  }

  let attributes: Record<string, WireMessageAttribute> | undefined;
  let attributeBytes = 0;
  if (options.attributes !== undefined && Object.keys(options.attributes).length > 0) {
    const wire = toWireAttributes(options.attributes, service);
    attributes = wire.attributes;
    attributeBytes = wire.bytes;
  }
  const bodyBytes = utf8ByteLength(body);
  if (bodyBytes + attributeBytes > rules.maxBytes) {
    throw new MessageTooLargeError(service, bodyBytes, attributeBytes, rules.maxBytes);
  }

  const message: Mutable<OutgoingMessage> = { ...fields, body, size: bodyBytes + attributeBytes };
  if (attributes) message.attributes = attributes;
  return message;
}

/**
 * Checks the options of a message that do not depend on its body (SQS/SNS-only options, delay,
 * FIFO ids, subject) and returns them in wire-ready form. `requireGroupId`: a FIFO message, whose
 * group id must be set.
 *
 * @throws `InvalidOptionError`
 */
export function checkMessageOptions(
  options: SqsMessageOptions & SnsMessageOptions,
  rules: MessageRules,
  requireGroupId: boolean,
): Omit<OutgoingMessage, 'body' | 'size'> {
  const { service } = rules;
  if (service === 'SQS' && options.subject !== undefined) {
    throw new InvalidOptionError('subject', 'is an SNS option: SQS messages have no subject (use a message attribute)');
  }
  if (service === 'SNS' && options.delaySeconds !== undefined) {
    throw new InvalidOptionError('delaySeconds', 'is an SQS option: SNS has no per-message delay (set DelaySeconds on the subscribed queue)');
  }
  const fields: Mutable<Omit<OutgoingMessage, 'body' | 'size'>> = {};
  if (options.delaySeconds !== undefined) {
    const delay = options.delaySeconds;
    if (!Number.isInteger(delay) || delay < 0 || delay > MAX_DELAY_SECONDS) {
      throw new InvalidOptionError('delaySeconds', `must be a whole number of seconds from 0 to ${MAX_DELAY_SECONDS}, not ${String(delay)}`);
    }
    if (rules.fifo) {
      throw new InvalidOptionError('delaySeconds', 'FIFO queues have no per-message delay: set DelaySeconds on the queue instead');
    }
    fields.delaySeconds = delay;
  }
  if (options.groupId !== undefined) {
    fields.groupId = checkFifoId('groupId', options.groupId);
  } else if (requireGroupId) {
    throw new InvalidOptionError('groupId', `a FIFO ${entityName(rules)} needs a groupId on every message (use batchEntry() for one per entry)`);
  }
  if (options.deduplicationId !== undefined) {
    if (!rules.fifo) {
      throw new InvalidOptionError('deduplicationId', `applies to FIFO ${entityName(rules)}s only (names ending in .fifo)`);
    }
    fields.deduplicationId = checkFifoId('deduplicationId', options.deduplicationId);
  }
  if (options.subject !== undefined) {
    const subject = options.subject;
    if (typeof subject !== 'string' || subject.length === 0 || subject.length > MAX_SNS_SUBJECT_LENGTH || !SUBJECT.test(subject)) {
      throw new InvalidOptionError(
        'subject',
        `must be 1–${MAX_SNS_SUBJECT_LENGTH} printable ASCII characters, without line breaks or control characters`,
      );
    }
    fields.subject = subject;
  }

  return fields;
}
