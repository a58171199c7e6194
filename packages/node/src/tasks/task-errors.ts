/**
 * Typed errors of the task queues: defining a task, enqueuing it, registering tasks, choosing the
 * queues a worker listens to, and a task message that cannot run. Each has a stable `code` and a
 * message that says what to do.
 */
import { RetriableError, type ContractViolation } from '@sqs-mega/core';
import { type AwsFailure, AwsCallError, describeAwsFailure } from '../aws-failure.js';
import { SqsMegaNodeError } from '../errors.js';

/** A task name (or a task's `queue` option) that cannot be used. Thrown by `defineTask`. */
export class TaskNameInvalidError extends SqsMegaNodeError {
  readonly code = 'TASK_NAME_INVALID' as const;
  /** The name as given. */
  readonly taskName: string;

  constructor(taskName: string, problem: string) {
    super(`Invalid task name ${JSON.stringify(taskName)}: ${problem}`);
    this.name = 'TaskNameInvalidError';
    this.taskName = taskName;
  }
}

/**
 * An argument (or a value inside one) that JSON cannot carry unchanged: `undefined` in an array or
 * before the last argument, a function, a symbol, a bigint, `NaN`/`Infinity`, a class instance
 * (`Date`, `Map`, `Uint8Array`…), a cycle, a sparse array. Thrown by `delay`/`enqueueIn` before
 * anything is sent.
 */
export class TaskArgsNotJsonError extends SqsMegaNodeError {
  readonly code = 'TASK_ARGS_NOT_JSON' as const;
  /** The task's name. */
  readonly taskName: string;
  /** Where the value is: `args[1]`, `args[0].to[2]`, `args[0]["a key"]`. */
  readonly path: string;

  constructor(taskName: string, path: string, problem: string, advice: string) {
    super(`Cannot enqueue task "${taskName}": ${path} is ${problem}, which JSON cannot carry. ${advice}`);
    this.name = 'TaskArgsNotJsonError';
    this.taskName = taskName;
    this.path = path;
  }
}

/** A schema path as code would write it: `['args', 1, 'to']` → `args[1].to`. */
function describePath(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, key, index) => {
    if (index === 0) return String(key);
    if (typeof key === 'number') return `${text}[${key}]`;
    return /^[A-Za-z_$][\w$]*$/.test(key) ? `${text}.${key}` : `${text}[${JSON.stringify(key)}]`;
  }, '');
}

/**
 * Arguments that the task's `args` schema refuses. Thrown by `delay`/`enqueueIn`/`message` before
 * anything is sent. (A received message whose arguments break the schema is reported as core's
 * `ContractViolationError` instead, with the same `violation`.)
 */
export class TaskArgsInvalidError extends SqsMegaNodeError {
  readonly code = 'TASK_ARGS_INVALID' as const;
  /** The task's name. */
  readonly taskName: string;
  /** Contract `task:<name>`, each issue with its path from the message's root (`['args', 1]`) and the schema's own message. */
  readonly violation: ContractViolation;

  constructor(taskName: string, violation: ContractViolation) {
    const issues = violation.issues.map((issue) => `${describePath(issue.path)}: ${issue.message}`);
    super(`Cannot enqueue task "${taskName}": its args schema refuses the arguments (${issues.join('; ')}). Nothing was sent: pass arguments the schema accepts.`);
    this.name = 'TaskArgsInvalidError';
    this.taskName = taskName;
    this.violation = violation;
  }
}

/**
 * `task.message(...args)` cannot validate the arguments at once: the task's `args` schema validates
 * asynchronously. Use `delay`/`enqueueIn` (which await it), or a synchronous schema.
 */
export class TaskArgsSchemaAsyncError extends SqsMegaNodeError {
  readonly code = 'TASK_ARGS_SCHEMA_ASYNC' as const;
  /** The task's name. */
  readonly taskName: string;

  constructor(taskName: string) {
    super(
      `The args schema of task "${taskName}" answered with a promise (it validates asynchronously), so message() cannot check the ` +
        'arguments at once: enqueue with delay()/enqueueIn(), which await the schema, or use a synchronous schema.',
    );
    this.name = 'TaskArgsSchemaAsyncError';
    this.taskName = taskName;
  }
}

