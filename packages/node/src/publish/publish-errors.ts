/**
 * Typed errors of the publishers. Those about a message's content (size, characters, attributes)
 * are thrown by `publish` — and reported in `publishBatch` results — before any network call; a
 * call the service did not take is a `PublishFailedError`, classified by aws-failure.ts.
 */
import type { ContractSchemaAsyncError, ContractViolationError, EncodeError, MegaValidationError } from '@sqs-mega/core';
import { type AwsFailure, type AwsService, AwsCallError, classifyBatchEntryFailure, describeAwsFailure } from '../aws-failure.js';
import { type InvalidOptionError, SqsMegaNodeError } from '../errors.js';

/** Which service a message was meant for, as named in error messages. */
export type PublishService = AwsService;

/**
 * A message (body plus message attributes, in UTF-8 bytes, counted as the service counts them)
 * is larger than the service accepts. Thrown before any network call.
 */
export class MessageTooLargeError extends SqsMegaNodeError {
  readonly code = 'MESSAGE_TOO_LARGE' as const;
  /** The message's size in bytes: {@link bodyBytes} + {@link attributeBytes}. */
  readonly size: number;
  /** The largest size accepted, in bytes. */
  readonly limit: number;
  /** UTF-8 bytes of the encoded body. */
  readonly bodyBytes: number;
  /** Bytes of the message attributes: names, data types and values. */
  readonly attributeBytes: number;

  constructor(service: PublishService, bodyBytes: number, attributeBytes: number, limit: number) {
    const size = bodyBytes + attributeBytes;
    const parts = attributeBytes > 0 ? ` (body ${bodyBytes} + attributes ${attributeBytes})` : '';
    const raise =
      service === 'SNS'
        ? " If the topic's MaximumMessageSize allows more (up to 1 MiB), set maxMessageBytes on the SnsPublisher."
        : '';
    super(
      `The message is ${size} bytes${parts}, over the ${service} limit of ${limit} bytes. ` +
        `Send less (drop or shorten fields), or store the content elsewhere (e.g. S3) and publish a reference to it.${raise}`,
    );
    this.name = 'MessageTooLargeError';
    this.size = size;
    this.limit = limit;
    this.bodyBytes = bodyBytes;
    this.attributeBytes = attributeBytes;
  }
}

/**
 * The encoded body holds a character SQS refuses (outside `#x9 | #xA | #xD | #x20-#xD7FF |
 * #xE000-#xFFFD | #x10000-#x10FFFF`: most control characters, lone surrogates, U+FFFE, U+FFFF).
 * Only plaintext bodies can hold one: JSON and BSON+Base64 bodies are ASCII. Thrown before any
 * network call.
 */
export class InvalidMessageBodyError extends SqsMegaNodeError {
  readonly code = 'BODY_INVALID_CHARACTER' as const;
  /** Index (in UTF-16 units) of the first refused character in the body. */
  readonly index: number;
  /** The refused character's code (a UTF-16 unit: a lone surrogate is reported as itself). */
  readonly codePoint: number;

  constructor(service: PublishService, index: number, codePoint: number) {
    super(
      `The body holds a character ${service} refuses at index ${index}: U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}. ` +
        'Remove it, or publish the text inside a data object (e.g. { text }), whose JSON form escapes it, or as bytes (Uint8Array, sent as Base64).',
    );
    this.name = 'InvalidMessageBodyError';
    this.index = index;
    this.codePoint = codePoint;
  }
}

/** The encoded body is empty, which neither SQS nor SNS accepts. Thrown before any network call. */
export class EmptyMessageBodyError extends SqsMegaNodeError {
  readonly code = 'BODY_EMPTY' as const;

  constructor(service: PublishService) {
    super(`${service} does not accept an empty body. Publish some text, a data object or a MEGA payload.`);
    this.name = 'EmptyMessageBodyError';
  }
}

/**
 * A message attribute breaks the service's rules (name, data type, value, or more than 10
 * attributes). Thrown before any network call.
 */
export class InvalidMessageAttributeError extends SqsMegaNodeError {
  readonly code = 'ATTRIBUTE_INVALID' as const;
  /** The attribute's name (`''` when the problem is the attributes as a whole, e.g. too many). */
  readonly attribute: string;

  constructor(attribute: string, problem: string) {
    super(attribute === '' ? `Invalid message attributes: ${problem}` : `Invalid message attribute "${attribute}": ${problem}`);
    this.name = 'InvalidMessageAttributeError';
    this.attribute = attribute;
  }
}

