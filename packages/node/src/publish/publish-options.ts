/**
 * Options of the publishers: per message (encoding, attributes, FIFO ids, SQS delay, SNS
 * subject), per batch call (concurrency, attempts, backoff, signal), and {@link batchEntry} for
 * options that differ between the entries of one batch.
 */
import type { BodyEncoding, EncodableBody } from '@sqs-mega/core';
import type { BackoffOptions } from '../backoff.js';
import { InvalidOptionError } from '../errors.js';
import { MAX_MESSAGE_BYTES } from '../sqs-limits.js';
import type { MessageAttributes } from './message-attributes.js';

/** Options of one message, for SQS and SNS alike. */
export interface MessageOptions {
  /**
   * How objects (MEGA payloads and data objects) are written: `json` (canonical JSON) or `bson`
   * (Base64 of a BSON document). Strings are always sent as they are, bytes always as Base64.
   * @defaultValue the publisher's `encoding`, itself `'json'` by default
   */
  readonly encoding?: BodyEncoding;
  /**
   * `true` is `encoding: 'bson'`, `false` is `encoding: 'json'` (the spelling). Giving both
   * `binary` and a different `encoding` is an error.
   * @defaultValue unset
   */
  readonly binary?: boolean;
  /**
   * Message attributes, merged over the batch's shared ones by name. They count toward the size
   * limit (name + data type + value).
   * @defaultValue none
   */
  readonly attributes?: MessageAttributes;
  /**
   * The message group (FIFO queues and topics: required; 1–128 printable ASCII characters).
   * Standard queues accept it too (fair queues).
   * @defaultValue none
   */
  readonly groupId?: string;
  /**
   * The deduplication id (FIFO only: 1–128 printable ASCII characters). Leave it out on a FIFO
   * queue or topic with content-based deduplication.
   * @defaultValue none
   */
  readonly deduplicationId?: string;
}

/** Options of one SQS message. */
export interface SqsMessageOptions extends MessageOptions {
  /**
   * Seconds (0–900) before the message can be received. Not on FIFO queues: they only have a
   * queue-wide delay.
   * @defaultValue the queue's DelaySeconds
   */
  readonly delaySeconds?: number;
}

/** Options of one SNS message. */
export interface SnsMessageOptions extends MessageOptions {
  /**
   * The notification's subject (`Subject` in the envelope delivered to SQS; email's subject
   * line): 1–99 printable ASCII characters.
   * @defaultValue none
   */
  readonly subject?: string;
}

/** Options of a `publishBatch` call, on top of the options shared by its messages. */
export interface BatchOptions {
  /**
   * Batch calls in flight at once.
   * @defaultValue 16
   */
  readonly concurrency?: number;
  /**
   * Calls that may carry one entry: the first plus retries of entries a batch reports as failed
   * by the service's fault or throttling (entries the service blames on the request are not
   * retried). Whole-call errors the SDK already retried count as one attempt.
   * @defaultValue 3
   */
  readonly maxAttempts?: number;
  /**
   * Delays between attempts (exponential with full jitter).
   * @defaultValue `{ baseMs: 100, maxMs: 20000, factor: 2, jitter: 'full' }`
   */
  readonly backoff?: BackoffOptions;
  /**
   * Stops publishing: no further batch is sent, in-flight calls are aborted, and every entry not
   * confirmed is reported with a `PublishAbortedError` (the promise still resolves).
   * @defaultValue none
   */
  readonly signal?: AbortSignal;
}

/** Options of `SqsPublisher.publish`. */
export interface SqsPublishOptions extends SqsMessageOptions {
  /** Aborts the call; `publish` then rejects with the signal's reason. @defaultValue none */
  readonly signal?: AbortSignal;
}

/** Options of `SnsPublisher.publish`. */
export interface SnsPublishOptions extends SnsMessageOptions {
  /** Aborts the call; `publish` then rejects with the signal's reason. @defaultValue none */
  readonly signal?: AbortSignal;
}

/** Options of `SqsPublisher.publishBatch`: shared message options plus {@link BatchOptions}. */
export interface SqsPublishBatchOptions extends SqsMessageOptions, BatchOptions {}

