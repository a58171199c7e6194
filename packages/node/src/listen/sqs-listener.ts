/**
 * `SqsListener`: consumes an SQS queue with core's subscribers. It wires the parts of this folder
 * together — receive loop (refill), in-flight accounting, FIFO groups, heartbeat, batched deletes,
 * retry backoff, events — around core's `Dispatcher` (built by `consume/consumer-options.ts`), which
 * alone decides which subscribers get a message and whether it is deleted or kept: the same code,
 * built the same way, as the Lambda handler's.
 */
import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import type { Dispatcher, DispatchOutcome, Subscriber } from '@sqs-mega/core';
import { sqsClientOrDefault } from '../aws-clients.js';
import { createConsumerDispatcher, deletesUnrecognized } from '../consume/consumer-options.js';
import { toDispatchInput } from '../consume/delivered-message.js';
import { FifoGroups } from '../consume/fifo-groups.js';
import { contractViolations, type ContractViolationReport } from '../consume/contract-violations.js';
import { HandlerFailedError, handlerFailures } from '../consume/handler-failed-error.js';
import { ArrivalOrderQueue, type ReadyQueue } from '../consume/ready-queue.js';
import type { LogKind } from './aggregated-log.js';
import { createDeleteBatcher } from './delete-batcher.js';
import { InFlight, InFlightMessage } from './in-flight.js';
import {
  DeleteFailedError,
  HandlerTimeoutError,
  ListenerAlreadyStartedError,
  ListenerStoppedError,
  NoSubscribersError,
  StopTimeoutError,
  VisibilityChangeFailedError,
} from './listener-errors.js';
import { ListenerEvents, type ListenerEventHandler, type ListenerEventName } from './listener-events.js';
import {
  resolveListenerOptions,
  type ResolvedListenerOptions,
  type SqsListenerOptions,
  type StopOptions,
  type StopResult,
} from './listener-options.js';
import { toListenerMessage } from './message-context.js';
import { VIOLATION_LOG } from './violation-log.js';
import { UNRECOGNIZED_LOG } from './unrecognized-log.js';
import { PrefetchWindow } from './prefetch-window.js';
import { ReceiveLoop } from './receive-loop.js';
import { retryVisibilitySeconds } from './retry-visibility.js';
import type { SqsBatcher } from './sqs-batcher.js';
import { createVisibilityBatcher, type VisibilityChange } from './visibility-batcher.js';
import { VisibilityHeartbeat } from './visibility-heartbeat.js';

/** Where a listener is in its life: it runs once. */
export type ListenerState = 'created' | 'running' | 'stopping' | 'stopped';

/** Counters since the listener was created, and what it holds now. */
export interface ListenerStats {
  /** Messages received. */
  readonly received: number;
  /** Messages whose subscribers all answered. */
  readonly processed: number;
  /** Messages deleted. */
  readonly deleted: number;
  /** Messages kept for another delivery. */
  readonly retried: number;
  /** Messages handed back unprocessed (on stop, or to keep a FIFO group's order). */
  readonly released: number;
  /**
   * Messages no subscriber matched (plaintext and binary bodies included), whatever the
   * `unrecognized` policy then did with them; by default they are deleted (and counted in `deleted`).
   */
  readonly unrecognized: number;
  /** Messages that claimed a subscriber's contract and broke it (each subscriber's verdict counted once). */
  readonly violations: number;
  /** Messages being handled now. */
  readonly handling: number;
  /** Messages received and waiting for a handler slot now. */
  readonly waiting: number;
  /** ReceiveMessage calls sent. */
  readonly receiveCalls: number;
}

const DEFAULT_ABORT_GRACE_MS = 2_000;

const RECEIVE_RECOVERED_LOG: LogKind<{ readonly failures: number; readonly sinceMs: number }> = {
  level: 'warn',
  line: ({ failures, sinceMs }) =>
    `[sqs-mega listener] receiving works again, after ${Math.max(1, Math.round(sinceMs / 1000))} s and ${failures} failed attempt${failures === 1 ? '' : 's'} in a row.`,
  summary: ({ repeats }) => `[sqs-mega listener] receiving recovered ${repeats} more time${repeats === 1 ? '' : 's'} from failures in the last 10 s.`,
  detail: () => undefined,
};

