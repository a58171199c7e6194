/**
 * The contract violations of a dispatch outcome: the subscribers (from `contractSubscriber`) whose
 * message claimed their contract and broke it. The runtimes report them as violations — counted,
 * emitted, logged with the contract and each path — rather than as subscriber crashes.
 */
import { ContractViolationError, type ContractViolation, type DispatchOutcome, type ProcessStatus } from '@sqs-mega/core';

/** One subscriber's verdict that a message breaks its contract. */
export interface ContractViolationReport {
  /** The subscriber's name. */
  readonly subscriber: string;
  /** How the subscriber settled it (`FATAL_ERROR` by default: deleted). */
  readonly status: ProcessStatus;
  readonly violation: ContractViolation;
  /** The error carrying it (its message names the contract and every path). */
  readonly error: ContractViolationError;
}

/** The violations in `outcome`, one per subscriber that found one. */
export function contractViolations(outcome: DispatchOutcome): ContractViolationReport[] {
  const reports: ContractViolationReport[] = [];
  for (const o of outcome.outcomes) {
    if (o.error instanceof ContractViolationError) reports.push({ subscriber: o.name, status: o.status, violation: o.error.violation, error: o.error });
  }
  return reports;
}