/** `enqueueIn` was given a delay that is not a finite number of seconds ≥ 0. */
export class TaskDelayInvalidError extends SqsMegaNodeError {
  readonly code = 'TASK_DELAY_INVALID' as const;

  constructor(taskName: string, seconds: unknown) {
    super(
      `Cannot enqueue task "${taskName}" in ${String(seconds)} seconds: give a finite number of seconds ≥ 0 ` +
        '(up to 900 is one SQS delay; longer delays are carried over in steps of 900 s).',
    );
    this.name = 'TaskDelayInvalidError';
  }
}

/**
 * Two different tasks of the same name were registered on one listener (both would run for each
 * of its messages). Thrown by `registerTasks`.
 */
export class TaskDuplicateError extends SqsMegaNodeError {
  readonly code = 'TASK_DUPLICATE' as const;
  /** The name both tasks have. */
  readonly taskName: string;

  constructor(taskName: string) {
    super(
      `Two different tasks are named "${taskName}": give each task a unique name ` +
        '(a module exporting the same task twice is fine; two defineTask calls with one name are not).',
    );
    this.name = 'TaskDuplicateError';
    this.taskName = taskName;
  }
}

/** `registerTasks` (or the worker's `--tasks` module) found no task to register. */
export class NoTasksError extends SqsMegaNodeError {
  readonly code = 'TASKS_NONE' as const;

  constructor(where: string) {
    super(`No task found in ${where}: export the values defineTask() returns (export const sendEmail = defineTask(...)).`);
    this.name = 'NoTasksError';
  }
}

/** The queue a task is enqueued to (or a queue the worker was given by name) does not exist. */
export class TaskQueueNotFoundError extends SqsMegaNodeError {
  readonly code = 'QUEUE_NOT_FOUND' as const;
  /** The queue's name. */
  readonly queueName: string;

  constructor(queueName: string, cause?: unknown) {
    super(
      `The SQS queue "${queueName}" does not exist (or this identity may not see it). ` +
        `Create it (aws sqs create-queue --queue-name ${queueName}), or check the region, the endpoint and the name.`,
      cause === undefined ? undefined : { cause },
    );
    this.name = 'TaskQueueNotFoundError';
    this.queueName = queueName;
  }
}

/**
 * Looking a queue's URL up by name (GetQueueUrl) failed for another reason than a missing queue: no
 * region, no credentials, an endpoint that does not answer… `kind` says which (see `AwsFailureKind`),
 * and the message what to do. Thrown by `queueUrlOf`, so by `task.delay()`/`enqueueIn()` for a task
 * whose queue is a name, and by the worker's queue selection.
 */
export class QueueLookupFailedError extends AwsCallError {
  readonly code = 'QUEUE_LOOKUP_FAILED' as const;
  /** The queue's name. */
  readonly queueName: string;

  constructor(queueName: string, failure: AwsFailure, cause: unknown) {
    super(`Could not look up the URL of the SQS queue "${queueName}" (${describeAwsFailure(failure)}). ${failure.advice}`, failure, { cause });
    this.name = 'QueueLookupFailedError';
    this.queueName = queueName;
  }
}

/** A worker's queue pattern (`'email.*'`) matched no queue that ListQueues returned. */
export class QueuePatternNoMatchError extends SqsMegaNodeError {
  readonly code = 'QUEUE_PATTERN_NO_MATCH' as const;
  /** The pattern as given on the command line. */
  readonly pattern: string;

  constructor(pattern: string, matchedAgainst: string, queueCount: number) {
    const shown = matchedAgainst === pattern ? '' : ` (matched as ${JSON.stringify(matchedAgainst)})`;
    super(
      `The queue pattern ${JSON.stringify(pattern)}${shown} matches none of the ${queueCount} queue(s) ListQueues returned. ` +
        'Check the region and the endpoint, create the queues first, or fix the pattern (quote it so that the shell does not expand it).',
    );
    this.name = 'QueuePatternNoMatchError';
    this.pattern = pattern;
  }
}

