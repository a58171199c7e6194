/**
 * What a message on a task queue is — a task message, a task message with a broken field, or
 * another format altogether — read in one place for the task subscribers and the worker's
 * unrecognized policy alike. Other formats are named when they can be recognised (PyQS, sqsq,
 * Celery, a MEGA event…), so that the error says what the producer sent and what the worker
 * expects.
 *
 * A message that cannot run is kept, never deleted ({@link keepUnrunnable}): deleting it would lose
 * work another worker (or a fixed deployment) could do, and SQS moves it to the dead-letter queue
 * after `maxReceiveCount` receives. It comes back after the listener's ordinary retry backoff: a
 * longer visibility would not make it valid either, and the backoff lets it reach the DLQ after
 * `maxReceiveCount` receives rather than hours later.
 */
import { RetriableError, type DecodedBody, type MessageAttribute, type SnsEnvelope } from '@sqs-mega/core';
import { TaskMessageForeignError, TaskMessageInvalidError } from './task-errors.js';
import { parseTaskMessage, type TaskMessage } from './task-message.js';

/** A message of a task queue, read: runnable, a broken task message, or not a task message. */
export type TaskQueueMessage =
  | { readonly kind: 'task'; readonly message: TaskMessage }
  | { readonly kind: 'invalid'; readonly error: TaskMessageInvalidError }
  | { readonly kind: 'foreign'; readonly error: TaskMessageForeignError };

const SEND_TASK_MESSAGES = 'Enqueue with task.delay() or send that object;';

