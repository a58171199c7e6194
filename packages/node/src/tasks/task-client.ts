/**
 * How tasks reach SQS: the client enqueues go through (a task's own `client`, else the one set with
 * {@link configureTasks}, else one from the AWS default chain), queue names resolved to URLs once
 * per client, and one `SqsPublisher` per queue.
 */
import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { callOptions, sqsClientOrDefault } from '../aws-clients.js';
import { classifyAwsError } from '../aws-failure.js';
import { SqsPublisher } from '../publish/sqs-publisher.js';
import { QueueLookupFailedError, TaskQueueNotFoundError } from './task-errors.js';
import { isQueueUrl } from './task-name.js';

/** Options of {@link configureTasks}. */
export interface ConfigureTasksOptions {
  /**
   * The client tasks without a `client` of their own enqueue with. `undefined` goes back to the
   * default. The `sqs-mega worker` sets its own client here, so that tasks enqueued by handlers
   * reach the same endpoint.
   * @defaultValue `new SQSClient({})`, created on the first enqueue: region and credentials from the AWS default chain
   */
  readonly client?: SQSClient | undefined;
}

// Shared by every copy of this package loaded in the process (see task-context.ts).
const CLIENT_KEY = Symbol.for('@sqs-mega/node.taskClient');
const holder = globalThis as { [CLIENT_KEY]?: { configured: SQSClient | undefined; fallback: SQSClient | undefined } };
const clients = (holder[CLIENT_KEY] ??= { configured: undefined, fallback: undefined });

/**
 * Sets process-wide defaults of the tasks: the SQS client they enqueue with.
 *
 * @example
 * ```ts
 * configureTasks({ client: new SQSClient({ region: 'eu-west-1' }) });
 * ```
 */
export function configureTasks(options: ConfigureTasksOptions): void {
  if ('client' in options) clients.configured = options.client;
}

/** The client of a task: its own, else the configured one, else the default chain's (created once). */
export function taskClient(own: SQSClient | undefined): SQSClient {
  return own ?? clients.configured ?? (clients.fallback ??= sqsClientOrDefault(undefined));
}

const queueUrls = new WeakMap<SQSClient, Map<string, Promise<string>>>();
const publishers = new WeakMap<SQSClient, Map<string, SqsPublisher>>();

/**
 * The URL of a queue: a URL is returned as is; a name is looked up with GetQueueUrl, once per
 * client (a failed look-up is not remembered: the queue may be created, or the network come back).
 * Use it where a `queueUrl` option wants a URL and you have a name.
 *
 * @param queue - A queue name (`orders`, `orders.fifo`) or a queue URL.
 * @param signal - Aborts the look-up (it then rejects with the SDK's `AbortError`). @defaultValue none
 * @throws TaskQueueNotFoundError (code `QUEUE_NOT_FOUND`) when the queue does not exist;
 *   QueueLookupFailedError (code `QUEUE_LOOKUP_FAILED`, with the failure's `kind`: no region, no
 *   credentials, endpoint unreachable…) when the look-up fails otherwise.
 * @example
 * ```ts
 * const sqs = new SQSClient({});
 * const listener = new SqsListener({ client: sqs, queueUrl: await queueUrlOf(sqs, 'orders') });
 * ```
 */
export function queueUrlOf(client: SQSClient, queue: string, signal?: AbortSignal): Promise<string> {
  if (isQueueUrl(queue)) return Promise.resolve(queue);
  const cache = queueUrls.get(client) ?? new Map<string, Promise<string>>();
  queueUrls.set(client, cache);
  let url = cache.get(queue);
  if (url === undefined) {
    url = client.send(new GetQueueUrlCommand({ QueueName: queue }), callOptions(signal)).then(
      (output) => {
        if (!output.QueueUrl) throw new TaskQueueNotFoundError(queue);
        return output.QueueUrl;
      },
      (error: unknown) => {
        const failure = classifyAwsError(error, { service: 'SQS', action: 'GetQueueUrl', resource: queue });
        if (failure.kind === 'not-found') throw new TaskQueueNotFoundError(queue, error);
        if (failure.kind === 'aborted') throw error;
        throw new QueueLookupFailedError(queue, failure, error);
      },
    );
    cache.set(queue, url);
    url.catch(() => cache.delete(queue));
  }
  return url;
}

/** The publisher of a queue for a client (one per queue URL and client). */
export function publisherOf(client: SQSClient, queueUrl: string): SqsPublisher {
  const cache = publishers.get(client) ?? new Map<string, SqsPublisher>();
  publishers.set(client, cache);
  let publisher = cache.get(queueUrl);
  if (publisher === undefined) cache.set(queueUrl, (publisher = new SqsPublisher({ queueUrl, client })));
  return publisher;
}
