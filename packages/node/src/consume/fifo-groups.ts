/**
 * FIFO ordering: messages of one MessageGroupId run one at a time, in the order received; different
 * groups run in parallel. When a message is kept for retry, the messages of its group received after
 * it must not run before it: they are taken out, to be handed back to SQS (by the listener) or
 * reported as batch item failures (by the Lambda handler), so that SQS delivers the whole group
 * again, in order, once the kept message is visible again.
 */
import type { ReadyQueue } from './ready-queue.js';

/** A {@link ReadyQueue} that serializes each message group. */
export class FifoGroups<T> implements ReadyQueue<T> {
  readonly #groupOf: (item: T) => string | undefined;
  /** Waiting messages per group, oldest first. */
  readonly #queued = new Map<string, T[]>();
  /** Groups with a message being handled. */
  readonly #active = new Set<string>();
  /** Groups with waiting messages and none being handled, in the order they became ready. */
  #ready: string[] = [];
  /** Messages without a group (not expected on FIFO queues): no ordering constraint. */
  #ungrouped: T[] = [];
  #size = 0;

  /** `groupOf` gives a message's MessageGroupId. */
  constructor(groupOf: (item: T) => string | undefined) {
    this.#groupOf = groupOf;
  }

  get size(): number {
    return this.#size;
  }

  push(item: T): void {
    this.#size++;
    const group = this.#groupOf(item);
    if (group === undefined) {
      this.#ungrouped.push(item);
      return;
    }
    const queue = this.#queued.get(group);
    if (queue !== undefined) {
      queue.push(item);
      return;
    }
    this.#queued.set(group, [item]);
    if (!this.#active.has(group)) this.#ready.push(group);
  }

  hasReady(): boolean {
    return this.#ungrouped.length > 0 || this.#ready.length > 0;
  }

  take(): T | undefined {
    const loose = this.#ungrouped.shift();
    if (loose !== undefined) {
      this.#size--;
      return loose;
    }
    const group = this.#ready.shift();
    if (group === undefined) return undefined;
    const queue = this.#queued.get(group)!;
    const item = queue.shift()!;
    if (queue.length === 0) this.#queued.delete(group);
    this.#active.add(group);
    this.#size--;
    return item;
  }

  finish(item: T, kept: boolean): T[] {
    const group = this.#groupOf(item);
    if (group === undefined || !this.#active.delete(group)) return [];
    const queue = this.#queued.get(group);
    if (queue === undefined) return [];
    if (kept) {
      this.#queued.delete(group);
      this.#size -= queue.length;
      return queue;
    }
    this.#ready.push(group);
    return [];
  }

  drain(): T[] {
    const items = [...this.#ungrouped];
    for (const queue of this.#queued.values()) items.push(...queue);
    this.#ungrouped = [];
    this.#queued.clear();
    this.#ready = [];
    this.#size = 0;
    return items;
  }
}
