/**
 * The task message: what `delay`/`enqueueIn` send and the worker runs. It is an ordinary MEGA data
 * object (a JSON object without the MEGA header, not shaped like an SNS envelope), so core decodes
 * it as `{ kind: 'data' }`, the inspector shows it, and a data subscriber's pattern
 * (`{ task: 'email.send' }`) routes it:
 *
 * ```json
 * {"args": ["ada@example.com", 3], "enqueuedAt": "2025-05-04T15:53:27.823Z", "id": "9b2f…", "task": "email.send"}
 * ```
 *
 * Delays above SQS's 900 s add `runAt`, the instant before which the task must not run.
 */
import { randomUUID } from 'node:crypto';
import { MAX_DELAY_SECONDS } from '../sqs-limits.js';
import { TaskMessageInvalidError } from './task-errors.js';

/** The message of one enqueued task (a MEGA data object). Receivers ignore keys they do not know. */
export interface TaskMessage {
  /** The task's name: which handler runs it. */
  readonly task: string;
  /** The handler's arguments, in order (JSON values). */
  readonly args: readonly unknown[];
  /** A random UUID given at enqueue time, kept when a long delay is carried over: use it to deduplicate. */
  readonly id: string;
  /** When `delay`/`enqueueIn` was called: ISO 8601 in UTC (`Date.toISOString()`). */
  readonly enqueuedAt: string;
  /**
   * Only for delays above 900 s: the earliest instant the task may run (ISO 8601, UTC). A worker
   * receiving the message earlier sends it again with the remaining delay (at most 900 s).
   */
  readonly runAt?: string;
}

/** How an enqueue is sent: the message and its SQS `DelaySeconds`. */
export interface PlannedEnqueue {
  readonly message: TaskMessage;
  /** 0–900; `undefined` for `delay()` (the queue's own delay applies). */
  readonly delaySeconds: number | undefined;
}

/**
 * Builds the message of a task enqueued at `now` (ms since the epoch) to run after `delaySeconds`
 * (`undefined`: at once). Up to 900 s the delay is SQS's `DelaySeconds` (rounded up to whole
 * seconds); beyond, the message is sent with 900 s and carries `runAt`.
 */
export function planEnqueue(task: string, args: readonly unknown[], now: number, delaySeconds?: number): PlannedEnqueue {
  const base = { task, args, id: randomUUID(), enqueuedAt: new Date(now).toISOString() };
  if (delaySeconds === undefined) return { message: base, delaySeconds: undefined };
  if (delaySeconds <= MAX_DELAY_SECONDS) return { message: base, delaySeconds: Math.ceil(delaySeconds) };
  return { message: { ...base, runAt: new Date(now + delaySeconds * 1000).toISOString() }, delaySeconds: MAX_DELAY_SECONDS };
}

/**
 * Seconds still to wait before a message may run, as an SQS delay: `0` when its time has come (or
 * it has no `runAt`), otherwise the remaining time rounded up, at most 900.
 */
export function remainingDelaySeconds(message: TaskMessage, now: number): number {
  if (message.runAt === undefined) return 0;
  const remainingMs = Date.parse(message.runAt) - now;
  if (!(remainingMs > 0)) return 0;
  return Math.min(MAX_DELAY_SECONDS, Math.ceil(remainingMs / 1000));
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads a data object as a task message, checking the fields a worker relies on.
 *
 * @throws TaskMessageInvalidError (code `TASK_MESSAGE_INVALID`) naming the field.
 */
export function parseTaskMessage(data: Readonly<Record<string, unknown>>): TaskMessage {
  const { task, args, id, enqueuedAt, runAt } = data;
  if (typeof task !== 'string' || task === '') throw new TaskMessageInvalidError('"task" must be the task\'s name');
  if (!Array.isArray(args)) throw new TaskMessageInvalidError('"args" must be an array of the arguments');
  if (typeof id !== 'string' || id === '') throw new TaskMessageInvalidError('"id" must be a non-empty string');
  if (typeof enqueuedAt !== 'string' || !ISO_INSTANT.test(enqueuedAt)) {
    throw new TaskMessageInvalidError('"enqueuedAt" must be an ISO 8601 instant (2025-05-04T15:53:27.823Z)');
  }
  if (runAt !== undefined && (typeof runAt !== 'string' || !ISO_INSTANT.test(runAt) || Number.isNaN(Date.parse(runAt)))) {
    throw new TaskMessageInvalidError('"runAt", when present, must be an ISO 8601 instant');
  }
  const message = { task, args: args as readonly unknown[], id, enqueuedAt };
  return runAt === undefined ? message : { ...message, runAt };
}
