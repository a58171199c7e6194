/**
 * The `/api` routes of `shared/bridge-api.ts`: session, queue list, peek, and the writes (send,
 * delete, purge, redrive), which answer 403 `WRITES_DISABLED` unless the bridge was started with
 * `--allow-writes`. Bodies are validated here; SQS calls live in {@link QueueOperations}.
 */
import { Hono, type Context } from 'hono';
import type {
  DeleteRequest,
  PeekRequest,
  PurgeRequest,
  QueueListResponse,
  RedriveRequest,
  SendRequest,
  SessionInfo,
  WireMessageAttribute,
} from '../shared/bridge-api.js';
import { BridgeError } from './bridge-error.js';
import type { PeekOptions, QueueOperations } from './queue-operations.js';
import { isQueueName } from './queue-summary.js';

/** Options of {@link createQueueRoutes}. */
export interface QueueRoutesOptions {
  readonly operations: QueueOperations;
  readonly session: SessionInfo;
}

type JsonObject = Record<string, unknown>;

function badRequest(message: string): BridgeError {
  return new BridgeError('BAD_REQUEST', message);
}

/** The request's JSON object body; an empty body is `{}`. Only `application/json` is accepted. */
async function jsonBody(c: Context): Promise<JsonObject> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(?:;|$)/i.test(type)) {
    throw badRequest('Send the request body as JSON with Content-Type: application/json.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('The request body must be a JSON object.');
  return value as JsonObject;
}

function optionalInteger(body: JsonObject, key: string, min: number, max: number, fallback: number): number {
  const value = body[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw badRequest(`"${key}" must be an integer from ${min} to ${max}.`);
  }
  return value;
}

function optionalString(body: JsonObject, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`"${key}" must be a string.`);
  return value;
}

function requiredString(body: JsonObject, key: string, what: string): string {
  const value = optionalString(body, key);
  if (value === undefined || value === '') throw badRequest(`"${key}" is required: ${what}.`);
  return value;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function messageAttributes(body: JsonObject): Record<string, WireMessageAttribute> | undefined {
  const value = body['messageAttributes'];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest('"messageAttributes" must be an object of attributes.');
  const attributes: Record<string, WireMessageAttribute> = {};
  for (const [name, raw] of Object.entries(value as JsonObject)) {
    if (typeof raw !== 'object' || raw === null) throw badRequest(`Message attribute "${name}" must be an object with dataType and a value.`);
    const { dataType, stringValue, binaryValueBase64 } = raw as JsonObject;
    if (typeof dataType !== 'string' || dataType === '') throw badRequest(`Message attribute "${name}" needs a dataType (String, Number or Binary).`);
    if (stringValue !== undefined && typeof stringValue !== 'string') throw badRequest(`Message attribute "${name}": stringValue must be a string.`);
    if (binaryValueBase64 !== undefined && (typeof binaryValueBase64 !== 'string' || !BASE64.test(binaryValueBase64))) {
      throw badRequest(`Message attribute "${name}": binaryValueBase64 must be standard Base64.`);
    }
    if ((stringValue === undefined) === (binaryValueBase64 === undefined)) {
      throw badRequest(`Message attribute "${name}" needs exactly one of stringValue and binaryValueBase64.`);
    }
    attributes[name] = {
      dataType,
      ...(typeof stringValue === 'string' ? { stringValue } : {}),
      ...(typeof binaryValueBase64 === 'string' ? { binaryValueBase64 } : {}),
    };
  }
  return attributes;
}

function parsePeek(body: JsonObject): PeekOptions {
  const acknowledge = body['acknowledgeReceiveCount' satisfies keyof PeekRequest];
  if (acknowledge !== undefined && typeof acknowledge !== 'boolean') throw badRequest('"acknowledgeReceiveCount" must be true or false.');
  return {
    maxMessages: optionalInteger(body, 'maxMessages' satisfies keyof PeekRequest, 1, 10, 10),
    waitTimeSeconds: optionalInteger(body, 'waitTimeSeconds' satisfies keyof PeekRequest, 0, 20, 0),
    acknowledgeReceiveCount: acknowledge === true,
  };
}

function parseSend(body: JsonObject): SendRequest {
  const text = body['body' satisfies keyof SendRequest];
  if (typeof text !== 'string' || text === '') throw badRequest('"body" is required: the message body, a non-empty string (encode it with @sqs-mega/core).');
  const delaySeconds = body['delaySeconds'] === undefined ? undefined : optionalInteger(body, 'delaySeconds', 0, 900, 0);
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

  api.get('/queues', async (c) => c.json({ queues: await operations.listQueues() } satisfies QueueListResponse));

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
