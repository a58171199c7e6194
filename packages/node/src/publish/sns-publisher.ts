/**
 * `SnsPublisher`: MEGA payloads, data objects, text or bytes → one SNS topic, one at a time
 * (Publish) or in batches (PublishBatch), every message checked before any call.
 */
import { PublishBatchCommand, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { BodyEncoding, ContractInput, EncodableBody, EventContract, EventDefinition, MegaPayload } from '@sqs-mega/core';
import { callOptions, snsClientOrDefault } from '../aws-clients.js';
import { InvalidOptionError } from '../errors.js';
import { MAX_BATCH_ENTRIES } from '../sqs-limits.js';
import { awsFailure, classifyAwsError } from '../aws-failure.js';
import { BATCH_ENTRY_IDS, type BatchCall, type PublishBatchResult, sdkAttempts } from './batch-sender.js';
import type { WireMessageAttribute } from './message-attributes.js';
import { type MessageRules, type OutgoingMessage, prepareMessage } from './outgoing-message.js';
import { buildEach, publishBuilt, type EventEntry } from './contract-publishing.js';
import { publishInBatches } from './publish-batch.js';
import { checkInstrumentations, instrumentMessage, settleAfter, type PublishInstrumentation } from './publish-instrumentation.js';
import { PublishFailedError } from './publish-errors.js';
import {
  type BatchEntry,
  type SnsMessageOptions,
  type SnsPublishBatchOptions,
  type SnsPublishOptions,
  checkMaxMessageBytes,
  resolveEncoding,
} from './publish-options.js';
import type { PublishResult } from './sqs-publisher.js';

/**
 * SNS's default message size, and the default largest PublishBatch total: 256 KiB (262,144
 * bytes), body plus attributes. A topic's `MaximumMessageSize` attribute can raise both to 1 MiB.
 */
export const SNS_DEFAULT_MAX_MESSAGE_BYTES = 262_144;

/** Options of {@link SnsPublisher}. */
export interface SnsPublisherOptions {
  /** The topic's ARN; a name ending in `.fifo` makes it FIFO. */
  readonly topicArn: string;
  /**
   * Your own client (region, credentials, endpoint, retries, logging are yours).
   * @defaultValue `new SNSClient({})`: region and credentials from the SDK's default chain
   */
  readonly client?: SNSClient;
  /**
   * How objects are written unless a message says otherwise: `json` or `bson` (Base64 of BSON).
   * @defaultValue 'json'
   */
  readonly encoding?: BodyEncoding;
  /**
   * The topic's `MaximumMessageSize`, in bytes (1,024–1,048,576): the largest message (body plus
   * attributes) and the largest PublishBatch total. Raise it only if you raised the topic's.
   * @defaultValue 262144 (256 KiB, SNS's default)
   */
  readonly maxMessageBytes?: number;
  /**
   * Sees each message before it is sent and may add attributes to it (a trace context), within the
   * room the message has left; see {@link PublishInstrumentation}. More can be added later with
   * `instrument()`. @defaultValue none
   */
  readonly instrumentation?: PublishInstrumentation | readonly PublishInstrumentation[];
}

/** A PublishBatch entry for a message: only the keys that are set (the SDK serializes fewer). */
function snsEntry(m: OutgoingMessage, id: string) {
  const entry: {
    Id: string;
    Message: string;
    Subject?: string;
    MessageAttributes?: Record<string, WireMessageAttribute>;
    MessageGroupId?: string;
    MessageDeduplicationId?: string;
  } = { Id: id, Message: m.body };
  if (m.subject !== undefined) entry.Subject = m.subject;
  if (m.attributes) entry.MessageAttributes = m.attributes;
  if (m.groupId !== undefined) entry.MessageGroupId = m.groupId;
  if (m.deduplicationId !== undefined) entry.MessageDeduplicationId = m.deduplicationId;
  return entry;
}

/**
 * Publishes to one SNS topic. Every message is encoded by core's `encodeBody` and checked
 * against SNS's rules (256 KiB with attributes by default, refused characters, FIFO ids, subject,
 * attributes) before any network call. Subscribed SQS queues receive the body wrapped in an SNS
 * envelope, or as is with raw message delivery; core's `decodeBody` reads both.
 *
 * @example
 * ```ts
 * const publisher = new SnsPublisher({ topicArn });
 * await publisher.publish({ orderId: 42 }, { subject: 'order placed' });
 * ```
 */
export class SnsPublisher {
  /** The topic's ARN. */
  readonly topicArn: string;
  /** The client calls go through (yours, or one from the default chain). */
  readonly client: SNSClient;
  /** Whether the topic is FIFO (its name ends with `.fifo`). */
  readonly fifo: boolean;
  readonly #rules: MessageRules;
  readonly #instrumentations: PublishInstrumentation[];
  readonly #call: BatchCall;

  /** @throws `InvalidOptionError` for a missing `topicArn`, an unknown `encoding` or a `maxMessageBytes` out of range. */
  constructor(options: SnsPublisherOptions) {
    if (typeof options?.topicArn !== 'string' || options.topicArn === '') {
      throw new InvalidOptionError('topicArn', "is required: the topic's ARN (CreateTopic returns it)");
    }
    this.topicArn = options.topicArn;
    this.client = snsClientOrDefault(options.client);
    this.fifo = options.topicArn.endsWith('.fifo');
    this.#rules = {
      service: 'SNS',
      fifo: this.fifo,
      maxBytes: checkMaxMessageBytes(options.maxMessageBytes, SNS_DEFAULT_MAX_MESSAGE_BYTES),
      encoding: resolveEncoding({ ...(options.encoding ? { encoding: options.encoding } : {}) }, 'json'),
    };
    this.#instrumentations = checkInstrumentations(options.instrumentation);
    this.#call = async (messages, signal) => {
      const output = await this.client.send(
        new PublishBatchCommand({
          TopicArn: this.topicArn,
          PublishBatchRequestEntries: messages.map((m, k) => snsEntry(m, BATCH_ENTRY_IDS[k]!)),
        }),
        callOptions(signal),
      );
      return {
        successful: (output.Successful ?? []).map((s) => ({ id: s.Id ?? '', messageId: s.MessageId ?? '', sequenceNumber: s.SequenceNumber })),
        failed: (output.Failed ?? []).map((f) => ({ id: f.Id ?? '', code: f.Code ?? 'Unknown', detail: f.Message, senderFault: f.SenderFault ?? false })),
      };
    };
  }

  /**
   * Publishes one message (Publish).
   *
   * @throws before any call: `MessageTooLargeError`, `InvalidMessageBodyError`,
   *   `EmptyMessageBodyError`, `InvalidMessageAttributeError`, `InvalidOptionError`, and core's
   *   `EncodeError` / `MegaValidationError`. After the call: `PublishFailedError` (the SDK's
   *   error as `cause`), or the signal's reason when aborted.
   */
  async publish(payload: EncodableBody, options: SnsPublishOptions = {}): Promise<PublishResult> {
    const prepared = prepareMessage(payload, options, this.#rules);
    if (this.#instrumentations.length === 0) return this.#send(prepared, options.signal);
    const { message, settle } = instrumentMessage(this.#instrumentations, prepared, this.#rules, { destination: this.topicArn, operation: 'publish' });
    return settleAfter(this.#send(message, options.signal), settle);
  }

  async #send(message: OutgoingMessage, signal: AbortSignal | undefined): Promise<PublishResult> {
    const { Id: _id, ...fields } = snsEntry(message, '');
    let output;
    try {
      output = await this.client.send(
        new PublishCommand({ TopicArn: this.topicArn, ...fields }),
        callOptions(signal),
      );
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const failure = classifyAwsError(error, { service: 'SNS', action: 'Publish', resource: this.topicArn });
      throw new PublishFailedError('SNS', failure, sdkAttempts(error), { cause: error });
    }
    if (!output.MessageId) {
      const failure = awsFailure('service-fault', 'MissingFromResponse', 'no MessageId in the response', { service: 'SNS', action: 'Publish', resource: this.topicArn });
      throw new PublishFailedError('SNS', failure, 1);
    }
    return output.SequenceNumber ? { messageId: output.MessageId, sequenceNumber: output.SequenceNumber } : { messageId: output.MessageId };
  }

  /**
   * Publishes many messages with PublishBatch: batches of ≤ 10 entries and ≤ `maxMessageBytes`
   * in total (256 KiB by default) in input order, `concurrency` calls in flight, entries the
   * service reports as failed by its fault or throttling retried with backoff up to `maxAttempts`.
   * Resolves with one result per entry in input order; invalid entries are reported (never sent)
   * and the rest are published. On a FIFO topic, each message group keeps its order.
   *
   * @param payloads - Payloads, or {@link batchEntry}s for options of their own.
   * @param options - Options shared by every entry, plus the batch options.
   * @throws `InvalidOptionError` for invalid shared or batch options, before any call.
   */
  publishBatch(
    payloads: readonly (EncodableBody | BatchEntry<SnsMessageOptions>)[],
    options: SnsPublishBatchOptions = {},
  ): Promise<PublishBatchResult> {
    return publishInBatches(payloads, options, {
      resource: this.topicArn,
      rules: this.#rules,
      limits: { maxEntries: MAX_BATCH_ENTRIES, maxBytes: this.#rules.maxBytes },
      call: this.#call,
      instrumentations: this.#instrumentations,
    });
  }

  /**
   * Adds an instrumentation (after those of the `instrumentation` option): it sees every message
   * sent from now on. For tracing, `instrumentPublisher` from `@sqs-mega/otel` calls this.
   *
   * @throws `InvalidOptionError` when it is not an object with a `message` function.
   */
  instrument(instrumentation: PublishInstrumentation): this {
    this.#instrumentations.push(...checkInstrumentations(instrumentation));
    return this;
  }

  /**
   * Publishes one event by its contract: `contract.build(input)` — validated by the contract's
   * schemas, asynchronous ones awaited — then {@link SnsPublisher.publish}.
   *
   * @throws ContractViolationError (code `CONTRACT_VIOLATION`) before any call, naming each path that
   *   breaks the contract; then whatever `publish` throws.
   */
  async publishEvent<D extends EventDefinition>(contract: EventContract<D>, input: ContractInput<D>, options: SnsPublishOptions = {}): Promise<PublishResult> {
    return this.publish(await contract.buildAsync(input), options);
  }

  /**
   * Publishes many events of one contract with `publishBatch`: every input is built and validated
   * first; one that breaks the contract is a failed result of its own (a `ContractViolationError`,
   * never sent) and the others are published. One result per input, in input order.
   *
   * @param inputs - Contract inputs, or {@link eventEntry}s for options of their own (a FIFO group id…).
   * @param options - Options shared by every entry, plus the batch options.
   * @throws `InvalidOptionError` for invalid shared or batch options, before any call.
   */
  async publishEvents<D extends EventDefinition>(
    contract: EventContract<D>,
    inputs: readonly (ContractInput<D> | EventEntry<D, SnsMessageOptions>)[],
    options: SnsPublishBatchOptions = {},
  ): Promise<PublishBatchResult> {
    return publishBuilt(await buildEach(contract, inputs), (payloads) => this.publishBatch(payloads as readonly (MegaPayload | BatchEntry<SnsMessageOptions>)[], options));
  }
}
