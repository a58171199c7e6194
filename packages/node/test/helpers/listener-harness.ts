/**
 * Shared set-up of the listener's integration tests: a real ElasticMQ, a client, queues, and ways
 * to wait for what the listener does.
 */
import { randomUUID } from 'node:crypto';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SQSClient,
  type SendMessageBatchRequestEntry,
} from '@aws-sdk/client-sqs';
import { localClientConfig, startElasticMQ, type ElasticMQServer } from '@sqs-mega/local';
import { afterAll, beforeAll } from 'vitest';
import type { SqsListener } from '../../src/index.js';
import type { ListenerEventMap, ListenerEventName } from '../../src/index.js';

/** A real ElasticMQ for the tests of a file, and a client of it: read them inside tests (they exist once `beforeAll` ran). */
export interface TestElasticMQ {
  readonly server: ElasticMQServer;
  readonly sqs: SQSClient;
}

/** Starts an ElasticMQ before the file's tests and stops it (and its client) after them. */
export function useElasticMQ(): TestElasticMQ {
  let server: ElasticMQServer | undefined;
  let sqs: SQSClient | undefined;
  beforeAll(async () => {
    server = await startElasticMQ({ startTimeoutMs: 60_000 });
    sqs = clientFor(server);
  }, 90_000);
  afterAll(async () => {
    sqs?.destroy();
    await server?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('ElasticMQ is not started yet: read it inside a test or a hook');
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get sqs() {
      return started(sqs);
    },
  };
}

/** A client for `server`, with the SDK's retries limited so that failures show quickly. */
export function clientFor(server: Pick<ElasticMQServer, 'endpoint' | 'region'>): SQSClient {
  return new SQSClient({ ...localClientConfig(server), maxAttempts: 2 });
}

/** Creates a queue with a unique name (FIFO when `fifo`). */
export async function createQueue(
  sqs: SQSClient,
  options: { fifo?: boolean; name?: string; attributes?: Record<string, string> } = {},
): Promise<string> {
  const name = options.name ?? `listener-${randomUUID()}${options.fifo ? '.fifo' : ''}`;
  const attributes: Record<string, string> = { ...options.attributes };
  if (options.fifo) Object.assign(attributes, { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  return QueueUrl!;
}

/** Sends bodies (10 per batch call), optionally with a FIFO group per body. */
export async function sendBodies(
  sqs: SQSClient,
  queueUrl: string,
  bodies: readonly string[],
  extra: (index: number) => Partial<SendMessageBatchRequestEntry> = () => ({}),
): Promise<void> {
  for (let i = 0; i < bodies.length; i += 10) {
    const Entries = bodies.slice(i, i + 10).map((body, j) => ({ Id: `m${i + j}`, MessageBody: body, ...extra(i + j) }));
    const { Failed } = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries }));
    if (Failed?.length) throw new Error(`send failed: ${JSON.stringify(Failed)}`);
  }
}

/** Visible + in-flight message counts of a queue. */
export async function queueCounts(sqs: SQSClient, queueUrl: string): Promise<{ visible: number; inFlight: number }> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(Attributes?.['ApproximateNumberOfMessages']),
    inFlight: Number(Attributes?.['ApproximateNumberOfMessagesNotVisible']),
  };
}

/** Resolves with the next `count` payloads of `event` (rejects after `timeoutMs`). */
export function nextEvents<E extends ListenerEventName>(
  listener: SqsListener,
  event: E,
  count = 1,
  timeoutMs = 15_000,
): Promise<ListenerEventMap[E][]> {
  return new Promise((resolve, reject) => {
    const seen: ListenerEventMap[E][] = [];
    const timer = setTimeout(() => {
      off();
      reject(new Error(`saw ${seen.length} of ${count} "${event}" events in ${timeoutMs} ms`));
    }, timeoutMs);
    const off = listener.on(event, (payload) => {
      seen.push(payload);
      if (seen.length >= count) {
        clearTimeout(timer);
        off();
        resolve(seen);
      }
    });
  });
}

/** Resolves once `predicate` holds, polling every 20 ms (rejects after `timeoutMs`). */
export async function waitUntil(predicate: () => boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves after `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
