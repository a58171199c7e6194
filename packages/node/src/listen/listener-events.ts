/**
 * The listener's typed events. `on(event, fn)` returns its own unsubscribe function; a throwing
 * event handler never breaks the listener (it is reported as an `error` event instead).
 */
import type { DispatchOutcome } from '@sqs-mega/core';
import { EventHandlerError, type ListenerError } from './listener-errors.js';
import type { StopResult } from './listener-options.js';
import type { ListenerMessage } from './message-context.js';

/** What each event carries. */
export interface ListenerEventMap {
  /** The listener started polling. */
  readonly started: { readonly queueUrl: string };
  /** A message was received (before any subscriber sees it). */
  readonly received: { readonly message: ListenerMessage };
  /** Every subscriber answered for a message; `outcome.action` says whether it will be deleted or kept. */
  readonly processed: { readonly message: ListenerMessage; readonly outcome: DispatchOutcome; readonly durationMs: number };
  /** A message was deleted from the queue. */
  readonly deleted: { readonly message: ListenerMessage };
  /**
   * A message was kept for another delivery. `visibilityTimeoutSeconds` is when SQS will deliver it
   * again (from the retry backoff, or what is left of its visibility timeout when backoff is off).
   */
  readonly retry: {
    readonly message: ListenerMessage;
    readonly outcome: DispatchOutcome;
    readonly visibilityTimeoutSeconds: number;
  };
  /**
   * A received message was handed back to the queue unprocessed (visibility 0): on `stop()`, or on a
   * FIFO queue after an earlier message of its group was kept, so that the group's order holds.
   */
  readonly released: { readonly message: ListenerMessage; readonly reason: 'stopping' | 'fifo-order' };
  /** Something failed; the listener carries on (receive errors are retried with backoff). */
  readonly error: ListenerError;
  /** The queue looked empty (a receive returned nothing) and nothing is in flight. */
  readonly idle: Record<string, never>;
  /** `stop()` finished: receives ended, handlers settled, deletes flushed. */
  readonly stopped: StopResult;
}

/** The name of a listener event. */
export type ListenerEventName = keyof ListenerEventMap;

/** A function subscribed to a listener event. */
export type ListenerEventHandler<E extends ListenerEventName> = (payload: ListenerEventMap[E]) => void;

/** Where the listener reports what nobody subscribed to hear (errors with no `error` handler). */
export interface ListenerLogger {
  error(message: string, error?: unknown): void;
}

/** The listener's event hub. */
export class ListenerEvents {
  readonly #handlers = new Map<ListenerEventName, Set<(payload: never) => void>>();
  readonly #logger: ListenerLogger | undefined;

  constructor(logger: ListenerLogger | undefined) {
    this.#logger = logger;
  }

  /** Subscribes `handler` to `event`; returns the function that unsubscribes it. */
  on<E extends ListenerEventName>(event: E, handler: ListenerEventHandler<E>): () => void {
    let handlers = this.#handlers.get(event);
    if (handlers === undefined) {
      handlers = new Set();
      this.#handlers.set(event, handlers);
    }
    // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
    const entry = (payload: never) => handler(payload);
    handlers.add(entry);
    return () => {
      handlers.delete(entry);
    };
  }

  /** Whether anything listens to `event` (so hot paths can skip building payloads). */
  has(event: ListenerEventName): boolean {
    const handlers = this.#handlers.get(event);
    return handlers !== undefined && handlers.size > 0;
  }

  /** Calls every handler of `event`. Errors without an `error` handler go to the logger. */
  emit<E extends ListenerEventName>(event: E, payload: ListenerEventMap[E]): void {
    const handlers = this.#handlers.get(event);
    if (handlers === undefined || handlers.size === 0) {
      if (event === 'error') this.#logger?.error(`[sqs-mega listener] ${(payload as ListenerError).message}`, payload);
      return;
    }
    for (const handler of [...handlers]) {
      try {
        handler(payload as never);
      } catch (cause) {
        if (event === 'error') this.#logger?.error(`[sqs-mega listener] an "error" event handler threw`, cause);
        else this.emit('error', new EventHandlerError(event, cause));
      }
    }
  }
}