/**
 * What the service said about a failed batch entry, in the terms of SendMessageBatch's and
 * PublishBatch's `Failed` entries. `PublishFailedError` takes it (classified with
 * `classifyBatchEntryFailure`) as well as an {@link AwsFailure}.
 */
export interface PublishFailure {
  /** The service's error code (`InternalError`, `QueueDoesNotExist`, …) or the SDK error's name. */
  readonly awsCode: string;
  /** Whether the service blames the request (retrying the same request will not help). */
  readonly senderFault: boolean;
  /** The service's message, if any. */
  readonly detail?: string;
}

/**
 * The service did not take the message: `publish` threw after the SDK's own retries, or a
 * `publishBatch` entry still failed after its attempts (or was not sent because an earlier batch
 * failed in a way that every batch would, such as a missing queue, bad credentials or an endpoint
 * that does not answer). `code` is always `PUBLISH_FAILED`; `kind` says why (`configuration`,
 * `credentials`, `access-denied`, `endpoint-unreachable`, `not-found`, `request-invalid`,
 * `throttled`, `service-fault`, `network`, …) and the message ends with what to do about it.
 */
export class PublishFailedError extends AwsCallError {
  readonly code = 'PUBLISH_FAILED' as const;
  /**
   * Whether retrying the same message will not help (`!retriable`): fix the message, the options or
   * the set-up first. Kept from before `kind`; branch on `kind` or `retriable` instead.
   */
  readonly senderFault: boolean;
  /** Calls that carried this message (0: not sent at all). */
  readonly attempts: number;

  /**
   * @param failure - What the failure means ({@link classifyAwsError}), or what a batch entry reported.
   * @param options - `cause`: the SDK's error; `notSent`: the message was never sent because an
   *   earlier batch met this systemic failure.
   */
  constructor(
    service: PublishService,
    failure: AwsFailure | PublishFailure,
    attempts: number,
    options?: { cause?: unknown; notSent?: boolean },
  ) {
    const classified =
      'kind' in failure
        ? failure
        : classifyBatchEntryFailure({ code: failure.awsCode, senderFault: failure.senderFault, message: failure.detail }, { service });
    const what = describeAwsFailure(classified);
    const message = options?.notSent
      ? `${service} did not take the message: it was not sent, because an earlier batch failed with an error every batch would meet (${what}). ${classified.advice}`
      : `${service} did not take the message after ${attempts} attempt${attempts === 1 ? '' : 's'} (${what}). ${classified.advice}`;
    super(message, classified, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PublishFailedError';
    this.senderFault = !classified.retriable;
    this.attempts = attempts;
  }
}

/** `publishBatch`'s signal aborted before this entry was confirmed. */
export class PublishAbortedError extends SqsMegaNodeError {
  readonly code = 'PUBLISH_ABORTED' as const;
  /**
   * `true` when a call carrying the entry was in flight at the abort: the service may have taken
   * it. `false`: it was never sent.
   */
  readonly mayHaveBeenSent: boolean;

  constructor(mayHaveBeenSent: boolean, reason: unknown) {
    super(
      mayHaveBeenSent
        ? 'Publishing was aborted while this message was in flight: it may or may not have been taken. Publish it again if duplicates are acceptable (or use a FIFO deduplication id).'
        : 'Publishing was aborted before this message was sent. Publish it again.',
      { cause: reason },
    );
    this.name = 'PublishAbortedError';
    this.mayHaveBeenSent = mayHaveBeenSent;
  }
}

/**
 * Why one `publishBatch` entry was not published. Branch on `error.code`:
 * `MESSAGE_TOO_LARGE`, `BODY_INVALID_CHARACTER`, `BODY_EMPTY`, `ATTRIBUTE_INVALID`, `OPTION_INVALID`
 * (invalid entry, never sent), `ENCODE_UNSUPPORTED` / `MEGA_INVALID` (from core's `encodeBody`,
 * never sent), `PUBLISH_FAILED` (the call failed: see its `kind`), `PUBLISH_ABORTED` (the signal).
 */
export type PublishEntryError =
  | MessageTooLargeError
  | InvalidMessageBodyError
  | EmptyMessageBodyError
  | InvalidMessageAttributeError
  | InvalidOptionError
  | EncodeError
  | MegaValidationError
  | ContractViolationError
  | ContractSchemaAsyncError
  | PublishFailedError
  | PublishAbortedError;