/** The task name of an sqsq message: a String `name` message attribute. */
function sqsqTaskName(attributes: Readonly<Record<string, MessageAttribute>>): string | undefined {
  const name = attributes['name'];
  if (name === undefined || !name.dataType.startsWith('String')) return undefined;
  return typeof name.stringValue === 'string' && name.stringValue !== '' ? name.stringValue : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** PyQS's `{task, args, kwargs}` (no `id`, no `enqueuedAt`). */
function isPyqs(data: Readonly<Record<string, unknown>>): boolean {
  return (
    typeof data['task'] === 'string' &&
    Array.isArray(data['args']) &&
    isPlainObject(data['kwargs']) &&
    data['id'] === undefined &&
    data['enqueuedAt'] === undefined
  );
}

/** The task name of a Celery (kombu) envelope: `{body, headers: {task}, properties}`. */
function celeryTaskName(data: unknown): string | undefined {
  if (!isPlainObject(data) || !isPlainObject(data['headers']) || !isPlainObject(data['properties']) || !('body' in data)) return undefined;
  const task = data['headers']['task'];
  return typeof task === 'string' ? task : undefined;
}

/** The JSON object a binary body holds, when its bytes are UTF-8 JSON (kombu Base64-encodes its envelopes). */
function jsonOfBytes(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

function viaSns(sns: SnsEnvelope | undefined): string {
  return sns === undefined ? '' : `, delivered by SNS from ${sns.topicArn}`;
}

function keysOf(data: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(data);
  if (keys.length === 0) return 'no keys';
  return `keys ${keys.slice(0, 6).map((key) => JSON.stringify(key)).join(', ')}${keys.length > 6 ? ', …' : ''}`;
}

function foreign(error: TaskMessageForeignError): TaskQueueMessage {
  return { kind: 'foreign', error };
}

function sqsq(name: string, sns: SnsEnvelope | undefined): TaskQueueMessage {
  return foreign(
    new TaskMessageForeignError(
      'sqsq',
      `looks like an sqsq message (the task name ${JSON.stringify(name)} in the "name" message attribute, the arguments as the body${viaSns(sns)})`,
      `Send {"task": ${JSON.stringify(name)}, "args": [the arguments], "id", "enqueuedAt"} as the body instead, or run this queue with sqsq workers.`,
    ),
  );
}

function celery(name: string, sns: SnsEnvelope | undefined): TaskQueueMessage {
  return foreign(
    new TaskMessageForeignError(
      'celery',
      `looks like a Celery message (a kombu envelope for task ${JSON.stringify(name)}${viaSns(sns)})`,
      'Run this queue with Celery workers, or enqueue the task with task.delay().',
    ),
  );
}

function readData(decoded: Extract<DecodedBody, { kind: 'data' }>, attributes: Readonly<Record<string, MessageAttribute>>): TaskQueueMessage {
  const { data, sns } = decoded;
  if (isPyqs(data)) {
    return foreign(
      new TaskMessageForeignError(
        'pyqs',
        `looks like a PyQS task (task/args/kwargs, no id/enqueuedAt${viaSns(sns)})`,
        `Send {"task": ${JSON.stringify(data['task'])}, "args": [...], "id": a UUID, "enqueuedAt": the time} instead ` +
          '(keyword arguments become a last object argument), or run this queue with PyQS workers.',
      ),
    );
  }
  if (!('task' in data)) {
    const name = sqsqTaskName(attributes);
    if (name !== undefined) return sqsq(name, sns);
    const celeryTask = celeryTaskName(data);
    if (celeryTask !== undefined) return celery(celeryTask, sns);
    const looksLike =
      decoded.megaErrors !== undefined && decoded.megaErrors.length > 0
        ? `carries the MEGA header but is not a valid MEGA event (${decoded.megaErrors[0]!.path}: ${decoded.megaErrors[0]!.reason}${viaSns(sns)})`
        : `is a JSON object without "task" (${keysOf(data)}${viaSns(sns)})`;
    return foreign(new TaskMessageForeignError('json-object', looksLike, `${SEND_TASK_MESSAGES} other data belongs on a queue an SqsListener consumes.`));
  }
  try {
    return { kind: 'task', message: parseTaskMessage(data) };
  } catch (error) {
    if (error instanceof TaskMessageInvalidError) return { kind: 'invalid', error };
    throw error;
  }
}

/**
 * Reads a delivered message as a task queue's message. Never throws.
 *
 * @param messageAttributes - the message's attributes (sqsq names its task in `name`).
 */
export function readTaskQueueMessage(decoded: DecodedBody, messageAttributes: Readonly<Record<string, MessageAttribute>>): TaskQueueMessage {
  switch (decoded.kind) {
    case 'data':
      return readData(decoded, messageAttributes);
    case 'mega':
      return foreign(
        new TaskMessageForeignError(
          'mega-event',
          `is a MEGA event (${JSON.stringify(decoded.payload.event.name)}${viaSns(decoded.sns)}), not a task`,
          'Events are for SqsListener event subscribers: publish them to a queue a listener consumes, not to a task queue.',
        ),
      );
    case 'plaintext': {
      const name = sqsqTaskName(messageAttributes);
      if (name !== undefined) return sqsq(name, decoded.sns);
      if (decoded.sns !== undefined && decoded.sns.type !== 'Notification') {
        return foreign(
          new TaskMessageForeignError(
            'plaintext',
            `is an SNS ${decoded.sns.type} from ${decoded.sns.topicArn}`,
            'Confirm subscriptions with their SubscribeURL (or subscribe with RawMessageDelivery), and publish task messages to the topic.',
          ),
        );
      }
      return foreign(
        new TaskMessageForeignError(
          'plaintext',
          `is plaintext (${decoded.text.length} characters${viaSns(decoded.sns)}), not a JSON object`,
          `${SEND_TASK_MESSAGES} task messages are JSON objects.`,
        ),
      );
    }
    case 'binary': {
      const celeryTask = celeryTaskName(jsonOfBytes(decoded.bytes));
      if (celeryTask !== undefined) return celery(celeryTask, decoded.sns);
      const name = sqsqTaskName(messageAttributes);
      if (name !== undefined) return sqsq(name, decoded.sns);
      return foreign(
        new TaskMessageForeignError(
          'binary',
          `is binary (Base64 of ${decoded.bytes.length} bytes that are not a BSON document${viaSns(decoded.sns)})`,
          `${SEND_TASK_MESSAGES} task messages are JSON objects.`,
        ),
      );
    }
  }
}

/**
 * The throw that keeps a message that cannot run: a `RetriableError` (so the listener keeps the
 * message and reports it as `HandlerFailedError` with status `RETRIABLE_ERROR`) whose `cause` is the
 * typed reason: a `TaskMessageForeignError` (its `format` names what the body looks like), a
 * `TaskMessageInvalidError` (both code `TASK_MESSAGE_INVALID`) or a `TaskUnknownError`.
 */
export function keepUnrunnable(reason: Error): RetriableError {
  return new RetriableError(
    `${reason.message} The message is kept, not deleted: with a redrive policy, SQS moves it to the dead-letter queue ` +
      'after maxReceiveCount receives.',
    { cause: reason },
  );
}
