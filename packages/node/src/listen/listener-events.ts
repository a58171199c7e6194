/**
 * The listener's typed events. `on(event, fn)` returns its own unsubscribe function; a throwing
 * event handler never breaks the listener (it is reported as an `error` event instead). Errors
 * nobody listens to go to the logger, aggregated (see `aggregated-log.ts`): the first of a kind in
 * full, its repeats as one line per 10 s.
 */
import type { ContractViolation, DispatchOutcome, ProcessStatus } from '@sqs-mega/core';
import { describeCause } from '../errors.js';
import { AggregatedLog, type LogKind } from './aggregated-log.js';
import { EventHandlerError, type ListenerError, type ReceiveFailedError } from './listener-errors.js';
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
  /**
   * No subscriber matched a message (a plaintext or binary body, or a MEGA event or data object no
   * pattern takes), and the `unrecognized` policy settled it: `outcome.action` says whether it will
   * be deleted (the default policy) or kept. Subscribing to this event also turns off the
   * listener's default log line about such messages.
   */
  readonly unrecognized: { readonly message: ListenerMessage; readonly outcome: DispatchOutcome };
  /**
   * A message claimed a subscriber's contract (`contractSubscriber`) and broke it: it never reached
   * that handler, and settles as the subscriber chose (`status`: `FATAL_ERROR` — deleted — by
   * default). Subscribing turns off the default log line about violations.
   */
  readonly violation: {
    readonly message: ListenerMessage;
    readonly subscriber: string;
    readonly status: ProcessStatus;
    readonly violation: ContractViolation;
  };
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

/**
 * Where the listener reports what nobody subscribed to hear: errors with no `error` handler, and
 * messages no subscriber matched with no `unrecognized` handler. `console` is one. Repeats are
 * aggregated: one line per kind and 10 s.
 */
export interface ListenerLogger {
  error(message: string, detail?: unknown): void;
  /** Warnings (messages no subscriber matched). @defaultValue `error` is used when absent */
  warn?(message: string, detail?: unknown): void;
}

const PREFIX = '[sqs-mega listener]';

function seconds(ms: number): string {
  return `${Math.max(1, Math.round(ms / 1000))} s`;
}

/** Receive failures: the first in full, then how long receiving has been failing. */
function receiveFailureKind(): LogKind<ReceiveFailedError> {
  return {
    level: 'error',
    line: (error) => `${PREFIX} ${error.message}`,
    summary: ({ repeats, windowMs, last }) =>
      `${PREFIX} receive still failing: ${repeats} more failed attempt${repeats === 1 ? '' : 's'} in the last ${seconds(windowMs)} ` +
      `(${last.consecutiveFailures} in a row); the last: ${describeCause(last.cause)}. Retrying with backoff; ` +
      `subscribe to the listener's "error" event to see each one.`,
  };
}

/** Any other error code: the first in full, then a count of its repeats. */
function errorKind(code: string): LogKind<ListenerError> {
  return {
    level: 'error',
    line: (error) => `${PREFIX} ${error.message}`,
    summary: ({ repeats, windowMs, last }) =>
      `${PREFIX} ${repeats} more ${code} error${repeats === 1 ? '' : 's'} in the last ${seconds(windowMs)}; the last: ${last.message}`,
  };
}

/** The key of an error's log kind: its code, and for subscriber failures the subscriber too. */
function errorKey(error: ListenerError): string {
  return error.code === 'HANDLER_FAILED' ? `${error.code}:${error.subscriber}` : error.code;
}

/** The listener's event hub. */
export class ListenerEvents {
  readonly #handlers = new Map<ListenerEventName, Set<(payload: never) => void>>();
  readonly #logger: ListenerLogger | undefined;
  /** The default log (aggregated), when there is a logger. */
  readonly log: AggregatedLog | undefined;
  readonly #errorKinds = new Map<string, LogKind<ListenerError>>();
  readonly #receiveKind = receiveFailureKind();

  constructor(logger: ListenerLogger | undefined) {
    this.#logger = logger;
    this.log = logger === undefined ? undefined : new AggregatedLog(logger);
  }

  /** The log kind of receive failures (to tell whether an outage is being logged). */
  get receiveFailureLogKind(): LogKind<never> {
    return this.#receiveKind as LogKind<never>;
  }

  #logError(error: ListenerError): void {
    if (this.log === undefined) return;
    if (error.code === 'RECEIVE_FAILED') {
      this.log.report(this.#receiveKind, error);
      return;
    }
    const key = errorKey(error);
    let kind = this.#errorKinds.get(key);
    if (kind === undefined) {
      kind = errorKind(error.code);
      // Bounded: subscriber names are the application's, but a runaway set must not grow forever.
      if (this.#errorKinds.size >= 1_000) this.#errorKinds.clear();
      this.#errorKinds.set(key, kind);
    }
    this.log.report(kind, error);
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
      if (event === 'error') this.#logError(payload as ListenerError);
      return;
    }
    for (const handler of [...handlers]) {
      try {
        handler(payload as never);
      } catch (cause) {
        if (event === 'error') this.#logger?.error(`${PREFIX} an "error" event handler threw`, cause);
        else this.emit('error', new EventHandlerError(event, cause));
      }
    }
  }
}
