/**
 * The base of every error `@sqs-mega/node` throws: a stable `code` (one of
 * {@link SqsMegaNodeErrorCode}) to branch on and a message that says what to do. Publisher, listener,
 * task and Lambda errors live beside the code that throws them; errors of failed AWS calls share
 * `AwsCallError` (aws-failure.ts). Option errors live here.
 */

/** Stable codes of every error thrown (or reported) by `@sqs-mega/node`. */
export type SqsMegaNodeErrorCode =
  // options
  | 'OPTION_INVALID'
  // publishers
  | 'MESSAGE_TOO_LARGE'
  | 'BODY_INVALID_CHARACTER'
  | 'BODY_EMPTY'
  | 'ATTRIBUTE_INVALID'
  | 'PUBLISH_FAILED'
  | 'PUBLISH_ABORTED'
  // listener
  | 'LISTENER_ALREADY_STARTED'
  | 'LISTENER_STOPPED'
  | 'LISTENER_NO_SUBSCRIBERS'
  | 'RECEIVE_FAILED'
  | 'DELETE_FAILED'
  | 'VISIBILITY_CHANGE_FAILED'
  | 'VISIBILITY_LOST'
  | 'STOP_TIMEOUT'
  | 'HANDLER_TIMEOUT'
  | 'EVENT_HANDLER_FAILED'
  // listener and Lambda handler
  | 'HANDLER_FAILED'
  | 'MESSAGE_MIDDLEWARE_FAILED'
  // Lambda handler
  | 'LAMBDA_DEADLINE'
  | 'LAMBDA_EVENT_INVALID'
  // tasks and the worker's queue selection
  | 'TASK_NAME_INVALID'
  | 'TASK_ARGS_NOT_JSON'
  | 'TASK_ARGS_INVALID'
  | 'TASK_ARGS_SCHEMA_ASYNC'
  | 'TASK_DELAY_INVALID'
  | 'TASK_DUPLICATE'
  | 'TASKS_NONE'
  | 'TASK_MESSAGE_INVALID'
  | 'TASK_NO_CONTEXT'
  | 'QUEUE_NOT_FOUND'
  | 'QUEUE_LOOKUP_FAILED'
  | 'QUEUE_PATTERN_NO_MATCH'
  | 'QUEUE_ARGUMENT_INVALID';

/** Base class of every error thrown by `@sqs-mega/node`. */
export abstract class SqsMegaNodeError extends Error {
  /** A stable, machine-readable code (never changes between versions for the same condition). */
  abstract readonly code: SqsMegaNodeErrorCode;
}

/** An option has a value the library cannot use (out of SQS's range, wrong type…). */
export class InvalidOptionError extends SqsMegaNodeError {
  readonly code = 'OPTION_INVALID' as const;
  /** The option's name, e.g. `concurrency`. */
  readonly option: string;

  constructor(option: string, problem: string) {
    super(`Invalid option ${option}: ${problem}`);
    this.name = 'InvalidOptionError';
    this.option = option;
  }
}

/** A short description of a thrown value for an error message: `Name: message`, or its string form. */
export function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message === '' ? cause.name : `${cause.name}: ${cause.message}`;
  return String(cause);
}