/** Options of `SnsPublisher.publishBatch`: shared message options plus {@link BatchOptions}. */
export interface SnsPublishBatchOptions extends SnsMessageOptions, BatchOptions {}

const ENTRY = Symbol.for('@sqs-mega/node.BatchEntry');

/** A payload with options of its own, made by {@link batchEntry}. */
export interface BatchEntry<O extends MessageOptions = SqsMessageOptions | SnsMessageOptions> {
  /** The payload: whatever core's `encodeBody` accepts. */
  readonly payload: EncodableBody;
  /** This entry's options, over the batch's shared ones (attributes merged by name). */
  readonly options: O;
  /** @internal */
  readonly [ENTRY]: true;
}

/**
 * Gives one `publishBatch` entry options of its own (a group id, a deduplication id, attributes…),
 * applied over the options shared by the batch; attributes are merged by name.
 *
 * @example
 * ```ts
 * await publisher.publishBatch(
 *   orders.map((order) => batchEntry(order, { groupId: order.customerId, deduplicationId: order.id })),
 * );
 * ```
 */
export function batchEntry<O extends SqsMessageOptions | SnsMessageOptions>(payload: EncodableBody, options: O): BatchEntry<O> {
  return Object.freeze({ payload, options, [ENTRY]: true as const });
}

/** Whether `value` was made by {@link batchEntry}. */
export function isBatchEntry(value: unknown): value is BatchEntry {
  return typeof value === 'object' && value !== null && (value as { [ENTRY]?: unknown })[ENTRY] === true;
}

/** The options of one entry: the shared ones with the entry's own over them. */
export function mergeEntryOptions<O extends MessageOptions>(shared: O, own: O | undefined): O {
  if (own === undefined) return shared;
  const merged = { ...shared, ...own };
  if (shared.attributes !== undefined && own.attributes !== undefined) {
    return { ...merged, attributes: { ...shared.attributes, ...own.attributes } };
  }
  return merged;
}

/** The encoding a message's options ask for, with `fallback` when they ask for none. */
export function resolveEncoding(options: MessageOptions, fallback: BodyEncoding): BodyEncoding {
  const { binary, encoding } = options;
  if (encoding !== undefined && encoding !== 'json' && encoding !== 'bson') {
    throw new InvalidOptionError('encoding', `${JSON.stringify(encoding)} is not 'json' or 'bson'`);
  }
  if (binary === undefined) return encoding ?? fallback;
  if (typeof binary !== 'boolean') throw new InvalidOptionError('binary', 'must be true (BSON) or false (JSON)');
  const fromBinary: BodyEncoding = binary ? 'bson' : 'json';
  if (encoding !== undefined && encoding !== fromBinary) {
    throw new InvalidOptionError('binary', `binary: ${binary} contradicts encoding: '${encoding}'; give one of them`);
  }
  return fromBinary;
}

/** {@link BatchOptions} with defaults applied and checked. */
export interface ResolvedBatchOptions {
  readonly concurrency: number;
  readonly maxAttempts: number;
  readonly backoff: BackoffOptions;
  readonly signal: AbortSignal | undefined;
}

function positiveInteger(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidOptionError(option, `must be a whole number ≥ 1, not ${String(value)}`);
  return value;
}

/**
 * Applies the defaults of {@link BatchOptions} and checks them.
 * @throws {@link InvalidOptionError}
 */
export function resolveBatchOptions(options: BatchOptions): ResolvedBatchOptions {
  return {
    concurrency: positiveInteger('concurrency', options.concurrency, 16),
    maxAttempts: positiveInteger('maxAttempts', options.maxAttempts, 3),
    backoff: options.backoff ?? {},
    signal: options.signal,
  };
}

/** Checks a `maxMessageBytes` option (1,024 B to 1 MiB, the range of a queue's or topic's MaximumMessageSize). */
export function checkMaxMessageBytes(value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1024 || value > MAX_MESSAGE_BYTES) {
    throw new InvalidOptionError('maxMessageBytes', `must be a whole number of bytes from 1024 to ${MAX_MESSAGE_BYTES}, not ${String(value)}`);
  }
  return value;
}
