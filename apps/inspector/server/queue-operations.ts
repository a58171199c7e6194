/**
 * Every SQS call the bridge makes, over an injected `SQSClient`: list and describe queues, peek,
 * send, delete, purge and redrive. Each failure comes out as a {@link BridgeError} (see
 * {@link toBridgeError}); requests are already validated by the routes.
 */
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  type Message,
  type MessageAttributeValue,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import type {
  PeekedMessage,
  PeekResponse,
  QueueSummary,
  RedriveResponse,
  SendRequest,
  SendResponse,
  WireMessageAttribute,
} from '../shared/bridge-api.js';
import { BridgeError } from './bridge-error.js';
import { parseRedrivePolicy, summarizeQueues, type QueueAttributesEntry } from './queue-summary.js';
import { toBridgeError } from './sqs-errors.js';

/** How many GetQueueAttributes calls run at once when listing queues. */
const DESCRIBE_CONCURRENCY = 8;

/** Pages of ListQueues followed (1,000 queues each on AWS; ElasticMQ answers in one page). */
const MAX_LIST_PAGES = 10;

/** A queue resolved by name. */
export interface ResolvedQueue {
  readonly name: string;
  readonly url: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** A validated peek. */
export interface PeekOptions {
  readonly maxMessages: number;
  readonly waitTimeSeconds: number;
  readonly acknowledgeReceiveCount: boolean;
}

/** Options of {@link QueueOperations}. */
export interface QueueOperationsOptions {
  /** The client every call goes through. */
  readonly sqs: SQSClient;
  /** The endpoint shown in error messages (no credentials in it). */
  readonly endpoint: string;
  /** The clock for `peekedAt`. @defaultValue `Date.now` */
  readonly now?: (() => number) | undefined;
}

function toWireAttribute(value: MessageAttributeValue): WireMessageAttribute {
  return {
    dataType: value.DataType ?? 'String',
    ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
    ...(value.BinaryValue === undefined ? {} : { binaryValueBase64: Buffer.from(value.BinaryValue).toString('base64') }),
  };
}

function fromWireAttribute(value: WireMessageAttribute): MessageAttributeValue {
  return {
    DataType: value.dataType,
    ...(value.stringValue === undefined ? {} : { StringValue: value.stringValue }),
    ...(value.binaryValueBase64 === undefined ? {} : { BinaryValue: Buffer.from(value.binaryValueBase64, 'base64') }),
  };
}

function toPeekedMessage(queueName: string, message: Message, peekedAt: number): PeekedMessage {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(message.Attributes ?? {})) {
    if (typeof value === 'string') attributes[key] = value;
  }
  const messageAttributes: Record<string, WireMessageAttribute> = {};
  for (const [key, value] of Object.entries(message.MessageAttributes ?? {})) messageAttributes[key] = toWireAttribute(value);
  const groupId = attributes['MessageGroupId'];
  return {
    queueName,
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    md5OfBody: message.MD5OfBody ?? '',
    receiveCount: Number(attributes['ApproximateReceiveCount'] ?? 0) || 0,
    sentTimestamp: Number(attributes['SentTimestamp'] ?? 0) || 0,
    ...(groupId === undefined ? {} : { messageGroupId: groupId }),
    attributes,
    messageAttributes,
    peekedAt,
  };
}

async function mapLimited<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The bridge's SQS calls. Stateless apart from the client: queue URLs are looked up by name on
 * every call, so a queue deleted and created again is found again.
 */
export class QueueOperations {
  readonly #sqs: SQSClient;
  readonly #endpoint: string;
  readonly #now: () => number;

  constructor(options: QueueOperationsOptions) {
    this.#sqs = options.sqs;
    this.#endpoint = options.endpoint;
    this.#now = options.now ?? Date.now;
  }

