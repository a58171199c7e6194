/**
 * Runs the records of one invocation through the dispatcher: up to `concurrency` at once, each FIFO
 * message group one record at a time and in order (the listener's {@link FifoGroups}), the rest of
 * a group skipped once one of its records is kept, nothing started after the deadline, and running
 * handlers given up on once its grace is over. Every record ends with a {@link RecordResult}; none
 * is left without one.
 */
import type { Dispatcher, DispatchOutcome } from '@sqs-mega/core';
import { toDispatchInput, type DeliveredMessage } from '../consume/delivered-message.js';
import { LazyAbortController } from '../consume/lazy-abort-controller.js';
import { FifoGroups } from '../consume/fifo-groups.js';
import type { InvocationDeadline } from './invocation-deadline.js';
import type { SqsRecord } from './lambda-event.js';
import { orderingGroupOf, toDeliveredMessage } from './record-context.js';

/** What became of one record. Only a processed record whose outcome is `delete` is finished with. */
export type RecordResult =
  /** Its subscribers answered; `outcome.action` says whether it is deleted or kept. */
  | { readonly kind: 'processed'; readonly outcome: DispatchOutcome }
  /** The dispatcher threw (it never should): the record is kept. */
  | { readonly kind: 'failed'; readonly error: unknown }
  /** FIFO: an earlier record of its message group was kept, so it was not processed (kept, to keep the order). */
  | { readonly kind: 'blocked'; readonly behind: string }
  /** The deadline came before it could start: not processed (kept). */
  | { readonly kind: 'not-started' }
  /** Its handlers had not returned when the deadline's grace was over (kept). */
  | { readonly kind: 'abandoned' };

/** Whether a record must be returned to the queue (listed in `batchItemFailures`). */
export function isKept(result: RecordResult): boolean {
  return result.kind !== 'processed' || result.outcome.action === 'keep';
}

/** How {@link runRecordBatch} runs. */
export interface RecordBatchOptions {
  /** Core's dispatcher, as the listener builds it, with the subscribers registered. */
  readonly dispatcher: Dispatcher;
  /** The most records handled at once. */
  readonly concurrency: number;
  /** `undefined`: FIFO order for records from `.fifo` queues. */
  readonly fifo: boolean | undefined;
  /** When to stop starting records, abort running ones, and give up on them. */
  readonly deadline: InvocationDeadline;
}

interface RecordRun {
  readonly index: number;
  readonly message: DeliveredMessage;
  /** The record's queue (its `eventSourceARN`), when the record names one. */
  readonly queue: string | undefined;
  readonly group: string | undefined;
  /**
   * Behind this record's handlers' signal, aborted with the deadline's reason. One per record, as
   * in the listener: handlers (and the SDK calls they make) add listeners to their signal, and a
   * signal shared by a whole batch would collect them by the hundred.
   */
  readonly controller: LazyAbortController;
}

/** Runs every record; resolves with one result per record, in the records' order. */
export function runRecordBatch(records: readonly SqsRecord[], options: RecordBatchOptions): Promise<RecordResult[]> {
  const { dispatcher, concurrency, fifo, deadline } = options;
  const results: (RecordResult | undefined)[] = new Array<RecordResult | undefined>(records.length);
  const queue = new FifoGroups<RecordRun>((run) => run.group);
  records.forEach((record, index) =>
    queue.push({
      index,
      message: toDeliveredMessage(record),
      queue: typeof record.eventSourceARN === 'string' && record.eventSourceARN !== '' ? record.eventSourceARN : undefined,
      group: orderingGroupOf(record, fifo),
      controller: new LazyAbortController(),
    }),
  );
  const running = new Set<RecordRun>();

  return new Promise((resolve) => {
    let done = false;

    const finish = () => {
      if (done) return;
      done = true;
      deadline.signal.removeEventListener('abort', onDeadline);
      for (const run of running) results[run.index] = { kind: 'abandoned' };
      running.clear();
      resolve(results.map((result) => result ?? { kind: 'abandoned' }));
    };

    const settle = (run: RecordRun, result: RecordResult) => {
      if (done || !running.delete(run)) return;
      results[run.index] = result;
      const kept = isKept(result);
      for (const blocked of queue.finish(run, kept)) results[blocked.index] = { kind: 'blocked', behind: run.message.messageId };
      pump();
    };

    const start = (run: RecordRun) => {
      running.add(run);
      dispatcher.dispatch(toDispatchInput(run.message, run.controller, run.queue)).then(
        (outcome) => settle(run, { kind: 'processed', outcome }),
        (error: unknown) => settle(run, { kind: 'failed', error }),
      );
    };

    const pump = () => {
      while (!deadline.signal.aborted && running.size < concurrency) {
        const run = queue.take();
        if (run === undefined) break;
        start(run);
      }
      if (running.size === 0 && (queue.size === 0 || deadline.signal.aborted)) finish();
    };

    function onDeadline() {
      for (const run of queue.drain()) results[run.index] = { kind: 'not-started' };
      for (const run of running) run.controller.abort(deadline.signal.reason);
      pump();
    }

    deadline.signal.addEventListener('abort', onDeadline, { once: true });
    void deadline.givenUp.then(finish);
    if (deadline.signal.aborted) onDeadline();
    else pump();
  });
}
