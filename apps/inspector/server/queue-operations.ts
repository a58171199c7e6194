/**
 * Every SQS call the bridge makes, over an injected `SQSClient`: list and describe queues, peek,
 * send, delete, purge and redrive. Each failure comes out as a {@link BridgeError} (see
 * {@link toBridgeError}); requests are already validated by the routes.
 */
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  type Message,
  type MessageAttributeValue,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import {
  MAX_QUEUE_PAGE_SIZE,
  type PeekedMessage,
  type PeekResponse,
  type QueueListResponse,
  type QueueSummary,
  type RedriveResponse,
  type SendRequest,
  type SendResponse,
  type WireMessageAttribute,
} from '../shared/bridge-api.js';
import { BridgeError } from './bridge-error.js';
import { dataRecord } from './data-record.js';
import { hasLostProtoKeys, restoreLostProtoKeys } from './lost-proto-keys.js';
import { decodeQueuePage, encodeQueuePage, type QueuePage } from './queue-page.js';
import { parseRedrivePolicy, queueNameFromUrl, summarizeQueues, type QueueAttributesEntry } from './queue-summary.js';
import { CallLimitError, sendWithinLimits, type LimitableCommand } from './sqs-call-limits.js';
import { toBridgeError } from './sqs-errors.js';

/** How many GetQueueAttributes calls run at once when listing queues. */
const DESCRIBE_CONCURRENCY = 8;

/** How long a queue-list page is shared by the requests that ask for it. */
export const PAGE_REUSE_MS = 2_000;

/** Pages of ListDeadLetterSourceQueues followed for one queue (1,000 sources each). */
const MAX_SOURCE_PAGES = 10;

/** The most bytes of an SQS answer the bridge reads, by action. */
export const MAX_RESPONSE_BYTES = {
  /** Ten messages of 1 MiB, JSON-escaped, with their attributes. */
  ReceiveMessage: 32 * 1024 * 1024,
  /** A page of up to 1,000 queue URLs is ~100 KB on AWS; servers that ignore MaxResults send all. */
  ListQueues: 8 * 1024 * 1024,
  /** Anything else (attributes, URLs, ids). */
  other: 2 * 1024 * 1024,
} as const;

/** Deadlines of the bridge's SQS calls. */
export interface SqsDeadlines {
  /** One call, retries included; a receive gets its long poll on top. @defaultValue 10_000 */
  readonly callMs?: number | undefined;
  /** A whole queue-list page: ListQueues and every GetQueueAttributes of the page. @defaultValue 20_000 */
  readonly listMs?: number | undefined;
}

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
  /** @defaultValue see {@link SqsDeadlines} */
  readonly deadlines?: SqsDeadlines | undefined;
}

/** A validated queue-list request. */
export interface QueueListOptions {
  readonly prefix: string | undefined;
  readonly page: string | undefined;
  readonly pageSize: number;
}