  /** Runs one SQS call, turning its failure into a {@link BridgeError}. */
  async #call<T>(action: string, queueName: string | undefined, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toBridgeError(error, { action, queueName, endpoint: this.#endpoint, secrets: await this.#secrets() });
    }
  }

  /** The client's credentials, to blank out of error text (none when they cannot be resolved). */
  async #secrets(): Promise<string[]> {
    try {
      const credentials = await this.#sqs.config.credentials();
      return [credentials.secretAccessKey, credentials.sessionToken ?? '', credentials.accessKeyId].filter((s) => s !== '');
    } catch {
      return [];
    }
  }

  /** Every queue (ListQueues, followed page by page) with its attributes (GetQueueAttributes `All`). */
  async listQueues(): Promise<QueueSummary[]> {
    const urls: string[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const token = nextToken;
      const listed = await this.#call('ListQueues', undefined, () =>
        this.#sqs.send(new ListQueuesCommand({ MaxResults: 1000, ...(token === undefined ? {} : { NextToken: token }) })),
      );
      urls.push(...(listed.QueueUrls ?? []));
      nextToken = listed.NextToken;
      if (nextToken === undefined || nextToken === '') break;
    }
    const described = await mapLimited(urls, DESCRIBE_CONCURRENCY, async (url): Promise<QueueAttributesEntry | undefined> => {
      try {
        return { url, attributes: await this.#attributes(url, undefined) };
      } catch (error) {
        // Deleted between ListQueues and GetQueueAttributes: leave it out.
        if (error instanceof BridgeError && error.code === 'QUEUE_NOT_FOUND') return undefined;
        throw error;
      }
    });
    return summarizeQueues(described.filter((entry) => entry !== undefined));
  }

  async #attributes(url: string, queueName: string | undefined): Promise<Record<string, string>> {
    const { Attributes } = await this.#call('GetQueueAttributes', queueName, () =>
      this.#sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] })),
    );
    return { ...Attributes };
  }

  /** A queue's URL and attributes by name. @throws BridgeError `QUEUE_NOT_FOUND` */
  async resolve(name: string): Promise<ResolvedQueue> {
    const { QueueUrl } = await this.#call('GetQueueUrl', name, () => this.#sqs.send(new GetQueueUrlCommand({ QueueName: name })));
    if (QueueUrl === undefined) throw toBridgeError({ name: 'QueueDoesNotExist' }, { action: 'GetQueueUrl', queueName: name, endpoint: this.#endpoint });
    return { name, url: QueueUrl, attributes: await this.#attributes(QueueUrl, name) };
  }

  /**
   * Receives with VisibilityTimeout 0: the messages stay visible, but each receive increments
   * their receive count. A queue with a redrive policy needs `acknowledgeReceiveCount`.
   * @throws BridgeError `RECEIVE_COUNT_NOT_ACKNOWLEDGED` (409) when it is missing
   */
  async peek(name: string, options: PeekOptions): Promise<PeekResponse> {
    const queue = await this.resolve(name);
    const policy = parseRedrivePolicy(queue.attributes['RedrivePolicy']);
    if (policy !== undefined && !options.acknowledgeReceiveCount) {
      throw new BridgeError(
        'RECEIVE_COUNT_NOT_ACKNOWLEDGED',
        `Peeking "${name}" increments each message's receive count, and after ${policy.maxReceiveCount} receives SQS moves a message to its dead-letter queue "${policy.deadLetterTargetArn.slice(policy.deadLetterTargetArn.lastIndexOf(':') + 1)}". Confirm to peek anyway (acknowledgeReceiveCount: true).`,
      );
    }
    const received = await this.#call('ReceiveMessage', name, () =>
      this.#sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.url,
          MaxNumberOfMessages: options.maxMessages,
          WaitTimeSeconds: options.waitTimeSeconds,
          VisibilityTimeout: 0,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      ),
    );
    const peekedAt = this.#now();
    return {
      messages: (received.Messages ?? []).map((message) => toPeekedMessage(name, message, peekedAt)),
      ...(policy === undefined ? {} : { maxReceiveCount: policy.maxReceiveCount }),
    };
  }

  /** Sends one message. */
  async send(name: string, request: SendRequest): Promise<SendResponse> {
    const { QueueUrl } = await this.#call('GetQueueUrl', name, () => this.#sqs.send(new GetQueueUrlCommand({ QueueName: name })));
    const attributes = request.messageAttributes === undefined ? undefined : Object.entries(request.messageAttributes);
    const sent = await this.#call('SendMessage', name, () =>
      this.#sqs.send(
        new SendMessageCommand({
          QueueUrl,
          MessageBody: request.body,
          ...(request.delaySeconds === undefined ? {} : { DelaySeconds: request.delaySeconds }),
          ...(request.messageGroupId === undefined ? {} : { MessageGroupId: request.messageGroupId }),
          ...(request.messageDeduplicationId === undefined ? {} : { MessageDeduplicationId: request.messageDeduplicationId }),
          ...(attributes === undefined || attributes.length === 0
            ? {}
            : { MessageAttributes: Object.fromEntries(attributes.map(([key, value]) => [key, fromWireAttribute(value)])) }),
        }),
      ),
    );
    return { messageId: sent.MessageId ?? '' };
  }

  /** Deletes one message by a receipt handle from a peek. */
  async delete(name: string, receiptHandle: string): Promise<void> {
    const { QueueUrl } = await this.#call('GetQueueUrl', name, () => this.#sqs.send(new GetQueueUrlCommand({ QueueName: name })));
    await this.#call('DeleteMessage', name, () => this.#sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: receiptHandle })));
  }

  /** Deletes every message of a queue. */
  async purge(name: string): Promise<void> {
    const { QueueUrl } = await this.#call('GetQueueUrl', name, () => this.#sqs.send(new GetQueueUrlCommand({ QueueName: name })));
    await this.#call('PurgeQueue', name, () => this.#sqs.send(new PurgeQueueCommand({ QueueUrl })));
  }

  /**
   * Moves a dead-letter queue's messages to `destination` (StartMessageMoveTask), by default the
   * only queue whose redrive policy points at it.
   * @throws BridgeError `BAD_REQUEST` when the queue is no queue's dead-letter queue, or when
   *   several are and no destination was given
   */
  async redrive(name: string, destination: string | undefined): Promise<RedriveResponse> {
    const queues = await this.listQueues();
    const source = queues.find((queue) => queue.name === name);
    if (source === undefined) {
      throw toBridgeError({ name: 'QueueDoesNotExist' }, { action: 'StartMessageMoveTask', queueName: name, endpoint: this.#endpoint });
    }
    if (source.deadLetterSources.length === 0) {
      throw new BridgeError('BAD_REQUEST', `"${name}" is not the dead-letter queue of any queue, so it has nowhere to redrive to. Pick a dead-letter queue.`);
    }
    let target = destination;
    if (target === undefined) {
      if (source.deadLetterSources.length > 1) {
        throw new BridgeError(
          'BAD_REQUEST',
          `"${name}" is the dead-letter queue of ${source.deadLetterSources.map((s) => `"${s}"`).join(', ')}: say which one to redrive to (destination).`,
        );
      }
      target = source.deadLetterSources[0];
    }
    const destinationQueue = queues.find((queue) => queue.name === target);
    if (target === undefined || destinationQueue === undefined) {
      throw new BridgeError('QUEUE_NOT_FOUND', `The destination queue "${target ?? ''}" does not exist at ${this.#endpoint}: refresh the queue list and pick another.`);
    }
    const task = await this.#call('StartMessageMoveTask', name, () =>
      this.#sqs.send(new StartMessageMoveTaskCommand({ SourceArn: source.arn, DestinationArn: destinationQueue.arn })),
    );
    return { taskHandle: task.TaskHandle ?? '', destination: destinationQueue.name };
  }
}
