/**
 * Typed errors of the task queues: defining a task, enqueuing it, registering tasks, choosing the
 * queues a worker listens to, and a task message that cannot run. Each has a stable `code` and a
 * message that says what to do.
 */
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
 * A message routed to a task is not a task message it can run (`args` is not an array, `runAt` is
 * not a date…). The message is finished as `FATAL_ERROR` (deleted): it would fail the same way on
 * every delivery.
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
