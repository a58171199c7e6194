/**
 * The visibility heartbeat: while the listener holds a message (waiting for a slot or being
 * handled), its visibility is extended every interval, so that a long handler keeps its message.
 * The first extension comes sooner when the receive set a short initial visibility: half-way
 * through it, so that a handler finishing before then costs no call.
 * Messages due at about the same time share ChangeMessageVisibilityBatch calls, and one timer serves
 * every message.
 *
 * When an extension fails for good (SQS refused the entry: the receipt handle is stale, or the
 * 12-hour maximum is reached), the message's AbortController is aborted with a
 * {@link VisibilityLostError}: another consumer may already have it. When a whole call fails
 * (network, server restarting), the extension is retried soon, and the handler is aborted only once
 * the visibility has really run out.
 */
import { ChangeMessageVisibilityBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { MAX_BATCH_ENTRIES, MAX_VISIBILITY_TIMEOUT_SECONDS } from '../sqs-limits.js';
import { deadlineSignal } from './deadline-signal.js';
import { entryFailures } from './delete-batcher.js';
import type { InFlightMessage } from './in-flight.js';
import { errorCode, VisibilityChangeFailedError, VisibilityLostError } from './listener-errors.js';

/** Options of a {@link VisibilityHeartbeat}. */
export interface VisibilityHeartbeatOptions {
  readonly client: SQSClient;
  readonly queueUrl: string;
  /** Time between extensions of one message. */
  readonly intervalMs: number;
  /** The visibility each extension sets, in seconds. */
  readonly visibilityTimeoutSeconds: number;
  /** A message's visibility is lost: abort its handlers. */
  readonly onLost: (message: InFlightMessage, reason: VisibilityLostError) => void;
  /** Report a failed extension call. */
  readonly onError: (error: VisibilityChangeFailedError) => void;
}

const IN_PROGRESS = Number.POSITIVE_INFINITY;
const MAX_VISIBILITY_MS = MAX_VISIBILITY_TIMEOUT_SECONDS * 1000;

/** Extends the visibility of tracked messages until they are untracked. */
export class VisibilityHeartbeat {
  readonly #options: VisibilityHeartbeatOptions;
  /** When each tracked message is next due for an extension (epoch ms); Infinity while one is in flight. */
  readonly #due = new Map<InFlightMessage, number>();
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Number.POSITIVE_INFINITY;
  #stopped = false;

  constructor(options: VisibilityHeartbeatOptions) {
    this.#options = options;
  }

  /**
   * Starts extending a message's visibility: one interval after it was received, or half-way
   * through the visibility its receive set, if that is sooner (a short initial visibility).
   */
  track(message: InFlightMessage): void {
    if (this.#stopped) return;
    const { receivedAt } = message.message;
    const due = receivedAt + Math.min(this.#options.intervalMs, (message.visibleUntil - receivedAt) / 2);
    this.#due.set(message, due);
    if (due < this.#timerAt) this.#schedule(due);
  }

  /** Stops extending a message's visibility. */
  untrack(message: InFlightMessage): void {
    this.#due.delete(message);
  }

  /** Stops the heartbeat altogether. */
  stop(): void {
    this.#stopped = true;
    this.#due.clear();
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(at: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(this.#tick, Math.max(0, at - Date.now()));
  }

  readonly #tick = (): void => {
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
    if (this.#stopped) return;
    const now = Date.now();
    // Extend what is due now and what would be due within a quarter interval, so calls fill up.
    const horizon = now + this.#options.intervalMs / 4;
    const batch: InFlightMessage[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const [message, due] of this.#due) {
      if (due <= horizon) {
        batch.push(message);
        this.#due.set(message, IN_PROGRESS);
      } else if (due < next) {
        next = due;
      }
    }
    for (let i = 0; i < batch.length; i += MAX_BATCH_ENTRIES) void this.#extend(batch.slice(i, i + MAX_BATCH_ENTRIES), now);
    if (next !== Number.POSITIVE_INFINITY) this.#schedule(next);
  };

  async #extend(messages: InFlightMessage[], now: number): Promise<void> {
    const entries: { message: InFlightMessage; seconds: number }[] = [];
    for (const message of messages) {
      const allowedMs = message.message.receivedAt + MAX_VISIBILITY_MS - now;
      const seconds = Math.min(this.#options.visibilityTimeoutSeconds, Math.floor(allowedMs / 1000));
      if (seconds <= 0) this.#lose(message, 'the 12-hour maximum visibility is reached', undefined);
      else entries.push({ message, seconds });
    }
    if (entries.length === 0) return;
    const { client, queueUrl } = this.#options;
    const deadline = deadlineSignal(undefined, Math.max(1_000, Math.min(10_000, this.#options.intervalMs)));
    try {
      const output = await client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: entries.map((e, index) => ({ Id: String(index), ReceiptHandle: e.message.message.receiptHandle, VisibilityTimeout: e.seconds })),
        }),
        { abortSignal: deadline.signal },
      );
      const failed = new Map(entryFailures(output.Failed).map((f) => [f.index, f]));
      entries.forEach((entry, index) => {
        const failure = failed.get(index);
        if (failure === undefined) {
          entry.message.visibleUntil = now + entry.seconds * 1000;
          this.#reschedule(entry.message, now + this.#options.intervalMs);
        } else if (failure.senderFault) {
          this.#options.onError(new VisibilityChangeFailedError('heartbeat', [entry.message.message.messageId], failure.code, failure));
          this.#lose(entry.message, failure.code, failure);
        } else {
          this.#retrySoon(entry.message, failure.code, failure);
        }
      });
    } catch (thrown) {
      const error = deadline.explain(thrown);
      const ids = entries.map((e) => e.message.message.messageId);
      this.#options.onError(new VisibilityChangeFailedError('heartbeat', ids, errorCode(error), error));
      for (const entry of entries) this.#retrySoon(entry.message, errorCode(error), error);
    } finally {
      deadline.dispose();
    }
  }

  /** After a failed call: try again shortly, unless the visibility has already run out. */
  #retrySoon(message: InFlightMessage, reason: string, cause: unknown): void {
    if (!this.#due.has(message)) return;
    const now = Date.now();
    if (now >= message.visibleUntil) {
      this.#lose(message, `${reason}, and its visibility timeout ran out`, cause);
      return;
    }
    const retryAt = Math.min(now + Math.min(1_000, this.#options.intervalMs / 2), message.visibleUntil);
    this.#reschedule(message, retryAt);
  }

  #reschedule(message: InFlightMessage, due: number): void {
    if (this.#stopped || !this.#due.has(message)) return;
    this.#due.set(message, due);
    if (due < this.#timerAt) this.#schedule(due);
  }

  #lose(message: InFlightMessage, detail: string, cause: unknown): void {
    if (!this.#due.delete(message)) return;
    this.#options.onLost(message, new VisibilityLostError(message.message.messageId, detail, cause));
  }
}
