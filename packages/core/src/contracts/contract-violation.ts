/**
 * What a message that claims a contract but breaks it becomes: a {@link ContractViolation} (data:
 * which contract, each issue with its path and the schema's own message, the schema library), and
 * the {@link ContractViolationError} that carries it through the runtimes. A violation is never a
 * crash: the runtimes settle it with the status the subscriber chose (`FATAL_ERROR` by default, as
 * a message that breaks its contract will not become valid by being delivered again).
 */
import { MegaError } from '../errors.js';
import { ProcessStatus } from '../dispatch/process-status.js';
import type { SchemaIssue } from './schema-validation.js';

/** A message that claims a contract (its event name, version, domain) and breaks its schemas. */
export interface ContractViolation {
  /** `name@version` of the contract, e.g. `user.updated@2`. */
  readonly contract: string;
  /** Every problem found, each with its path from the MEGA document's root. */
  readonly issues: readonly SchemaIssue[];
  /** The schema libraries that found them (`zod`, `valibot`, `arktype`…). */
  readonly vendors: readonly string[];
}

/** The words of a violation: `user.updated@2: object.current.email: Invalid email; …`. */
export function describeViolation(violation: ContractViolation): string {
  const issues = violation.issues.map((issue) => `${issue.path.length === 0 ? '(root)' : issue.path.join('.')}: ${issue.message}`);
  return `${violation.contract}: ${issues.join('; ')}`;
}

/**
 * A payload breaks its contract: thrown by `contract.build()` (nothing invalid is published), and
 * reported — never thrown into a runtime — when a received message does. `status` is how the
 * message settles (the dispatcher uses it as the subscriber's status).
 */
export class ContractViolationError extends MegaError {
  readonly code = 'CONTRACT_VIOLATION' as const;
  readonly violation: ContractViolation;
  /** The status the message settles to. @defaultValue `FATAL_ERROR` */
  readonly status: ProcessStatus;

  constructor(violation: ContractViolation, status: ProcessStatus = ProcessStatus.FATAL_ERROR, advice = '') {
    super(`The payload breaks its contract ${describeViolation(violation)}${advice === '' ? '' : `. ${advice}`}`);
    this.name = 'ContractViolationError';
    this.violation = violation;
    this.status = status;
  }
}

/**
 * A schema validated asynchronously where only a synchronous answer will do (`build`, `is`,
 * `parse`): use `buildAsync` / `parseAsync`, or a synchronous schema.
 */
export class ContractSchemaAsyncError extends MegaError {
  readonly code = 'CONTRACT_SCHEMA_ASYNC' as const;

  constructor(contract: string, method: string) {
    super(
      `A schema of contract ${contract} answered with a promise (it validates asynchronously — or, with zod, it threw), ` +
        `so ${method}() cannot answer at once: call ${method}Async() instead, or use synchronous schemas.`,
    );
    this.name = 'ContractSchemaAsyncError';
  }
}
