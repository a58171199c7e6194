/**
 * In-flight accounting: every message the listener holds, from its receive until it is settled
 * (handed to the delete or visibility batchers) or released. The receive loop sizes its receives
 * from these counts, and `stop()` waits on them.
 */
import { LazyAbortController } from '../consume/lazy-abort-controller.js';
import type { ListenerMessage } from './message-context.js';

/** Where a held message is: received and waiting for a slot, or being handled. */
export type InFlightState = 'waiting' | 'handling' | 'settled' | 'abandoned';

/** One message the listener holds, with the controller behind its handlers' `AbortSignal`. */
export class InFlightMessage {
  readonly message: ListenerMessage;
  readonly controller = new LazyAbortController();
  state: InFlightState = 'waiting';
  /** When its visibility runs out (epoch ms), as last set by the receive or the heartbeat. */
  visibleUntil: number;

  constructor(message: ListenerMessage, visibilityTimeoutSeconds: number) {
    this.message = message;
    this.visibleUntil = message.receivedAt + visibilityTimeoutSeconds * 1000;
  }
}

/** Counts of held messages, and a way to wait until no handler runs. */
export class InFlight {
  #waiting = 0;
  readonly #handling = new Set<InFlightMessage>();
  #drainWaiters: (() => void)[] = [];

  /** Messages received and waiting for a handler slot. */
  get waiting(): number {
    return this.#waiting;
  }

  /** Messages being handled. */
  get handling(): number {
    return this.#handling.size;
  }

  /** A message was received: it waits for a slot. */
  add(message: InFlightMessage): void {
    message.state = 'waiting';
    this.#waiting++;
  }

  /** A waiting message starts being handled. */
  start(message: InFlightMessage): void {
    this.#waiting--;
    message.state = 'handling';
    this.#handling.add(message);
  }

  /** A waiting message leaves without being handled (released back to the queue). */
  drop(message: InFlightMessage): void {
    if (message.state !== 'waiting') return;
    this.#waiting--;
    message.state = 'settled';
  }

  /** A handled message is done (`settled`), or given up on by `stop()` (`abandoned`). */
  finish(message: InFlightMessage, state: 'settled' | 'abandoned' = 'settled'): void {
    if (!this.#handling.delete(message)) return;
    message.state = state;
    if (this.#handling.size === 0) {
      const waiters = this.#drainWaiters;
      this.#drainWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /** The messages being handled now. */
  handlingMessages(): InFlightMessage[] {
    return [...this.#handling];
  }

  /** Resolves `true` once no message is being handled, or `false` after `timeoutMs`. */
  whenNoneHandling(timeoutMs: number): Promise<boolean> {
    if (this.#handling.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#drainWaiters = this.#drainWaiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      this.#drainWaiters.push(done);
    });
  }
}
