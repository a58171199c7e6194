/**
 * Task names and the queue names derived from them. SQS queue names allow only letters, digits,
 * `-` and `_` (1–80 characters; `.fifo` ends a FIFO queue's name), so a task name's dots become
 * hyphens: task `email.send` → queue `email-send`. The worker reads its queue arguments the same
 * way, so `sqs-mega worker email.send` and `'email.*'` select the queues of those tasks.
 */
import { TaskNameInvalidError } from './task-errors.js';

/** The longest SQS queue name, and so the longest task name. */
export const MAX_QUEUE_NAME_LENGTH = 80;

const TASK_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
const QUEUE_NAME = /^[A-Za-z0-9_-]+(\.fifo)?$/;

/**
 * Checks a task name: 1–80 characters, letters, digits, `_`, `-` and dots between them
 * (`email.send`, `billing.invoice-paid`), not ending in `.fifo` (tasks use standard queues).
 *
 * @throws TaskNameInvalidError (code `TASK_NAME_INVALID`)
 */
export function checkTaskName(name: string): string {
  if (typeof name !== 'string' || name === '') throw new TaskNameInvalidError(String(name), 'a task needs a non-empty string name');
  if (name.length > MAX_QUEUE_NAME_LENGTH) {
    throw new TaskNameInvalidError(name, `it is ${name.length} characters long; the limit is ${MAX_QUEUE_NAME_LENGTH} (an SQS queue name's)`);
  }
  if (!TASK_NAME.test(name)) {
    throw new TaskNameInvalidError(name, 'use letters, digits, "_" and "-", with dots between parts (email.send)');
  }
  if (name.endsWith('.fifo')) throw new TaskNameInvalidError(name, 'a task name cannot end in .fifo: tasks use standard queues');
  return name;
}

/** The queue a task uses unless told otherwise: its name with every `.` turned into `-` (`email.send` → `email-send`). */
export function queueNameForTask(taskName: string): string {
  return taskName.replaceAll('.', '-');
}

/**
 * A worker's queue argument (a name or a shell-style pattern) as a queue name: dots become
 * hyphens, as in derived queue names, except a final `.fifo`. So task names and task-name
 * patterns select the tasks' queues: `email.send` → `email-send`, `email.*` → `email-*`,
 * `orders.fifo` stays `orders.fifo`. (SQS queue names have no other dots.)
 */
export function queueNameFromArgument(argument: string): string {
  const fifo = argument.endsWith('.fifo');
  const stem = fifo ? argument.slice(0, -'.fifo'.length) : argument;
  return `${stem.replaceAll('.', '-')}${fifo ? '.fifo' : ''}`;
}

/** Whether `name` is a valid SQS queue name (1–80 letters, digits, `-`, `_`; `.fifo` at the end for FIFO). */
export function isQueueName(name: string): boolean {
  return name.length >= 1 && name.length <= MAX_QUEUE_NAME_LENGTH && QUEUE_NAME.test(name);
}

/** Whether `value` is a queue URL (`https://…` or `http://…`) rather than a name. */
export function isQueueUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

/** The queue's name: the last path segment of its URL. */
export function queueNameOfUrl(url: string): string {
  const path = url.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return path.slice(path.lastIndexOf('/') + 1);
}
