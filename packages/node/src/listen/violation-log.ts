/**
 * The default log line about contract violations: the first in full (the message, the contract,
 * every path and the schema's words, what happens to the message), then one line per 10 s counting
 * the rest. Subscribing to the listener's `violation` event takes it over.
 */
import { describeViolation } from '@sqs-mega/core';
import type { ContractViolationReport } from '../consume/contract-violations.js';
import type { LogKind } from './aggregated-log.js';

/** One violation, as the log tells it. */
export interface ViolationLogReport {
  readonly messageId: string;
  readonly report: ContractViolationReport;
}

function fate(status: string): string {
  if (status === 'FATAL_ERROR' || status === 'DONE') return 'finished with (deleted)';
  return 'kept (it reaches the dead-letter queue)';
}

/** The log kind of contract violations. */
export const VIOLATION_LOG: LogKind<ViolationLogReport> = {
  level: 'warn',
  line: ({ messageId, report }) =>
    `[sqs-mega listener] message ${messageId} breaks the contract of subscriber ${report.subscriber}: ${describeViolation(report.violation)}. ` +
    `It is ${fate(report.status)} (${report.status}; onViolation chooses). Subscribe to the "violation" event to handle them yourself (and silence this line).`,
  summary: ({ repeats, windowMs, last }) =>
    `[sqs-mega listener] ${repeats} more contract violation${repeats === 1 ? '' : 's'} in the last ${Math.max(1, Math.round(windowMs / 1000))} s ` +
    `(the last: ${describeViolation(last.report.violation)}).`,
  detail: () => undefined,
};