/**
 * A message routed to a task is not a task message it can run (`args` is not an array, `id` is
 * missing, `runAt` is not a date…). A worker keeps the message (`RETRIABLE_ERROR`, reported once
 * per delivery) rather than deleting it, so that it reaches the queue's dead-letter queue.
 */
export class TaskMessageInvalidError extends SqsMegaNodeError {
  readonly code = 'TASK_MESSAGE_INVALID' as const;

  constructor(problem: string) {
    super(`Invalid task message: ${problem}. Enqueue tasks with task.delay()/enqueueIn(), or follow the task message format.`);
    this.name = 'TaskMessageInvalidError';
  }
}

/** `taskContext()` was called outside a running task handler. */
export class TaskContextUnavailableError extends SqsMegaNodeError {
  readonly code = 'TASK_NO_CONTEXT' as const;

  constructor() {
    super(
      'taskContext() was called outside a task handler: call it inside the handler (or in code the handler awaits), ' +
        'not at module level nor from a callback scheduled elsewhere.',
    );
    this.name = 'TaskContextUnavailableError';
  }
}

/**
 * What a message on a task queue looks like when it is no task message at all: another task
 * system's (`pyqs`: `{task, args, kwargs}`; `sqsq`: the task name in a `name` message attribute,
 * the arguments as the body; `celery`: a kombu envelope), a MEGA event, a JSON object without
 * `task`, plaintext, or binary.
 */
export type ForeignMessageFormat = 'pyqs' | 'sqsq' | 'celery' | 'mega-event' | 'json-object' | 'plaintext' | 'binary';

/**
 * A message on a task queue is not a task message at all; `format` says what it looks like. A
 * `TaskMessageInvalidError` (same code, `TASK_MESSAGE_INVALID`), kept by a worker like any message
 * it cannot run.
 */
export class TaskMessageForeignError extends TaskMessageInvalidError {
  /** What the message looks like. */
  readonly format: ForeignMessageFormat;

  /**
   * @param looksLike - what the message is, in words: `looks like a PyQS task (task/args/kwargs, no id/enqueuedAt)`.
   * @param advice - how to make its producer send task messages (or where such messages belong).
   */
  constructor(format: ForeignMessageFormat, looksLike: string, advice: string) {
    super(looksLike);
    this.message =
      `Not a task message: it ${looksLike}. This worker runs SQS MEGA task messages, JSON objects ` +
      `{"task": name, "args": [...], "id": uuid, "enqueuedAt": ISO 8601} (what task.delay() sends). ${advice}`;
    this.name = 'TaskMessageForeignError';
    this.format = format;
  }
}

/**
 * A valid task message names a task the worker does not run. It is core's `RetriableError` (code
 * `RETRIABLE_ERROR`) — "not here, not now": the worker keeps the message, another worker of the
 * queue may run it, and otherwise it reaches the dead-letter queue after `maxReceiveCount` receives.
 */
export class TaskUnknownError extends RetriableError {
  /** The task name the message gives. */
  readonly taskName: string;

  /**
   * @param knownTasks - the tasks the worker runs, when known, to list them.
   * @param suggestion - the known task the name is probably a typo of.
   */
  constructor(taskName: string, knownTasks: readonly string[] | undefined, suggestion: string | undefined) {
    const listed = (knownTasks ?? []).slice(0, 10).map((name) => JSON.stringify(name));
    if (knownTasks !== undefined && knownTasks.length > 10) listed.push('…');
    const known = listed.length === 0 ? '' : ` (it runs ${listed.join(', ')}${suggestion === undefined ? '' : `; did you mean ${JSON.stringify(suggestion)}?`})`;
    super(
      `No task named ${JSON.stringify(taskName)} runs on this worker${known}. The message is kept, not deleted: another ` +
        "worker of the queue may run it, and with a redrive policy SQS moves it to the dead-letter queue after maxReceiveCount receives. " +
        "Export the task from the worker's tasks module, or send it to a queue whose worker runs it.",
    );
    this.name = 'TaskUnknownError';
    this.taskName = taskName;
  }
}