/**
 * An SQS consumer: receives messages with long polling, decodes each once, runs every matching
 * subscriber (up to `concurrency` messages at once), deletes a message once all of them are
 * finished with it and keeps it — with a backoff visibility — when any asks to retry.
 *
 * @example
 * ```ts
 * const listener = new SqsListener({ queueUrl: process.env.QUEUE_URL! });
 * listener.register(eventSubscriber({ name: 'user.updated' }, async (payload, { signal }) => {
 *   await saveUser(payload.object!.current, { signal });
 * }));
 * listener.on('error', (error) => console.error(error));
 * listener.start();
 * stopOnSignals(listener); // SIGINT/SIGTERM → await listener.stop() → exit
 * ```
 */
export class SqsListener {
  readonly #options: ResolvedListenerOptions;
  readonly #client: SQSClient;
  readonly #dispatcher: Dispatcher;
  readonly #events: ListenerEvents;
  readonly #inFlight = new InFlight();
  readonly #queue: ReadyQueue<InFlightMessage>;
  readonly #deletes: SqsBatcher<InFlightMessage>;
  readonly #visibility: SqsBatcher<VisibilityChange>;
  readonly #heartbeat: VisibilityHeartbeat | undefined;
  readonly #receiveLoop: ReceiveLoop;
  readonly #prefetch: PrefetchWindow;
  readonly #signal: AbortSignal | undefined;
  readonly #deletesUnrecognized: boolean;
  /** Unmatched messages are settled by the built-in policy ('delete' or 'keep'): the default log tells of them. */
  readonly #logsUnrecognized: boolean;
  /** The client was built here (no `client` option): it is destroyed once stopped. */
  readonly #ownsClient: boolean;
  #state: ListenerState = 'created';
  #stopping: Promise<StopResult> | undefined;
  /** Messages receives brought while stopping: handed back once every receive has ended. */
  #broughtWhileStopping: InFlightMessage[] = [];
  #idleReported = false;
  #counts = { received: 0, processed: 0, deleted: 0, retried: 0, released: 0, unrecognized: 0, violations: 0 };

