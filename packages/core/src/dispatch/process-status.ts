/**
 * What a subscriber says about a message it processed (spec §7).
 */

/**
 * The statuses a subscriber's `process` returns. `DONE` and `FATAL_ERROR` mean "finished with this
 * message"; `RETRY_LATER` and `RETRIABLE_ERROR` mean "keep it" (SQS redelivers it later).
 */
export const ProcessStatus = {
  /** Processed. Also what returning nothing means. */
  DONE: 'DONE',
  /** Not now (not an error): leave the message in the queue to be delivered again. */
  RETRY_LATER: 'RETRY_LATER',
  /** Failed and retrying cannot help: finished with the message. Also what an unmapped throw means. */
  FATAL_ERROR: 'FATAL_ERROR',
  /** Failed but may succeed later: keep the message. Also what a throw mapped as retriable means. */
  RETRIABLE_ERROR: 'RETRIABLE_ERROR',
} as const;

/** One of the four {@link ProcessStatus} values. */
export type ProcessStatus = (typeof ProcessStatus)[keyof typeof ProcessStatus];

const STATUSES: ReadonlySet<unknown> = new Set(Object.values(ProcessStatus));

/** True for the four status strings. */
export function isProcessStatus(value: unknown): value is ProcessStatus {
  return STATUSES.has(value);
}

/** True when the subscriber is finished with the message (`DONE` or `FATAL_ERROR`). */
export function isFinished(status: ProcessStatus): boolean {
  return status === ProcessStatus.DONE || status === ProcessStatus.FATAL_ERROR;
}

/**
 * What to do with a message once its subscribers answered (spec §7): delete it when every one of
 * them is finished with it, keep it (SQS redelivers it to all of them) when any asks to keep it.
 */
export function settle(statuses: Iterable<ProcessStatus>): 'delete' | 'keep' {
  for (const status of statuses) if (!isFinished(status)) return 'keep';
  return 'delete';
}
