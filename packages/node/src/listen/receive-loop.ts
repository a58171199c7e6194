/**
 * The receive loop, built on refill: it keeps the listener supplied with up to its capacity
 * (handler slots + prefetch) of messages, asking for `min(10, free)` per ReceiveMessage as soon as
 * room frees up, with several receives in flight when the capacity calls for it. It never waits
 * for a batch to finish before polling again.
 *
 * - Small receives are avoided: a receive asks for at least `batchThreshold()` messages, unless the
 *   listener has nothing left to start and no receive is on its way.
 * - An empty answer means the queue looks drained: until messages come back, one receive at a time
 *   (long polling does the waiting, so an idle listener costs one request per `waitTimeSeconds`).
 *   An empty answer that came back in under a second (short polling) is followed by a pause, so
 *   there is no busy loop either way.
 * - A failed receive (network down, server restarting, throttled, queue missing) pauses all
 *   receiving with exponential backoff and jitter, then probes with a single receive; the failure
 *   is reported each time, and the loop keeps trying until stopped. Receives failing together count
 *   as one failure.
 * - Every receive carries a deadline (`waitTimeSeconds` + a margin): a hung connection cannot
 *   silently take a slot. `stop()` aborts the long polls in flight, at once or after a grace period
 *   in which they may still return (SQS keeps an aborted poll open until its wait time ends, and
 *   what it receives then is lost to this process until its visibility runs out).
 */
import { setMaxListeners } from 'node:events';
import { ReceiveMessageCommand, type Message, type MessageSystemAttributeName, type SQSClient } from '@aws-sdk/client-sqs';
import { backoffDelay } from '../backoff.js';
import { MAX_BATCH_ENTRIES } from '../sqs-limits.js';
import { deadlineSignal } from './deadline-signal.js';
import { ReceiveFailedError } from './listener-errors.js';
import type { ReceiveBackoffOptions } from './listener-options.js';

/** Beyond the long poll, how long a receive may take before it is abandoned as hung. */
const RECEIVE_DEADLINE_MARGIN_MS = 15_000;
/** The least time between empty receives. */
const MIN_EMPTY_RECEIVE_INTERVAL_MS = 1_000;

/** Options of a {@link ReceiveLoop}. */
export interface ReceiveLoopOptions {
  readonly client: SQSClient;
  readonly queueUrl: string;
  readonly waitTimeSeconds: number;
  readonly visibilityTimeout: number;
  /** `MessageSystemAttributeNames` of each receive. */
  readonly attributeNames: MessageSystemAttributeName[];
  /** `MessageAttributeNames` of each receive. */
  readonly messageAttributeNames: string[];
  readonly backoff: Required<ReceiveBackoffOptions>;
  /** The smallest receive worth sending while the listener still has messages to start. */
  readonly batchThreshold: () => number;
  /** How many more messages the listener can take now (slots + prefetch − held). */
  readonly room: () => number;
  /** Whether the listener has nothing it could start now. */
  readonly starving: () => boolean;
  /** Messages arrived; `latencyMs`: how long their receive took. */
  readonly onMessages: (messages: readonly Message[], receivedAt: number, latencyMs: number) => void;
  readonly onEmpty: () => void;
  readonly onError: (error: ReceiveFailedError) => void;
  /** A receive succeeded after `failures` failed in a row, the first `sinceMs` ago. @defaultValue none */
  readonly onRecovered?: (failures: number, sinceMs: number) => void;
  /** Random source for the jitter (tests). @defaultValue Math.random */
  readonly random?: () => number;
}

/** Keeps receives in flight while the listener has room. */
export class ReceiveLoop {
  readonly #options: ReceiveLoopOptions;
  readonly #controller = new AbortController();
  /** Messages asked for by receives in flight. */
  #requested = 0;
  #receives = 0;
  #consecutiveFailures = 0;
  #failingSince = 0;
  #lastFailureAt = Number.NEGATIVE_INFINITY;
  #pause: NodeJS.Timeout | undefined;
  #drained = false;
  #running = false;
  #pumpScheduled = false;
  #settledWaiters: (() => void)[] = [];
  /** ReceiveMessage calls sent so far. */
  receiveCalls = 0;

