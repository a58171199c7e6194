/**
 * Received messages waiting for a handler slot, in the order they may start. On a standard queue
 * that is arrival order; a FIFO queue uses {@link FifoGroups} instead. Shared by the listener and
 * the Lambda handler.
 */

/** What a consumer needs from a queue of waiting messages. */
export interface ReadyQueue<T> {
  /** Messages waiting (not started), whether or not they may start now. */
  readonly size: number;
  /** Adds a received message. */
  push(item: T): void;
  /** Whether {@link take} would return a message. */
  hasReady(): boolean;
  /** Removes and returns the next message that may start now, if any. */
  take(): T | undefined;
  /**
   * A started message is settled. `kept`: it stays in SQS for a later delivery. Returns the waiting
   * messages that must not run after it (on FIFO, the rest of its group), removed from the queue.
   */
  finish(item: T, kept: boolean): T[];
  /** Removes and returns every waiting message. */
  drain(): T[];
}

/** Arrival order, no constraint between messages (standard queues). */
export class ArrivalOrderQueue<T> implements ReadyQueue<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  get size(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  hasReady(): boolean {
    return this.#head < this.#items.length;
  }

  take(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  finish(): T[] {
    return [];
  }

  drain(): T[] {
    const items = this.#items.slice(this.#head) as T[];
    this.#items = [];
    this.#head = 0;
    return items;
  }
}