/** How one SQS call is made: for what, on which queue, and the signal of its whole request. */
interface CallContext {
  readonly action: keyof typeof MAX_RESPONSE_BYTES | (string & {});
  readonly queueName?: string | undefined;
  readonly extraMs?: number | undefined;
  readonly request?: { readonly signal: AbortSignal; readonly timeoutMs: number } | undefined;
  readonly onRawBody?: ((body: Buffer) => void) | undefined;
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
  const attributes = dataRecord(Object.entries(message.Attributes ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const messageAttributes = dataRecord(
    Object.entries(message.MessageAttributes ?? {})
      .filter((entry): entry is [string, MessageAttributeValue] => typeof entry[1] === 'object' && entry[1] !== null)
      .map(([key, value]) => [key, toWireAttribute(value)] as const),
  );
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
  readonly #callMs: number;
  readonly #listMs: number;
  readonly #recentPages = new Map<string, { readonly at: number; readonly page: Promise<QueueListResponse> }>();

  constructor(options: QueueOperationsOptions) {
    this.#sqs = options.sqs;
    this.#endpoint = options.endpoint;
    this.#now = options.now ?? Date.now;
    this.#callMs = options.deadlines?.callMs ?? 10_000;
    this.#listMs = options.deadlines?.listMs ?? 20_000;
  }

  /** Sends one SQS command within its deadline and answer ceiling, failures as {@link BridgeError}s. */
  async #call<Input extends object, Output extends object>(context: CallContext, command: LimitableCommand<Input, Output>): Promise<Output> {
    const { action, queueName } = context;
    const maxResponseBytes = MAX_RESPONSE_BYTES[action as keyof typeof MAX_RESPONSE_BYTES] ?? MAX_RESPONSE_BYTES.other;
    const timeoutMs = this.#callMs + (context.extraMs ?? 0);
    const on = queueName === undefined ? '' : ` on queue "${queueName}"`;
    try {
      return await sendWithinLimits(this.#sqs, command, { timeoutMs, maxResponseBytes, signal: context.request?.signal, onRawBody: context.onRawBody });
    } catch (error) {
      // The call's own deadline, or else its whole request's (a queue page), may have ended it.
      const callTimedOut = error instanceof CallLimitError && error.kind === 'timeout';
      const requestTimedOut = !callTimedOut && context.request?.signal.aborted === true;
      if (callTimedOut || requestTimedOut) {
        const seconds = (requestTimedOut ? (context.request?.timeoutMs ?? timeoutMs) : timeoutMs) / 1000;
        throw new BridgeError(
          'ENDPOINT_TIMEOUT',
          `The SQS endpoint ${this.#endpoint} did not answer ${action}${on} within ${seconds} s, so the bridge gave up on it: check that the server is running and not overloaded; the inspector retries on its next refresh.`,
        );
      }
      if (error instanceof CallLimitError) {
        const hint = action === 'ListQueues' ? ' Narrow the list with a name prefix.' : '';
        throw new BridgeError(
          'RESPONSE_TOO_LARGE',
          `The SQS endpoint ${this.#endpoint} answered ${action}${on} with more than ${error.limit / 1024 / 1024} MiB, more than any SQS answer needs; the bridge stopped reading it.${hint}`,
        );
      }
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

  /**
   * One page of queues (ListQueues) with their attributes (one GetQueueAttributes `All` each, at
   * most {@link MAX_QUEUE_PAGE_SIZE}), within one deadline for the whole page. A server that
   * ignores `MaxResults` (ElasticMQ answers with every queue) is paged here, by name. Tabs asking
   * for the same page within {@link PAGE_REUSE_MS} share one answer (a write starts afresh), so
   * the calls a bridge makes do not grow with the tabs open on it.
   */
  listQueues(options: QueueListOptions): Promise<QueueListResponse> {
    const key = JSON.stringify([options.prefix ?? '', options.page ?? '', options.pageSize]);
    const now = this.#now();
    for (const [old, entry] of this.#recentPages) if (now - entry.at >= PAGE_REUSE_MS) this.#recentPages.delete(old);
    const recent = this.#recentPages.get(key);
    if (recent !== undefined) return recent.page;
    const page = this.#listPage(options);
    this.#recentPages.set(key, { at: now, page });
    page.catch(() => this.#recentPages.delete(key));
    return page;
  }

  async #listPage(options: QueueListOptions): Promise<QueueListResponse> {
    const request = { signal: AbortSignal.timeout(this.#listMs), timeoutMs: this.#listMs };
    const page: QueuePage = decodeQueuePage(options.page);
    const pageSize = Math.min(options.pageSize, MAX_QUEUE_PAGE_SIZE);
    const listed = await this.#call(
      { action: 'ListQueues', request },
      new ListQueuesCommand({
        MaxResults: pageSize,
        ...(options.prefix === undefined || options.prefix === '' ? {} : { QueueNamePrefix: options.prefix }),
        ...(page.sqsToken === undefined ? {} : { NextToken: page.sqsToken }),
      }),
    );
    const all = listed.QueueUrls ?? [];
    const sorted = all.length > pageSize ? [...all].sort((a, b) => compareNames(queueNameFromUrl(a), queueNameFromUrl(b))) : all;
    const urls = sorted.slice(page.offset, page.offset + pageSize);
    let nextPage: QueuePage | undefined;
    if (page.offset + pageSize < sorted.length) nextPage = { sqsToken: page.sqsToken, offset: page.offset + pageSize };
    else if (listed.NextToken !== undefined && listed.NextToken !== '') nextPage = { sqsToken: listed.NextToken, offset: 0 };
    const described = await mapLimited(urls, DESCRIBE_CONCURRENCY, async (url): Promise<QueueAttributesEntry | undefined> => {
      try {
        return { url, attributes: await this.#attributes(url, undefined, request) };
      } catch (error) {
        // Deleted between ListQueues and GetQueueAttributes: leave it out.
        if (error instanceof BridgeError && error.code === 'QUEUE_NOT_FOUND') return undefined;
        throw error;
      }
    });
    return {
      queues: summarizeQueues(described.filter((entry) => entry !== undefined)),
      ...(nextPage === undefined ? {} : { nextPage: encodeQueuePage(nextPage) }),
    };
  }

  /** One queue by name, with every queue whose redrive policy names it (ListDeadLetterSourceQueues). */
  async describeQueue(name: string): Promise<QueueSummary> {
    const queue = await this.resolve(name);
    const sources = await this.#deadLetterSources(queue.url, name);
    const [summary] = summarizeQueues([{ url: queue.url, attributes: queue.attributes }]);
    if (summary === undefined) throw new BridgeError('INTERNAL', `The queue "${name}" could not be summarized.`);
    return { ...summary, deadLetterSources: sources };
  }

  async #deadLetterSources(url: string, name: string): Promise<string[]> {
    const names: string[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_SOURCE_PAGES; page++) {
      const token = nextToken;
      const listed = await this.#call(
        { action: 'ListDeadLetterSourceQueues', queueName: name },
        new ListDeadLetterSourceQueuesCommand({ QueueUrl: url, MaxResults: 1000, ...(token === undefined ? {} : { NextToken: token }) }),
      );
      names.push(...(listed.queueUrls ?? []).map(queueNameFromUrl));
      nextToken = listed.NextToken;
      if (nextToken === undefined || nextToken === '') break;
    }
    return names.sort(compareNames);
  }

  async #attributes(url: string, queueName: string | undefined, request?: CallContext['request']): Promise<Record<string, string>> {
    const { Attributes } = await this.#call(
      { action: 'GetQueueAttributes', queueName, request },
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
    );
    return dataRecord(Object.entries(Attributes ?? {}));
  }

  /** A queue's URL by name. @throws BridgeError `QUEUE_NOT_FOUND` */
  async #url(name: string): Promise<string> {
    const { QueueUrl } = await this.#call({ action: 'GetQueueUrl', queueName: name }, new GetQueueUrlCommand({ QueueName: name }));
    if (QueueUrl === undefined) throw toBridgeError({ name: 'QueueDoesNotExist' }, { action: 'GetQueueUrl', queueName: name, endpoint: this.#endpoint });
    return QueueUrl;
  }

  /** A queue's URL and attributes by name. @throws BridgeError `QUEUE_NOT_FOUND` */
  async resolve(name: string): Promise<ResolvedQueue> {
    const url = await this.#url(name);
    return { name, url, attributes: await this.#attributes(url, name) };
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
    let rawBody: Buffer | undefined;
    const received = await this.#call(
      { action: 'ReceiveMessage', queueName: name, extraMs: options.waitTimeSeconds * 1000, onRawBody: (body) => (rawBody = body) },
      new ReceiveMessageCommand({
        QueueUrl: queue.url,
        MaxNumberOfMessages: options.maxMessages,
        WaitTimeSeconds: options.waitTimeSeconds,
        VisibilityTimeout: 0,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    const peekedAt = this.#now();
    let messages = (received.Messages ?? []).slice(0, options.maxMessages);
    if (hasLostProtoKeys(messages)) messages = restoreLostProtoKeys(messages, rawBody);
    return {
      messages: messages.map((message) => toPeekedMessage(name, message, peekedAt)),
      ...(policy === undefined ? {} : { maxReceiveCount: policy.maxReceiveCount }),
    };
  }

  /** Sends one message. */
  async send(name: string, request: SendRequest): Promise<SendResponse> {
    this.#recentPages.clear();
    const QueueUrl = await this.#url(name);
    const attributes = request.messageAttributes === undefined ? undefined : Object.entries(request.messageAttributes);
    const sent = await this.#call(
      { action: 'SendMessage', queueName: name },
      new SendMessageCommand({
        QueueUrl,
        MessageBody: request.body,
        ...(request.delaySeconds === undefined ? {} : { DelaySeconds: request.delaySeconds }),
        ...(request.messageGroupId === undefined ? {} : { MessageGroupId: request.messageGroupId }),
        ...(request.messageDeduplicationId === undefined ? {} : { MessageDeduplicationId: request.messageDeduplicationId }),
        ...(attributes === undefined || attributes.length === 0
          ? {}
          : { MessageAttributes: dataRecord(attributes.map(([key, value]) => [key, fromWireAttribute(value)] as const)) }),
      }),
    );
    return { messageId: sent.MessageId ?? '' };
  }

  /** Deletes one message by a receipt handle from a peek. */
  async delete(name: string, receiptHandle: string): Promise<void> {
    this.#recentPages.clear();
    const QueueUrl = await this.#url(name);
    await this.#call({ action: 'DeleteMessage', queueName: name }, new DeleteMessageCommand({ QueueUrl, ReceiptHandle: receiptHandle }));
  }

  /** Deletes every message of a queue. */
  async purge(name: string): Promise<void> {
    this.#recentPages.clear();
    const QueueUrl = await this.#url(name);
    await this.#call({ action: 'PurgeQueue', queueName: name }, new PurgeQueueCommand({ QueueUrl }));
  }

  /**
   * Moves a dead-letter queue's messages to `destination` (StartMessageMoveTask), by default the
   * only queue whose redrive policy points at it (found with ListDeadLetterSourceQueues).
   * @throws BridgeError `BAD_REQUEST` when the queue is no queue's dead-letter queue, or when
   *   several are and no destination was given; `QUEUE_NOT_FOUND` when the destination is missing
   */
  async redrive(name: string, destination: string | undefined): Promise<RedriveResponse> {
    this.#recentPages.clear();
    const source = await this.describeQueue(name);
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
      target = source.deadLetterSources[0] ?? '';
    }
    let destinationQueue: ResolvedQueue;
    try {
      destinationQueue = await this.resolve(target);
    } catch (error) {
      if (error instanceof BridgeError && error.code === 'QUEUE_NOT_FOUND') {
        throw new BridgeError('QUEUE_NOT_FOUND', `The destination queue "${target}" does not exist at ${this.#endpoint}: refresh the queue list and pick another.`);
      }
      throw error;
    }
    const destinationArn = destinationQueue.attributes['QueueArn'] ?? '';
    const task = await this.#call({ action: 'StartMessageMoveTask', queueName: name }, new StartMessageMoveTaskCommand({ SourceArn: source.arn, DestinationArn: destinationArn }));
    return { taskHandle: task.TaskHandle ?? '', destination: target };
  }
}

/** Queue names in code-point order, as SQS lists them. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