  /** @throws InvalidOptionError (code `OPTION_INVALID`) naming the first invalid option. */
  constructor(options: SqsListenerOptions) {
    const resolved = resolveListenerOptions(options);
    this.#options = resolved;
    this.#client = sqsClientOrDefault(options.client);
    this.#ownsClient = options.client === undefined;
    this.#signal = options.signal;
    this.#deletesUnrecognized = deletesUnrecognized(options);
    this.#logsUnrecognized = this.#deletesUnrecognized || options.unrecognized === 'keep';
    this.#events = new ListenerEvents(resolved.logger);
    this.#dispatcher = createConsumerDispatcher(options);
    this.#queue = resolved.fifo ? new FifoGroups<InFlightMessage>((m) => m.message.groupId) : new ArrivalOrderQueue();

    const { queueUrl, deleteBatchDelayMs: delayMs } = resolved;
    const client = this.#client;
    this.#deletes = createDeleteBatcher({
      client,
      queueUrl,
      delayMs,
      onDeleted: (m) => {
        this.#counts.deleted++;
        if (this.#events.has('deleted')) this.#events.emit('deleted', { message: m.message });
      },
      onFailed: (messages, failure) =>
        this.#events.emit('error', new DeleteFailedError(messages.map((m) => m.message.messageId), failure.reason, failure.cause)),
    });
    this.#visibility = createVisibilityBatcher({
      client,
      queueUrl,
      delayMs,
      onFailed: (changes, failure) => {
        for (const purpose of ['retry', 'release'] as const) {
          const ids = changes.filter((c) => c.purpose === purpose).map((c) => c.message.message.messageId);
          if (ids.length > 0) this.#events.emit('error', new VisibilityChangeFailedError(purpose, ids, failure.reason, failure.cause));
        }
      },
    });
    this.#heartbeat =
      resolved.heartbeatIntervalMs === undefined
        ? undefined
        : new VisibilityHeartbeat({
            client,
            queueUrl,
            intervalMs: resolved.heartbeatIntervalMs,
            visibilityTimeoutSeconds: resolved.visibilityTimeout,
            onLost: (m, reason) => m.controller.abort(reason),
            onError: (error) => this.#events.emit('error', error),
          });
    const prefetch = new PrefetchWindow(resolved.concurrency, resolved.prefetch);
    this.#prefetch = prefetch;
    this.#receiveLoop = new ReceiveLoop({
      client,
      queueUrl,
      waitTimeSeconds: resolved.waitTimeSeconds,
      visibilityTimeout: resolved.initialVisibilityTimeout,
      attributeNames: resolved.attributeNames,
      messageAttributeNames: resolved.messageAttributeNames,
      backoff: resolved.receiveErrorBackoff,
      batchThreshold: () => prefetch.batchThreshold,
      room: () => resolved.concurrency + prefetch.size - this.#inFlight.handling - this.#inFlight.waiting,
      starving: () => !this.#queue.hasReady(),
      onMessages: (messages, receivedAt, latencyMs) => {
        prefetch.recordReceive(latencyMs);
        this.#onMessages(messages, receivedAt);
      },
      onEmpty: () => this.#onEmpty(),
      onError: (error) => this.#events.emit('error', error),
      onRecovered: (failures, sinceMs) => this.#onReceiveRecovered(failures, sinceMs),
    });
  }

  /** The queue this listener consumes. */
  get queueUrl(): string {
    return this.#options.queueUrl;
  }

  /** `created`, `running`, `stopping` or `stopped`. */
  get state(): ListenerState {
    return this.#state;
  }

  /** Counters and what the listener holds now. */
  get stats(): ListenerStats {
    return {
      ...this.#counts,
      handling: this.#inFlight.handling,
      waiting: this.#inFlight.waiting,
      receiveCalls: this.#receiveLoop.receiveCalls,
    };
  }

  /** The registered subscribers, in registration order. */
  get subscribers(): readonly Subscriber[] {
    return this.#dispatcher.subscribers;
  }

  /**
   * Registers a subscriber (before or after `start()`); its pattern is compiled now.
   *
   * @returns a function that unregisters it.
   * @throws SubscriberAlreadyRegisteredError (code `SUBSCRIBER_DUPLICATE`) for a subscriber already registered.
   * @throws InvalidSubscriberError (code `SUBSCRIBER_INVALID`), PatternError (code `PATTERN_INVALID`).
   */
  register(subscriber: Subscriber): () => void {
    return this.#dispatcher.register(subscriber);
  }

  /**
   * Subscribes to an event: `received`, `processed`, `deleted`, `retry`, `released`, `unrecognized`,
   * `violation`, `error`, `idle`, `started`, `stopped`.
   *
   * @returns a function that unsubscribes.
   */
  on<E extends ListenerEventName>(event: E, handler: ListenerEventHandler<E>): () => void {
    return this.#events.on(event, handler);
  }

  /**
   * Starts polling. Returns at once; the listener runs until `stop()` (or its `signal` aborts).
   *
   * @throws ListenerAlreadyStartedError, ListenerStoppedError (a listener runs once),
   *   NoSubscribersError (nothing registered while unrecognized messages are deleted).
   */
  start(): void {
    if (this.#state === 'running') throw new ListenerAlreadyStartedError();
    if (this.#state !== 'created') throw new ListenerStoppedError();
    if (this.#deletesUnrecognized && this.#dispatcher.subscribers.length === 0) throw new NoSubscribersError();
    this.#state = 'running';
    this.#signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.#events.emit('started', { queueUrl: this.#options.queueUrl });
    this.#receiveLoop.start();
    if (this.#signal?.aborted) this.#onAbort();
  }

  /**
   * Stops: ends receiving (aborting long polls in flight), hands back received messages not yet
   * started, lets running handlers finish — up to `timeoutMs`, then fires their `AbortSignal`s —
   * flushes pending deletes and visibility changes, and only then resolves. Calling it again returns
   * the same promise.
   */
  stop(options: StopOptions = {}): Promise<StopResult> {
    if (this.#stopping !== undefined) return this.#stopping;
    if (this.#state === 'created') {
      this.#state = 'stopped';
      const result: StopResult = { aborted: 0, abandoned: 0, released: 0 };
      this.#stopping = Promise.resolve(result);
      this.#events.emit('stopped', result);
      return this.#stopping;
    }
    this.#stopping = this.#stop(options);
    return this.#stopping;
  }

  readonly #onAbort = (): void => {
    void this.stop();
  };

  async #stop(options: StopOptions): Promise<StopResult> {
    this.#state = 'stopping';
    this.#signal?.removeEventListener('abort', this.#onAbort);
    // Receives in flight may run on for the grace period, alongside the running handlers; what they
    // bring is handed straight back (see #onMessages).
    const receivesEnded = this.#receiveLoop.stop(options.receiveGraceMs ?? this.#options.stopReceiveGraceMs);
    let released = 0;
    for (const message of this.#queue.drain()) {
      this.#release(message, 'stopping');
      released++;
    }

    const timeoutMs = options.timeoutMs ?? this.#options.stopTimeoutMs;
    let aborted = 0;
    let abandoned = 0;
    if (!(await this.#inFlight.whenNoneHandling(timeoutMs))) {
      const running = this.#inFlight.handlingMessages();
      aborted = running.length;
      for (const message of running) message.controller.abort(new StopTimeoutError(timeoutMs));
      if (!(await this.#inFlight.whenNoneHandling(options.abortGraceMs ?? DEFAULT_ABORT_GRACE_MS))) {
        for (const message of this.#inFlight.handlingMessages()) {
          this.#heartbeat?.untrack(message);
          this.#inFlight.finish(message, 'abandoned');
          abandoned++;
        }
      }
    }
    await receivesEnded;
    for (const message of this.#broughtWhileStopping.splice(0)) {
      this.#release(message, 'stopping');
      released++;
    }
    this.#heartbeat?.stop();
    await Promise.all([this.#deletes.flush(), this.#visibility.flush()]);
    this.#events.log?.flush();
    if (this.#ownsClient) this.#client.destroy();
    this.#state = 'stopped';
    const result: StopResult = { aborted, abandoned, released };
    this.#events.emit('stopped', result);
    return result;
  }

  #onMessages(messages: readonly Message[], receivedAt: number): void {
    const { initialVisibilityTimeout } = this.#options;
    const announce = this.#events.has('received');
    for (const sqsMessage of messages) {
      const message = toListenerMessage(sqsMessage, receivedAt);
      if (message === undefined) continue;
      this.#counts.received++;
      const held = new InFlightMessage(message, initialVisibilityTimeout);
      if (this.#state !== 'running') {
        // A receive that was answered while stopping: hand the message back once every receive has
        // ended (released sooner, another of this listener's polls still waiting would take it again).
        held.state = 'settled';
        this.#broughtWhileStopping.push(held);
        continue;
      }
      this.#inFlight.add(held);
      this.#heartbeat?.track(held);
      if (announce) this.#events.emit('received', { message });
      this.#queue.push(held);
    }
    this.#idleReported = false;
    this.#startReady();
  }

  #onEmpty(): void {
    if (this.#idleReported || this.#inFlight.handling > 0 || this.#inFlight.waiting > 0) return;
    if (!this.#deletes.idle || !this.#visibility.idle) return;
    this.#idleReported = true;
    this.#events.emit('idle', {});
  }

  #startReady(): void {
    const { concurrency } = this.#options;
    while (this.#inFlight.handling < concurrency) {
      const message = this.#queue.take();
      if (message === undefined) return;
      if (message.controller.aborted) {
        // Its visibility was lost while it waited: another consumer may have it. Leave it to SQS
        // (and, on FIFO, hand back the rest of its group, which must not overtake it).
        this.#inFlight.drop(message);
        for (const blocked of this.#queue.finish(message, true)) this.#release(blocked, 'fifo-order');
        continue;
      }
      this.#inFlight.start(message);
      void this.#handle(message);
    }
  }

  async #handle(message: InFlightMessage): Promise<void> {
    const startedAt = performance.now();
    const { handlerTimeoutMs } = this.#options;
    const timer =
      handlerTimeoutMs === undefined
        ? undefined
        : setTimeout(() => message.controller.abort(new HandlerTimeoutError(message.message.messageId, handlerTimeoutMs)), handlerTimeoutMs);
    let outcome: DispatchOutcome | undefined;
    try {
      outcome = await this.#dispatcher.dispatch(toDispatchInput(message.message, message.controller, this.#options.queueUrl));
    } catch (error) {
      // The dispatcher never throws; should it ever, the message is left to SQS rather than lost.
      this.#events.emit('error', new HandlerFailedError(message.message.messageId, 'dispatcher', 'RETRIABLE_ERROR', error));
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
    const durationMs = performance.now() - startedAt;
    this.#prefetch.recordHandling(durationMs);
    this.#settle(message, outcome, durationMs);
  }

  #settle(message: InFlightMessage, outcome: DispatchOutcome | undefined, durationMs: number): void {
    if (message.state === 'abandoned') return; // stop() gave up on it: SQS will deliver it again
    this.#heartbeat?.untrack(message);
    this.#inFlight.finish(message);
    const kept = outcome === undefined || outcome.action === 'keep';
    if (outcome !== undefined) {
      this.#counts.processed++;
      if (this.#events.has('processed')) this.#events.emit('processed', { message: message.message, outcome, durationMs });
      for (const failure of handlerFailures(message.message.messageId, outcome)) this.#events.emit('error', failure);
      if (outcome.unrecognized) this.#onUnrecognized(message, outcome);
      for (const report of contractViolations(outcome)) this.#onViolation(message, report);
      if (outcome.action === 'delete') this.#deletes.add(message);
      else this.#retry(message, outcome);
    }
    for (const blocked of this.#queue.finish(message, kept)) this.#release(blocked, 'fifo-order');
    this.#startReady();
    this.#receiveLoop.pump();
  }

  #onUnrecognized(message: InFlightMessage, outcome: DispatchOutcome): void {
    this.#counts.unrecognized++;
    if (this.#events.has('unrecognized')) this.#events.emit('unrecognized', { message: message.message, outcome });
    else if (this.#logsUnrecognized) {
      this.#events.log?.report(UNRECOGNIZED_LOG, { messageId: message.message.messageId, decoded: outcome.decoded, action: outcome.action });
    }
  }

  #onViolation(message: InFlightMessage, report: ContractViolationReport): void {
    this.#counts.violations++;
    const { subscriber, status, violation } = report;
    if (this.#events.has('violation')) this.#events.emit('violation', { message: message.message, subscriber, status, violation });
    else this.#events.log?.report(VIOLATION_LOG, { messageId: message.message.messageId, report });
  }

  /** Receiving works again: after an outage the default log told of, say so (once). */
  #onReceiveRecovered(failures: number, sinceMs: number): void {
    const log = this.#events.log;
    if (log === undefined || this.#events.has('error')) return;
    log.close(this.#events.receiveFailureLogKind);
    log.report(RECEIVE_RECOVERED_LOG, { failures, sinceMs });
  }

  #retry(message: InFlightMessage, outcome: DispatchOutcome): void {
    this.#counts.retried++;
    const { retryBackoff } = this.#options;
    const now = Date.now();
    let seconds: number;
    if (retryBackoff === undefined) {
      seconds = Math.max(0, Math.round((message.visibleUntil - now) / 1000));
    } else {
      seconds = retryVisibilitySeconds(message.message.receiveCount, retryBackoff, now - message.message.receivedAt);
      this.#visibility.add({ message, seconds, purpose: 'retry' });
    }
    if (this.#events.has('retry')) this.#events.emit('retry', { message: message.message, outcome, visibilityTimeoutSeconds: seconds });
  }

  #release(message: InFlightMessage, reason: 'stopping' | 'fifo-order'): void {
    this.#inFlight.drop(message);
    this.#heartbeat?.untrack(message);
    this.#counts.released++;
    this.#visibility.add({ message, seconds: 0, purpose: 'release' });
    if (this.#events.has('released')) this.#events.emit('released', { message: message.message, reason });
  }
}
