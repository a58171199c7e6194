/**
 * `SqsPublisher`: MEGA payloads, data objects, text or bytes → one SQS queue, one at a time
 * (SendMessage) or in batches (SendMessageBatch), every message checked before any call.
 */
import { type SQSClient, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { BodyEncoding, ContractInput, EncodableBody, EventContract, EventDefinition, MegaPayload } from '@sqs-mega/core';
import { callOptions, sqsClientOrDefault } from '../aws-clients.js';
import { InvalidOptionError } from '../errors.js';
import { checkQueueUrl } from '../queue-url.js';
import { MAX_BATCH_BYTES, MAX_BATCH_ENTRIES, MAX_MESSAGE_BYTES } from '../sqs-limits.js';
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
  type SqsMessageOptions,
  type SqsPublishBatchOptions,
  type SqsPublishOptions,
  checkMaxMessageBytes,
  resolveEncoding,
} from './publish-options.js';

/** What `publish` resolves to. */
export interface PublishResult {
  /** The id the service gave the message. */
  readonly messageId: string;
  /** FIFO only: the message's sequence number. */
  readonly sequenceNumber?: string;
}

/** Options of {@link SqsPublisher}. */
export interface SqsPublisherOptions {
  /**
   * The queue's URL (`https://sqs.REGION.amazonaws.com/ACCOUNT/NAME`; ElasticMQ:
   * `http://127.0.0.1:9324/000000000000/NAME`); a name ending in `.fifo` makes it FIFO. A queue name
   * is refused: look it up with `await queueUrlOf(client, name)`.
   */
  readonly queueUrl: string;
  /**
   * Your own client (region, credentials, endpoint, retries, logging are yours).
   * @defaultValue `new SQSClient({})`: region and credentials from the SDK's default chain
   */
  readonly client?: SQSClient;
  /**
   * How objects are written unless a message says otherwise: `json` or `bson` (Base64 of BSON).
   * @defaultValue 'json'
   */
  readonly encoding?: BodyEncoding;
  /**
   * The queue's MaximumMessageSize, in bytes (1,024–1,048,576): larger messages are refused
   * before any call. Set it when your queue allows less than SQS's maximum.
   * @defaultValue 1048576 (1 MiB, the SQS maximum and the default of new queues)
   */
  readonly maxMessageBytes?: number;
  /**
   * Sees each message before it is sent and may add attributes to it (a trace context), within the
   * room the message has left; see {@link PublishInstrumentation}. More can be added later with
   * `instrument()`. @defaultValue none
   */
  readonly instrumentation?: PublishInstrumentation | readonly PublishInstrumentation[];
}

/** A SendMessageBatch entry for a message: only the keys that are set (the SDK serializes fewer). */
function sqsEntry(m: OutgoingMessage, id: string) {
  const entry: {
    Id: string;
    MessageBody: string;
    MessageAttributes?: Record<string, WireMessageAttribute>;
    DelaySeconds?: number;
    MessageGroupId?: string;
    MessageDeduplicationId?: string;
  } = { Id: id, MessageBody: m.body };
  if (m.attributes) entry.MessageAttributes = m.attributes;
  if (m.delaySeconds !== undefined) entry.DelaySeconds = m.delaySeconds;
  if (m.groupId !== undefined) entry.MessageGroupId = m.groupId;
  if (m.deduplicationId !== undefined) entry.MessageDeduplicationId = m.deduplicationId;
  return entry;
}

/**
 * Publishes to one SQS queue. Every message is encoded by core's `encodeBody` and checked
 * against SQS's rules (1 MiB with attributes, refused characters, delay, FIFO ids, attributes)
 * before any network call.
 *
 * @example
 * ```ts
 * const publisher = new SqsPublisher({ queueUrl });
 * await publisher.publish(new PayloadBuilder().withEvent({ name: 'order.placed' }).build());
 * const { failed, results } = await publisher.publishBatch(orders);
 * ```
 */
export class SqsPublisher {
  /** The queue's URL. */
  readonly queueUrl: string;
  /** The client calls go through (yours, or one from the default chain). */
  readonly client: SQSClient;
  /** Whether the queue is FIFO (its name ends with `.fifo`). */
  readonly fifo: boolean;
  readonly #rules: MessageRules;
  readonly #instrumentations: PublishInstrumentation[];
  readonly #call: BatchCall;

