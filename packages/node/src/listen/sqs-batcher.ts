/**
 * Batching of per-message SQS calls (DeleteMessageBatch, ChangeMessageVisibilityBatch): entries
 * are sent 10 at a time, or after a short delay when fewer are waiting. Entries that fail for a
 * reason retrying can fix (the whole call failed, or SQS reported a server-side fault for the
 * entry) are sent again with backoff; the others are reported at once.
 */
import { backoffDelay, type BackoffOptions } from '../backoff.js';
import { MAX_BATCH_ENTRIES } from '../sqs-limits.js';
import { deadlineSignal } from './deadline-signal.js';
import { errorCode } from './listener-errors.js';

/** An entry SQS reported as failed in a batch answer. */
export interface EntryFailure {
  /** The entry's position in the batch. */
  readonly index: number;
  /** SQS's code (`ReceiptHandleIsInvalid`…). */
  readonly code: string;
  /** True when the request was at fault (retrying the same entry cannot help). */
  readonly senderFault: boolean;
  readonly message?: string | undefined;
}

/** Why entries could not be completed. */
export interface BatchFailure {
  /** SQS's entry code, or the thrown error's code or name. */
  readonly reason: string;
  /** The thrown error or the entry failure. */
  readonly cause: unknown;
}

/** Sends one batch call; resolves with the entries SQS reported as failed. */
export type BatchCall<T> = (items: readonly T[], signal: AbortSignal) => Promise<readonly EntryFailure[]>;

/** Options of a {@link SqsBatcher}. */
export interface SqsBatcherOptions<T> {
  /** How long an entry waits for others before a partial batch is sent. */
  readonly delayMs: number;
  readonly call: BatchCall<T>;
  /** Called for each entry that succeeded. */
  readonly onSucceeded?: (item: T) => void;
  /** Called with entries that failed for good, grouped by reason. */
  readonly onFailed: (items: readonly T[], failure: BatchFailure) => void;
  /** Attempts per entry, the first included. @defaultValue 6 (about 10 s of retries with the default backoff) */
  readonly maxAttempts?: number;
  /** Pause before a retry. @defaultValue `{ baseMs: 200, maxMs: 5000 }` (full jitter) */
  readonly retryBackoff?: BackoffOptions;
  /** Deadline of one call. @defaultValue 10000 */
  readonly callTimeoutMs?: number;
}

interface Pending<T> {
  readonly item: T;
  attempt: number;
}

/** Collects entries into batch calls of up to 10, with retries of failed entries. */
export class SqsBatcher<T> {
  readonly #options: SqsBatcherOptions<T>;
  readonly #maxAttempts: number;
  readonly #callTimeoutMs: number;
  #pending: Pending<T>[] = [];
  #timer: NodeJS.Timeout | undefined;
  /** Calls in flight plus retries waiting for their backoff. */
  #busy = 0;
  #flushing = 0;
  #idleWaiters: (() => void)[] = [];

  constructor(options: SqsBatcherOptions<T>) {
    this.#options = options;
    this.#maxAttempts = options.maxAttempts ?? 6;
    this.#callTimeoutMs = options.callTimeoutMs ?? 10_000;
  }

  /** True when nothing is pending, in flight or waiting for a retry. */
  get idle(): boolean {
    return this.#pending.length === 0 && this.#busy === 0;
  }

  /** Queues an entry. */
  add(item: T): void {
    this.#enqueue([{ item, attempt: 1 }]);
  }

  /**
   * Sends everything pending now (without waiting for the delay), and resolves once every entry —
   * retries included — has succeeded or been reported as failed.
   */
  flush(): Promise<void> {
    this.#flushing++;
    this.#sendPending(true);
    return this.#whenIdle().finally(() => {
      this.#flushing--;
    });
  }

  #enqueue(pending: readonly Pending<T>[]): void {
    this.#pending.push(...pending);
    if (this.#pending.length >= MAX_BATCH_ENTRIES || this.#flushing > 0) {
      this.#sendPending(this.#flushing > 0);
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(this.#onTimer, this.#options.delayMs);
    }
  }

  readonly #onTimer = (): void => {
    this.#timer = undefined;
    this.#sendPending(true);
  };

  /** Sends full batches; with `all`, the partial last one too. */
  #sendPending(all: boolean): void {
    while (this.#pending.length >= MAX_BATCH_ENTRIES) void this.#send(this.#pending.splice(0, MAX_BATCH_ENTRIES));
    if (all && this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      void this.#send(batch);
    }
    if (this.#pending.length === 0 && this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  async #send(batch: Pending<T>[]): Promise<void> {
    this.#busy++;
    const deadline = deadlineSignal(undefined, this.#callTimeoutMs);
    try {
      let failures: readonly EntryFailure[];
      try {
        failures = await this.#options.call(
          batch.map((p) => p.item),
          deadline.signal,
        );
      } catch (thrown) {
        const error = deadline.explain(thrown);
        this.#retryOrFail(batch, { reason: errorCode(error), cause: error });
        return;
      }
      const failed = new Set<number>();
      const byReason = new Map<string, { retriable: Pending<T>[]; cause: unknown }>();
      for (const failure of failures) {
        const pending = batch[failure.index];
        if (pending === undefined || failed.has(failure.index)) continue;
        failed.add(failure.index);
        if (failure.senderFault) {
          this.#options.onFailed([pending.item], { reason: failure.code, cause: failure });
        } else {
          const group = byReason.get(failure.code) ?? { retriable: [], cause: failure };
          group.retriable.push(pending);
          byReason.set(failure.code, group);
        }
      }
      for (const [reason, group] of byReason) this.#retryOrFail(group.retriable, { reason, cause: group.cause });
      const onSucceeded = this.#options.onSucceeded;
      if (onSucceeded !== undefined) {
        for (let i = 0; i < batch.length; i++) if (!failed.has(i)) onSucceeded(batch[i]!.item);
      }
    } finally {
      deadline.dispose();
      this.#busy--;
      this.#checkIdle();
    }
  }

  #retryOrFail(batch: readonly Pending<T>[], failure: BatchFailure): void {
    const exhausted = batch.filter((p) => p.attempt >= this.#maxAttempts);
    if (exhausted.length > 0) this.#options.onFailed(exhausted.map((p) => p.item), failure);
    const retry = batch.filter((p) => p.attempt < this.#maxAttempts);
    if (retry.length === 0) return;
    const attempt = Math.max(...retry.map((p) => p.attempt));
    const delay = backoffDelay(attempt, this.#options.retryBackoff ?? { baseMs: 200, maxMs: 5_000 });
    this.#busy++;
    setTimeout(() => {
      this.#busy--;
      for (const p of retry) p.attempt++;
      this.#enqueue(retry);
      this.#checkIdle();
    }, delay);
  }

  #whenIdle(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #checkIdle(): void {
    if (!this.idle || this.#idleWaiters.length === 0) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
