/**
 * The base of every error `@sqs-mega/node` throws: a stable `code` to branch on and a message that
 * says what to do. Publisher and listener errors live beside the code that throws them.
 */

/** Base class of every error thrown by `@sqs-mega/node`. */
export abstract class SqsMegaNodeError extends Error {
  /** A stable, machine-readable code (never changes between versions for the same condition). */
  abstract readonly code: string;
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