  constructor(options: ReceiveLoopOptions) {
    this.#options = options;
    // Every receive in flight listens to this signal; there may be many more than Node's default 10.
    setMaxListeners(0, this.#controller.signal);
  }

  /** Starts receiving. */
  start(): void {
    this.#running = true;
    this.#pumpNow();
  }

  /**
   * Call whenever room frees up: receives are sent once the current turn of the event loop is done,
   * so that slots freeing together (fast handlers finishing in one tick, timers firing in one phase)
   * make one receive of 10 rather than ten receives of 1.
   */
  pump(): void {
    if (this.#pumpScheduled || !this.#running) return;
    this.#pumpScheduled = true;
    setImmediate(this.#scheduledPump);
  }

  readonly #scheduledPump = (): void => {
    this.#pumpScheduled = false;
    this.#pumpNow();
  };

  /** Sends receives while there is room. */
  #pumpNow(): void {
    if (!this.#running || this.#pause !== undefined) return;
    const { room, starving, batchThreshold } = this.#options;
    const maxReceives = this.#consecutiveFailures > 0 || this.#drained ? 1 : Number.POSITIVE_INFINITY;
    while (this.#receives < maxReceives) {
      const free = room() - this.#requested;
      if (free <= 0) return;
      const count = Math.min(MAX_BATCH_ENTRIES, free);
      if (count < batchThreshold() && !(this.#receives === 0 && starving())) return;
      void this.#receive(count);
    }
  }

  /**
   * Stops receiving: sends no more receives, lets those in flight run for up to `graceMs` (what they
   * bring still reaches `onMessages`), aborts the rest, and resolves once they have all returned.
   */
  stop(graceMs = 0): Promise<void> {
    this.#running = false;
    if (this.#pause !== undefined) clearTimeout(this.#pause);
    this.#pause = undefined;
    if (this.#receives === 0 || graceMs <= 0) this.#controller.abort();
    if (this.#receives === 0) return Promise.resolve();
    const abortAfterGrace = graceMs > 0 ? setTimeout(() => this.#controller.abort(), graceMs) : undefined;
    return new Promise((resolve) =>
      this.#settledWaiters.push(() => {
        if (abortAfterGrace !== undefined) clearTimeout(abortAfterGrace);
        this.#controller.abort();
        resolve();
      }),
    );
  }

  async #receive(count: number): Promise<void> {
    const { client, queueUrl, waitTimeSeconds, visibilityTimeout, attributeNames, messageAttributeNames } = this.#options;
    this.#receives++;
    this.#requested += count;
    this.receiveCalls++;
    const startedAt = Date.now();
    const deadline = deadlineSignal(this.#controller.signal, waitTimeSeconds * 1000 + RECEIVE_DEADLINE_MARGIN_MS);
    let messages: readonly Message[] | undefined;
    let failure: unknown;
    try {
      const output = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: count,
          WaitTimeSeconds: waitTimeSeconds,
          VisibilityTimeout: visibilityTimeout,
          MessageSystemAttributeNames: attributeNames,
          MessageAttributeNames: messageAttributeNames,
        }),
        { abortSignal: deadline.signal },
      );
      messages = output.Messages ?? [];
    } catch (error) {
      failure = deadline.explain(error);
    } finally {
      deadline.dispose();
      this.#receives--;
      this.#requested -= count;
    }

    if (messages !== undefined) {
      if (this.#consecutiveFailures > 0) this.#options.onRecovered?.(this.#consecutiveFailures, Date.now() - this.#failingSince);
      this.#consecutiveFailures = 0;
      this.#drained = messages.length === 0;
      if (messages.length > 0) {
        const receivedAt = Date.now();
        this.#options.onMessages(messages, receivedAt, receivedAt - startedAt);
      } else if (this.#running) {
        this.#options.onEmpty();
        const elapsed = Date.now() - startedAt;
        if (elapsed < MIN_EMPTY_RECEIVE_INTERVAL_MS) this.#pauseFor(MIN_EMPTY_RECEIVE_INTERVAL_MS - elapsed);
      }
    } else if (this.#running) {
      this.#fail(failure, startedAt);
    }

    if (this.#receives === 0 && this.#settledWaiters.length > 0) {
      const waiters = this.#settledWaiters;
      this.#settledWaiters = [];
      for (const resolve of waiters) resolve();
    }
    this.#pumpNow();
  }

  #fail(error: unknown, startedAt: number): void {
    // Receives sent before the last failure was seen, while still failing, fail for the same reason:
    // one failure, one report.
    if (startedAt < this.#lastFailureAt && this.#consecutiveFailures > 0) return;
    this.#consecutiveFailures++;
    this.#lastFailureAt = Date.now();
    if (this.#consecutiveFailures === 1) this.#failingSince = this.#lastFailureAt;
    const { baseMs, maxMs, factor } = this.#options.backoff;
    const ceiling = backoffDelay(this.#consecutiveFailures, { baseMs, maxMs, factor, jitter: 'none' });
    const random = this.#options.random ?? Math.random;
    const delay = Math.round(ceiling / 2 + (random() * ceiling) / 2);
    this.#pauseFor(delay);
    this.#options.onError(new ReceiveFailedError(error, this.#consecutiveFailures, delay, { queueUrl: this.#options.queueUrl }));
  }

  #pauseFor(ms: number): void {
    if (this.#pause !== undefined) clearTimeout(this.#pause);
    this.#pause = setTimeout(() => {
      this.#pause = undefined;
      this.#pumpNow();
    }, ms);
  }
}
