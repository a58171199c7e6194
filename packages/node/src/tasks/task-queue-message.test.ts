import { decodeBody, encodeBody, PayloadBuilder, RetriableError, type MessageAttribute } from '@sqs-mega/core';
import { describe, expect, it } from 'vitest';
import { TaskMessageForeignError, TaskMessageInvalidError } from './task-errors.js';
import { keepUnrunnable, readTaskQueueMessage } from './task-queue-message.js';

const read = (body: string, attributes: Record<string, MessageAttribute> = {}) => readTaskQueueMessage(decodeBody(body), attributes);

function foreignOf(body: string, attributes: Record<string, MessageAttribute> = {}): TaskMessageForeignError {
  const result = read(body, attributes);
  if (result.kind !== 'foreign') throw new Error(`expected a foreign message, got ${result.kind}`);
  return result.error;
}

const task = { task: 'email.send', args: ['ada@example.com'], id: '0b6f9a52-8d1e-4c55-9a43-3f1f0f1c2b7e', enqueuedAt: '2025-05-04T15:53:27.823Z' };
const celeryEnvelope = {
  body: 'W1sxLCAyXSwge30sIHt9XQ==',
  'content-encoding': 'utf-8',
  'content-type': 'application/json',
  headers: { lang: 'py', task: 'proj.tasks.add', id: 'a1b2' },
  properties: { delivery_tag: 'x' },
};

describe('readTaskQueueMessage', () => {
  it('reads a task message', () => {
    expect(read(JSON.stringify(task))).toEqual({ kind: 'task', message: task });
  });

  it('names a PyQS task (task/args/kwargs, no id/enqueuedAt) and says what to send instead', () => {
    const error = foreignOf(JSON.stringify({ task: 'emails.tasks.send_email', args: ['a@b.c'], kwargs: { cc: 'd@e.f' } }));
    expect(error).toBeInstanceOf(TaskMessageInvalidError);
    expect(error).toMatchObject({ code: 'TASK_MESSAGE_INVALID', format: 'pyqs' });
    expect(error.message).toContain('looks like a PyQS task (task/args/kwargs, no id/enqueuedAt)');
    expect(error.message).toContain('This worker runs SQS MEGA task messages, JSON objects {"task": name, "args": [...], "id": uuid, "enqueuedAt": ISO 8601}');
    expect(error.message).toContain('"task": "emails.tasks.send_email"');
  });

  it('names an sqsq message by its String "name" attribute, whatever the body', () => {
    const name: Record<string, MessageAttribute> = { name: { dataType: 'String', stringValue: 'send_email' } };
    for (const body of ['{"to":"a@b.c"}', '["a@b.c"]', '"a@b.c"']) {
      const error = foreignOf(body, name);
      expect(error.format).toBe('sqsq');
      expect(error.message).toContain('looks like an sqsq message (the task name "send_email" in the "name" message attribute');
    }
  });

  it('names a Celery envelope, raw or Base64 as kombu sends it', () => {
    expect(foreignOf(JSON.stringify(celeryEnvelope)).format).toBe('celery');
    const base64 = Buffer.from(JSON.stringify(celeryEnvelope)).toString('base64');
    expect(foreignOf(base64)).toMatchObject({ format: 'celery', message: expect.stringContaining('task "proj.tasks.add"') });
  });

  it('names a MEGA event, plaintext, binary, and other JSON objects', () => {
    const event = encodeBody(new PayloadBuilder().withEvent({ name: 'user.updated' }).withObject({ current: { id: 1 } }).build());
    expect(foreignOf(event)).toMatchObject({ format: 'mega-event', message: expect.stringContaining('is a MEGA event ("user.updated")') });
    expect(foreignOf('hello')).toMatchObject({ format: 'plaintext', message: expect.stringContaining('is plaintext (5 characters)') });
    expect(foreignOf('AAECAwQ=')).toMatchObject({ format: 'binary', message: expect.stringContaining('Base64 of 5 bytes') });
    expect(foreignOf('{"to":"a@b.c","n":1}')).toMatchObject({
      format: 'json-object',
      message: expect.stringContaining('is a JSON object without "task" (keys "to", "n")'),
    });
  });

  it('reads a task-shaped message with a broken field as invalid, naming the field', () => {
    const { id: _id, ...noId } = task;
    const result = read(JSON.stringify(noId));
    expect(result.kind).toBe('invalid');
    expect(result.kind === 'invalid' && result.error.message).toContain('"id" must be a non-empty string');
    expect(read(JSON.stringify({ ...task, args: 'x' })).kind).toBe('invalid');
  });
});

describe('keepUnrunnable', () => {
  it('is a RetriableError (so the message is kept) carrying the typed reason, and says the message is kept', () => {
    const reason = foreignOf('hello');
    const kept = keepUnrunnable(reason);
    expect(kept).toBeInstanceOf(RetriableError);
    expect(kept.cause).toBe(reason);
    expect(kept.message).toMatch(/^Not a task message: it is plaintext.*The message is kept, not deleted/);
  });
});
