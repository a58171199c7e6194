/**
 * The `/api` routes of `shared/bridge-api.ts`: session, queue list, peek, and the writes (send,
 * delete, purge, redrive), which answer 403 `WRITES_DISABLED` unless the bridge was started with
 * `--allow-writes`. Bodies are validated here; SQS calls live in {@link QueueOperations}.
 */
import { Hono, type Context } from 'hono';
import {
  MAX_QUEUE_PAGE_SIZE,
  type DeleteRequest,
  type PeekRequest,
  type PurgeRequest,
  type QueueListRequest,
  type QueueListResponse,
  type QueueResponse,
  type RedriveRequest,
  type SendRequest,
  type SessionInfo,
  type WireMessageAttribute,
} from '../shared/bridge-api.js';
import { BridgeError } from './bridge-error.js';
import { dataRecord, ownValue } from './data-record.js';
import { badRequest, jsonBody, optionalInteger, optionalString, requiredString, type JsonObject } from './request-body.js';
import type { PeekOptions, QueueListOptions, QueueOperations } from './queue-operations.js';
import { isQueueName } from './queue-summary.js';

/** Options of {@link createQueueRoutes}. */
export interface QueueRoutesOptions {
  readonly operations: QueueOperations;
  readonly session: SessionInfo;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function messageAttributes(body: JsonObject): Record<string, WireMessageAttribute> | undefined {
  const value = ownValue(body, 'messageAttributes' satisfies keyof SendRequest);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest('"messageAttributes" must be an object of attributes.');
  const attributes: [string, WireMessageAttribute][] = [];
  for (const [name, raw] of Object.entries(value as JsonObject)) {
    if (typeof raw !== 'object' || raw === null) throw badRequest(`Message attribute "${name}" must be an object with dataType and a value.`);
    const item = raw as JsonObject;
    const dataType = ownValue(item, 'dataType');
    const stringValue = ownValue(item, 'stringValue');
    const binaryValueBase64 = ownValue(item, 'binaryValueBase64');
    if (typeof dataType !== 'string' || dataType === '') throw badRequest(`Message attribute "${name}" needs a dataType (String, Number or Binary).`);
    if (stringValue !== undefined && typeof stringValue !== 'string') throw badRequest(`Message attribute "${name}": stringValue must be a string.`);
    if (binaryValueBase64 !== undefined && (typeof binaryValueBase64 !== 'string' || !BASE64.test(binaryValueBase64))) {
      throw badRequest(`Message attribute "${name}": binaryValueBase64 must be standard Base64.`);
    }
    if ((stringValue === undefined) === (binaryValueBase64 === undefined)) {
      throw badRequest(`Message attribute "${name}" needs exactly one of stringValue and binaryValueBase64.`);
    }
    attributes.push([
      name,
      {
        dataType,
        ...(typeof stringValue === 'string' ? { stringValue } : {}),
        ...(typeof binaryValueBase64 === 'string' ? { binaryValueBase64 } : {}),
      },
    ]);
  }
  return dataRecord(attributes);
}

function parsePeek(body: JsonObject): PeekOptions {
  const acknowledge = ownValue(body, 'acknowledgeReceiveCount' satisfies keyof PeekRequest);
  if (acknowledge !== undefined && typeof acknowledge !== 'boolean') throw badRequest('"acknowledgeReceiveCount" must be true or false.');
  return {
    maxMessages: optionalInteger(body, 'maxMessages' satisfies keyof PeekRequest, 1, 10, 10),
    waitTimeSeconds: optionalInteger(body, 'waitTimeSeconds' satisfies keyof PeekRequest, 0, 20, 0),
    acknowledgeReceiveCount: acknowledge === true,
  };
}

function parseSend(body: JsonObject): SendRequest {
  const text = ownValue(body, 'body' satisfies keyof SendRequest);
  if (typeof text !== 'string' || text === '') throw badRequest('"body" is required: the message body, a non-empty string (encode it with @sqs-mega/core).');
  const delaySeconds = ownValue(body, 'delaySeconds' satisfies keyof SendRequest) === undefined ? undefined : optionalInteger(body, 'delaySeconds', 0, 900, 0);
  const messageGroupId = optionalString(body, 'messageGroupId' satisfies keyof SendRequest);
  const messageDeduplicationId = optionalString(body, 'messageDeduplicationId' satisfies keyof SendRequest);
  const attributes = messageAttributes(body);
  return {
    body: text,
    ...(delaySeconds === undefined ? {} : { delaySeconds }),
    ...(messageGroupId === undefined ? {} : { messageGroupId }),
    ...(messageDeduplicationId === undefined ? {} : { messageDeduplicationId }),
    ...(attributes === undefined ? {} : { messageAttributes: attributes }),
  };
}

function parseQueueList(c: Context): QueueListOptions {
  const prefix = c.req.query('prefix' satisfies keyof QueueListRequest);
  const page = c.req.query('page' satisfies keyof QueueListRequest);
  const size = c.req.query('pageSize' satisfies keyof QueueListRequest);
  if (prefix !== undefined && prefix !== '' && !/^[A-Za-z0-9_.-]{1,80}$/.test(prefix)) {
    throw badRequest(`"prefix" must be the start of a queue name (A–Z, a–z, 0–9, -, _ and ., up to 80), not "${prefix.slice(0, 100)}".`);
  }
  let pageSize = MAX_QUEUE_PAGE_SIZE;
  if (size !== undefined) {
    pageSize = Number(size);
    if (!/^\d{1,3}$/.test(size) || pageSize < 1 || pageSize > MAX_QUEUE_PAGE_SIZE) throw badRequest(`"pageSize" must be an integer from 1 to ${MAX_QUEUE_PAGE_SIZE}.`);
  }
  return { prefix, page, pageSize };
}

function queueName(c: Context): string {
  const name = c.req.param('name') ?? '';
  if (!isQueueName(name)) {
    throw badRequest(`"${name.slice(0, 100)}" is not a queue name (1–80 of A–Z, a–z, 0–9, - and _, FIFO queues ending in .fifo).`);
  }
  return name;
}

/**
 * The `/api` routes (mounted at `/api` by the bridge app, behind the security guards).
 */
export function createQueueRoutes(options: QueueRoutesOptions): Hono {
  const { operations, session } = options;
  const api = new Hono();

  const requireWrites = (what: string): void => {
    if (!session.allowWrites) {
      throw new BridgeError('WRITES_DISABLED', `The inspector is read-only, so it cannot ${what}. Restart it with --allow-writes to allow sending, deleting, purging and redriving.`);
    }
  };

  api.get('/session', (c) => c.json(session));

  api.get('/queues', async (c) => c.json((await operations.listQueues(parseQueueList(c))) satisfies QueueListResponse));

  api.get('/queues/:name', async (c) => c.json((await operations.describeQueue(queueName(c))) satisfies QueueResponse));

  api.post('/queues/:name/peek', async (c) => {
    const name = queueName(c);
    return c.json(await operations.peek(name, parsePeek(await jsonBody(c))));
  });

  api.post('/queues/:name/messages', async (c) => {
    requireWrites('send messages');
    const name = queueName(c);
    return c.json(await operations.send(name, parseSend(await jsonBody(c))));
  });

  api.post('/queues/:name/delete', async (c) => {
    requireWrites('delete messages');
    const name = queueName(c);
    const body = await jsonBody(c);
    await operations.delete(name, requiredString(body, 'receiptHandle' satisfies keyof DeleteRequest, 'the receipt handle of a peeked message'));
    return c.body(null, 204);
  });

  api.post('/queues/:name/purge', async (c) => {
    requireWrites('purge queues');
    const name = queueName(c);
    const confirm = optionalString(await jsonBody(c), 'confirm' satisfies keyof PurgeRequest);
    if (confirm !== name) throw badRequest(`To purge "${name}", repeat its name in "confirm": every message in it is deleted for good.`);
    await operations.purge(name);
    return c.body(null, 204);
  });

  api.post('/queues/:name/redrive', async (c) => {
    requireWrites('redrive messages');
    const name = queueName(c);
    const destination = optionalString(await jsonBody(c), 'destination' satisfies keyof RedriveRequest);
    if (destination !== undefined && !isQueueName(destination)) throw badRequest(`"${destination.slice(0, 100)}" is not a queue name.`);
    return c.json(await operations.redrive(name, destination));
  });

  api.all('*', (c) => {
    throw badRequest(`No such API route: ${c.req.method} ${c.req.path}. See apps/inspector/shared/bridge-api.ts for the routes.`);
  });

  return api;
}