  /**
   * @throws `InvalidOptionError` for a `queueUrl` that is missing or not a queue URL (a queue name,
   *   an ARN: the message gives the URL to use, and `queueUrlOf` looks one up), an unknown `encoding`
   *   or a `maxMessageBytes` out of range.
   */
  constructor(options: SqsPublisherOptions) {
    if (typeof options !== 'object' || options === null) throw new InvalidOptionError('options', 'expected an object with a queueUrl');
    this.queueUrl = checkQueueUrl(options.queueUrl);
    this.client = sqsClientOrDefault(options.client);
    this.fifo = /\.fifo\/?$/.test(options.queueUrl);
    this.#rules = {
      service: 'SQS',
      fifo: this.fifo,
      maxBytes: checkMaxMessageBytes(options.maxMessageBytes, MAX_MESSAGE_BYTES),
      encoding: resolveEncoding({ ...(options.encoding ? { encoding: options.encoding } : {}) }, 'json'),
    };
    this.#instrumentations = checkInstrumentations(options.instrumentation);
    this.#call = async (messages, signal) => {
      const output = await this.client.send(
        new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: messages.map((m, k) => sqsEntry(m, BATCH_ENTRY_IDS[k]!)) }),
        callOptions(signal),
      );
      return {
        successful: (output.Successful ?? []).map((s) => ({ id: s.Id ?? '', messageId: s.MessageId ?? '', sequenceNumber: s.SequenceNumber })),
        failed: (output.Failed ?? []).map((f) => ({ id: f.Id ?? '', code: f.Code ?? 'Unknown', detail: f.Message, senderFault: f.SenderFault ?? false })),
      };
    };
  }

  /**
   * Publishes one message (SendMessage).
   *
   * @throws before any call: `MessageTooLargeError`, `InvalidMessageBodyError`,
   *   `EmptyMessageBodyError`, `InvalidMessageAttributeError`, `InvalidOptionError`, and core's
   *   `EncodeError` / `MegaValidationError`. After the call: `PublishFailedError` (the SDK's
   *   error as `cause`), or the signal's reason when aborted.
   */
  async publish(payload: EncodableBody, options: SqsPublishOptions = {}): Promise<PublishResult> {
    const prepared = prepareMessage(payload, options, this.#rules);
    if (this.#instrumentations.length === 0) return this.#send(prepared, options.signal);
    const { message, settle } = instrumentMessage(this.#instrumentations, prepared, this.#rules, { destination: this.queueUrl, operation: 'publish' });
    return settleAfter(this.#send(message, options.signal), settle);
  }

  async #send(message: OutgoingMessage, signal: AbortSignal | undefined): Promise<PublishResult> {
    const { Id: _id, ...fields } = sqsEntry(message, '');
    let output;
    try {
      output = await this.client.send(
        new SendMessageCommand({ QueueUrl: this.queueUrl, ...fields }),
        callOptions(signal),
      );
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const failure = classifyAwsError(error, { service: 'SQS', action: 'SendMessage', resource: this.queueUrl });
      throw new PublishFailedError('SQS', failure, sdkAttempts(error), { cause: error });
    }
    if (!output.MessageId) {
      const failure = awsFailure('service-fault', 'MissingFromResponse', 'no MessageId in the response', { service: 'SQS', action: 'SendMessage', resource: this.queueUrl });
      throw new PublishFailedError('SQS', failure, 1);
    }
    return output.SequenceNumber ? { messageId: output.MessageId, sequenceNumber: output.SequenceNumber } : { messageId: output.MessageId };
  }

  /**
   * Publishes many messages with SendMessageBatch: batches of ≤ 10 entries and ≤ 1 MiB in input
   * order, `concurrency` calls in flight, entries the service reports as failed by its fault or
   * throttling retried with backoff up to `maxAttempts`. Resolves with one result per entry in input
   * order; invalid entries are reported (never sent) and the rest are published. On a FIFO queue,
   * each message group keeps its order.
   *
   * @param payloads - Payloads, or {@link batchEntry}s for options of their own.
   * @param options - Options shared by every entry, plus the batch options.
   * @throws `InvalidOptionError` for invalid shared or batch options, before any call.
   */
  publishBatch(
    payloads: readonly (EncodableBody | BatchEntry<SqsMessageOptions>)[],
    options: SqsPublishBatchOptions = {},
  ): Promise<PublishBatchResult> {
    return publishInBatches(payloads, options, {
      resource: this.queueUrl,
      rules: this.#rules,
      limits: { maxEntries: MAX_BATCH_ENTRIES, maxBytes: MAX_BATCH_BYTES },
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
   * schemas, asynchronous ones awaited — then {@link SqsPublisher.publish}.
   *
   * @throws ContractViolationError (code `CONTRACT_VIOLATION`) before any call, naming each path that
   *   breaks the contract; then whatever `publish` throws.
   */
  async publishEvent<D extends EventDefinition>(contract: EventContract<D>, input: ContractInput<D>, options: SqsPublishOptions = {}): Promise<PublishResult> {
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
    inputs: readonly (ContractInput<D> | EventEntry<D, SqsMessageOptions>)[],
    options: SqsPublishBatchOptions = {},
  ): Promise<PublishBatchResult> {
    return publishBuilt(await buildEach(contract, inputs), (payloads) => this.publishBatch(payloads as readonly (MegaPayload | BatchEntry<SqsMessageOptions>)[], options));
  }
}
