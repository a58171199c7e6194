/**
 * A task as a data subscriber (spec §6): its pattern is `{ task: <name> }`, so the listener's
 * dispatcher routes task messages to it like any data object, and the handler's outcome becomes a
 * process status (§7): return → `DONE`; a retriable throw → `RETRIABLE_ERROR` (kept, retried with
 * the listener's backoff, and moved to the DLQ by SQS once `maxReceiveCount` is reached); any other
 * throw → `FATAL_ERROR`. A message whose `runAt` is still ahead is sent again with the remaining
 * delay, and the original finished (deleted).
 *
 * A message that names the task but cannot run — a broken task message (no `id`, `args` not an
 * array…) or another system's format that uses the same `task` key (PyQS) — is kept
 * (`RETRIABLE_ERROR`, reported as `HandlerFailedError` whose cause's cause is the
 * `TaskMessageInvalidError` / `TaskMessageForeignError`), never deleted: it comes back after the
 * listener's retry backoff until SQS moves it to the dead-letter queue at `maxReceiveCount` (see
 * `task-queue-message.ts` for why the ordinary backoff rather than a long visibility).
 *
 * A task with an `args` schema validates the arguments when the message is about to run (after any
 * carry-over, so the worker that runs it decides): arguments the schema refuses throw core's
 * `ContractViolationError` (contract `task:<name>`, status from `onInvalidArgs`), which the
 * runtimes report as a violation; the handler receives the schema's output.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { dataSubscriber, ProcessStatus, RetriableError, type DataSubscriber, type MessageContext } from '@sqs-mega/core';
import type { Task } from './define-task.js';
import { publisherOf, taskClient } from './task-client.js';
import { invalidArgsOnReceipt, validateTaskArgs } from './task-args-schema.js';
import { runWithTaskContext } from './task-context.js';
import { remainingDelaySeconds, type TaskMessage } from './task-message.js';
import { keepUnrunnable, readTaskQueueMessage } from './task-queue-message.js';

/** Where a task subscriber runs: the queue its messages come from, and how to send them again. */
export interface TaskSubscriberOptions {
  /** The queue the subscriber's messages come from; a long delay is carried over on it. */
  readonly queueUrl: string;
  /** The client that carries long delays over. @defaultValue the task's client (see `configureTasks`) */
  readonly client?: SQSClient | undefined;
  /** The clock, in ms since the epoch (tests). @defaultValue `Date.now` */
  readonly now?: () => number;
}

/** The task's own retriable rule; a rule that throws counts as "no". */
function isRetriableByTask(task: Task, error: unknown): boolean {
  try {
    return task.isRetriable?.(error) === true;
  } catch {
    return false;
  }
}

/** The subscriber that runs `task` for the messages of one queue. */
export function taskSubscriber(task: Task, options: TaskSubscriberOptions): DataSubscriber {
  const now = options.now ?? Date.now;
  const carryOver = async (message: TaskMessage, delaySeconds: number, signal: AbortSignal): Promise<void> => {
    const client = options.client ?? taskClient(task.client);
    try {
      await publisherOf(client, options.queueUrl).publish({ ...message }, { delaySeconds, signal });
    } catch (cause) {
      // Keep the original: it comes back, and the carry-over is tried again.
      throw new RetriableError(`could not carry task "${task.name}" (${message.id}) over to its run time`, { cause });
    }
  };

  const run = async (_data: Record<string, unknown>, context: MessageContext): Promise<ProcessStatus> => {
    const read = readTaskQueueMessage(context.decoded, context.messageAttributes);
    if (read.kind !== 'task') throw keepUnrunnable(read.error);
    const { message } = read;
    const remaining = remainingDelaySeconds(message, now());
    if (remaining > 0) {
      await carryOver(message, remaining, context.signal);
      return ProcessStatus.DONE;
    }
    let args: readonly unknown[] = message.args;
    if (task.args !== undefined) {
      const validation = await validateTaskArgs(task.args, message.args);
      if (!validation.ok) throw invalidArgsOnReceipt(task.name, task.args, validation.issues, task.onInvalidArgs);
      args = validation.value;
    }
    const taskContext = {
      task: task.name,
      id: message.id,
      messageId: context.messageId,
      receiveCount: context.receiveCount,
      enqueuedAt: new Date(message.enqueuedAt),
      queueUrl: options.queueUrl,
      // Read through: the listener makes a message's signal only when someone asks for it.
      get signal() {
        return context.signal;
      },
    };
    try {
      await runWithTaskContext(taskContext, () => task.handler(...args));
    } catch (error) {
      if (!(error instanceof RetriableError) && isRetriableByTask(task, error)) {
        throw new RetriableError(error instanceof Error ? error.message : String(error), { cause: error });
      }
      throw error;
    }
    return ProcessStatus.DONE;
  };
  return dataSubscriber({ task: task.name }, run, { name: `task:${task.name}` });
}
