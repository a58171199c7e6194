/**
 * A task's `args` schema: a Standard Schema (valibot, zod, arktype…) of the whole argument tuple.
 * What travels is the schema's INPUT, as given to `delay`/`enqueueIn` (validated there, so nothing
 * invalid is sent); the worker validates the arguments again on receipt and hands the handler the
 * schema's OUTPUT (transforms and defaults applied). Validating the output a second time would fail
 * for transforms (a string turned into a `Date`), which is why the input is what is sent.
 *
 * A received message whose arguments break the schema is a contract violation of contract
 * `task:<name>` (core's `ContractViolationError`), so the runtimes count, emit and log it as they
 * do for events, and settle it with the status the task chose.
 */
import {
  ContractViolationError,
  ProcessStatus,
  schemaVendor,
  validateSchema,
  validateSchemaAsync,
  type AnySchema,
  type ContractViolation,
  type SchemaInput,
  type SchemaIssue,
  type SchemaOutput,
  type SchemaResult,
} from '@sqs-mega/core';

/**
 * A Standard Schema of a task's argument tuple (`v.tuple([v.string(), v.number()])`,
 * `z.tuple([z.string(), z.number()])`, arktype's `type(['string', 'number'])`): its input and
 * output are arrays.
 */
export type TaskArgsSchema = AnySchema & {
  readonly '~standard': { readonly types?: { readonly input: unknown[]; readonly output: unknown[] } | undefined };
};

/** The arguments `delay`/`enqueueIn` take with schema `S`: its input tuple. */
export type TaskArgsInput<S extends TaskArgsSchema> = Extract<SchemaInput<S>, unknown[]>;

/** The parameters the handler receives with schema `S`: its output tuple (transforms applied). */
export type TaskArgsOutput<S extends TaskArgsSchema> = Extract<SchemaOutput<S>, unknown[]>;

/** What happens to a received message whose arguments break the task's `args` schema. */
export type InvalidArgsPolicy = 'fatal' | 'retry';

/** What validating a task's arguments gave: the schema's output, or its issues (paths from the message's root: `['args', 1]`). */
export type TaskArgsValidation = SchemaResult<unknown[]>;

const AT_ARGS = ['args'] as const;

function asArguments(result: SchemaResult<unknown>): TaskArgsValidation {
  if (!result.ok) return result;
  if (!Array.isArray(result.value)) return { ok: false, issues: [{ path: AT_ARGS, message: 'the args schema did not produce an array of arguments' }] };
  return { ok: true, value: result.value as unknown[] };
}

/** Validates `args` with `schema`, awaiting an asynchronous schema. Never rejects. */
export async function validateTaskArgs(schema: TaskArgsSchema, args: readonly unknown[]): Promise<TaskArgsValidation> {
  return asArguments(await validateSchemaAsync(schema, args, AT_ARGS));
}

/** Validates `args` with `schema` synchronously; `'async'` when the schema answered with a promise. Never throws. */
export function validateTaskArgsSync(schema: TaskArgsSchema, args: readonly unknown[]): TaskArgsValidation | 'async' {
  const result = validateSchema(schema, args, AT_ARGS);
  return result === 'async' ? result : asArguments(result);
}

/** The violation of contract `task:<name>` that `issues` make. */
export function taskArgsViolation(taskName: string, schema: TaskArgsSchema, issues: readonly SchemaIssue[]): ContractViolation {
  return { contract: `task:${taskName}`, issues, vendors: [schemaVendor(schema)] };
}

/**
 * The throw that settles a received message whose arguments break the schema: a
 * `ContractViolationError` with `FATAL_ERROR` (deleted) for `'fatal'`, `RETRIABLE_ERROR` (kept,
 * retried with backoff, then the DLQ) for `'retry'`.
 */
export function invalidArgsOnReceipt(taskName: string, schema: TaskArgsSchema, issues: readonly SchemaIssue[], policy: InvalidArgsPolicy): ContractViolationError {
  const status = policy === 'retry' ? ProcessStatus.RETRIABLE_ERROR : ProcessStatus.FATAL_ERROR;
  return new ContractViolationError(
    taskArgsViolation(taskName, schema, issues),
    status,
    `The handler did not run; the message is ${policy === 'retry' ? 'kept for another try (onInvalidArgs: "retry")' : 'deleted (onInvalidArgs: "fatal")'}. ` +
      'Enqueue with task.delay()/enqueueIn(), which validate the arguments, or fix the producer of this message.',
  );
}
