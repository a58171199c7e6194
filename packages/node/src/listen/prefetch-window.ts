/**
 * How many messages to receive ahead of free handler slots. Enough that a slot which frees finds a
 * message waiting — the messages consumed during about two receive round trips, plus a few
 * milliseconds' worth so that receives ask for full batches — and no more: a listener with slow
 * handlers would otherwise hoard messages that other consumers of the queue could be handling.
 *
 * The consumption rate is taken as `concurrency ÷ mean handling time` (what the slots can do when
 * busy), not the observed rate, so that a listener starved of messages does not talk itself into
 * receiving less.
 */
import { MAX_BATCH_ENTRIES } from '../sqs-limits.js';

/** Extra time's worth of messages received ahead, so that receives fill up to 10. */
const BATCH_WINDOW_MS = 10;
/** Receive latencies above this are long polls waiting for messages, not round trips. */
const MAX_LATENCY_SAMPLE_MS = 1_000;

/** A moving estimate of the prefetch a listener needs. */
export class PrefetchWindow {
  readonly #concurrency: number;
  readonly #max: number;
  #handlingMs = Number.NaN;
  #receiveMs = Number.NaN;

  /** `max`: the most messages ever received ahead (the `prefetch` option). */
  constructor(concurrency: number, max: number) {
    this.#concurrency = concurrency;
    this.#max = max;
  }

  /** A message's subscribers took `durationMs`. */
  recordHandling(durationMs: number): void {
    this.#handlingMs = Number.isNaN(this.#handlingMs) ? durationMs : this.#handlingMs + 0.05 * (durationMs - this.#handlingMs);
  }

  /** A receive that returned messages took `latencyMs`. */
  recordReceive(latencyMs: number): void {
    const sample = Math.min(latencyMs, MAX_LATENCY_SAMPLE_MS);
    this.#receiveMs = Number.isNaN(this.#receiveMs) ? sample : this.#receiveMs + 0.2 * (sample - this.#receiveMs);
  }

  /** Messages to receive ahead of free slots now. Before anything is measured: one round of slots. */
  get size(): number {
    if (this.#max === 0) return 0;
    if (Number.isNaN(this.#handlingMs) || Number.isNaN(this.#receiveMs)) return Math.min(this.#max, this.#concurrency);
    const perMs = this.#concurrency / Math.max(this.#handlingMs, 0.01);
    return Math.min(this.#max, Math.ceil(perMs * (2 * this.#receiveMs + BATCH_WINDOW_MS)));
  }

  /** The smallest receive worth sending while messages are still waiting: half the window, at most 10. */
  get batchThreshold(): number {
    return Math.min(MAX_BATCH_ENTRIES, Math.max(1, Math.ceil(this.size / 2)));
  }
}
