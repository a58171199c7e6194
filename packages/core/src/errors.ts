/**
 * Typed errors of `@sqs-mega/core`. Every error has a stable `code` to branch on and a message that
 * says what to do about it.
 */

/** Stable codes of every error thrown by `@sqs-mega/core`. */
export type MegaErrorCode =
  | 'MEGA_INVALID'
  | 'ENCODE_UNSUPPORTED'
  | 'PATTERN_INVALID'
  | 'RETRIABLE_ERROR'
  | 'SUBSCRIBER_DUPLICATE'
  | 'SUBSCRIBER_INVALID'
  | 'CONTRACT_VIOLATION'
  | 'CONTRACT_SCHEMA_ASYNC'
  | 'CONTRACT_INVALID'
  | 'MIDDLEWARE_NEXT_NOT_CALLED';

/** Base class of every error thrown by `@sqs-mega/core`. */
export abstract class MegaError extends Error {
  /** A stable, machine-readable code (never changes between versions for the same condition). */
  abstract readonly code: MegaErrorCode;
}

/** One problem found in a MEGA payload: where it is and what is wrong. */
export interface MegaIssue {
  /** Dotted path to the offending field, e.g. `event`, `event.timestamp`, `object.current`, `extra`. */
  readonly path: string;
  /** What is wrong and what is expected, in words. */
  readonly reason: string;
}

/**
 * A MEGA payload breaks the rules of the spec (§2.1), thrown by `PayloadBuilder.build()` and
 * `encodeBody()`. `issues` lists every problem, not only the first.
 */
export class MegaValidationError extends MegaError {
  readonly code = 'MEGA_INVALID' as const;
  /** Every problem found, each with its path. */
  readonly issues: readonly MegaIssue[];

  constructor(issues: readonly MegaIssue[]) {
    const list = issues.map((i) => `  - ${i.path}: ${i.reason}`).join('\n');
    super(`Invalid MEGA payload; fix these fields:\n${list}`);
    this.name = 'MegaValidationError';
    this.issues = issues;
  }
}

/**
 * `encodeBody()` was given something it cannot write in the chosen encoding (a `NaN` in JSON, a
 * function, a bigint beyond int64 in BSON, a plaintext string with `{ encoding: 'bson' }`…).
 */
export class EncodeError extends MegaError {
  readonly code = 'ENCODE_UNSUPPORTED' as const;
  /** Dotted path to the value that cannot be encoded (`""` for the whole input). */
  readonly path: string;

  constructor(path: string, problem: string, advice: string) {
    super(`Cannot encode ${path === '' ? 'the body' : `"${path}"`}: ${problem}. ${advice}`);
    this.name = 'EncodeError';
    this.path = path;
  }
}

/**
 * A pattern is not valid (unknown operator, wrong argument, invalid regex, malformed date…),
 * thrown once by `compilePattern()` / `eventPattern()`, never while matching.
 */
export class PatternError extends MegaError {
  readonly code = 'PATTERN_INVALID' as const;
  /** Keys and array indexes leading from the pattern's root to the problem (`[]` for the root). */
  readonly path: readonly (string | number)[];

  constructor(path: readonly (string | number)[], problem: string) {
    const where = path.length === 0 ? 'the pattern' : `pattern at ${formatPatternPath(path)}`;
    super(`Invalid ${where}: ${problem}`);
    this.name = 'PatternError';
    this.path = path;
  }
}

/** Writes a pattern path as `a.b[2].c` (keys that are not identifiers are quoted: `["a.b"]`). */
export function formatPatternPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(step)) out += out === '' ? step : `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * Throw it from a subscriber's `process` when the failure may go away (a dependency is down, a
 * rate limit): the message is kept and delivered again, instead of being finished as FATAL_ERROR.
 * Other errors can be mapped as retriable with the runtime's `isRetriable` option.
 */
export class RetriableError extends MegaError {
  readonly code = 'RETRIABLE_ERROR' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetriableError';
  }
}

/** The same subscriber object was registered twice (a message would reach it twice). */
export class SubscriberAlreadyRegisteredError extends MegaError {
  readonly code = 'SUBSCRIBER_DUPLICATE' as const;
  /** The subscriber's name, for the message. */
  readonly subscriberName: string;

  constructor(subscriberName: string) {
    super(
      `The subscriber "${subscriberName}" is already registered: register each subscriber once ` +
        '(call the function register() returned to unregister it first).',
    );
    this.name = 'SubscriberAlreadyRegisteredError';
    this.subscriberName = subscriberName;
  }
}

/** A value given as a subscriber is not one (`kind` must be event, data or message, with a `process` function). */
export class InvalidSubscriberError extends MegaError {
  readonly code = 'SUBSCRIBER_INVALID' as const;

  constructor(problem: string) {
    super(`Invalid subscriber: ${problem}. Use eventSubscriber(), dataSubscriber() or messageSubscriber(), or an object with kind and process().`);
    this.name = 'InvalidSubscriberError';
  }
}

/**
 * A message middleware returned without calling `next()`: the message's subscribers did not run,
 * so the message is kept (delivered again), never deleted unprocessed.
 */
export class MiddlewareNextNotCalledError extends MegaError {
  readonly code = 'MIDDLEWARE_NEXT_NOT_CALLED' as const;

  constructor() {
    super(
      "A message middleware returned without calling next(): the message's subscribers did not run, and it is kept for another try. " +
        'Call (and await) next() in every message middleware.',
    );
    this.name = 'MiddlewareNextNotCalledError';
  }
}
