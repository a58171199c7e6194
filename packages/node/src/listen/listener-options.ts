/**
 * The listener's options, their defaults, and their validation (an {@link InvalidOptionError}
 * naming the option, thrown by the constructor — never later, while polling).
 */
import type { MessageSystemAttributeName, SQSClient } from '@aws-sdk/client-sqs';
import type { ConsumerOptions } from '../consume/consumer-options.js';
import { InvalidOptionError } from '../errors.js';
import { checkQueueUrl } from '../queue-url.js';
import { MAX_VISIBILITY_TIMEOUT_SECONDS, MAX_WAIT_TIME_SECONDS } from '../sqs-limits.js';
import type { ListenerLogger } from './listener-events.js';

/** How a kept message's visibility grows with its receive count. */
export interface RetryBackoffOptions {
  /** Visibility after the first delivery is kept, in seconds. @defaultValue 1 */
  readonly baseSeconds?: number;
  /** Largest visibility, in seconds (at most SQS's 12 h). @defaultValue 43200 */
  readonly maxSeconds?: number;
  /** Growth per delivery. @defaultValue 2 */
  readonly factor?: number;
  /**
   * `none`: exactly `min(maxSeconds, baseSeconds × factor^(receiveCount−1))`; `full`: a random
   * whole number of seconds between 0 and that.
   * @defaultValue 'none'
   */
  readonly jitter?: 'none' | 'full';
}

/** How the pause between failed receives grows. Delays are jittered between half the ceiling and the ceiling. */
export interface ReceiveBackoffOptions {
  /** Ceiling of the first pause, in milliseconds. @defaultValue 100 */
  readonly baseMs?: number;
  /** Largest pause, in milliseconds. @defaultValue 20000 */
  readonly maxMs?: number;
  /** Growth per consecutive failure. @defaultValue 2 */
  readonly factor?: number;
}

/**
 * Options of an {@link SqsListener}. `isRetriable`, `unrecognized` and `middleware` come from
 * {@link ConsumerOptions}: the Lambda handler takes them with the same names and meaning.
 */
export interface SqsListenerOptions extends ConsumerOptions {
  /**
   * The URL of the queue to consume (`https://sqs.REGION.amazonaws.com/ACCOUNT/NAME`; ElasticMQ:
   * `http://127.0.0.1:9324/000000000000/NAME`; a FIFO queue's ends with `.fifo`). A queue name is
   * refused by the constructor: look it up with `await queueUrlOf(client, name)`.
   */
  readonly queueUrl: string;
  /**
   * The SQS client to use.
   * @defaultValue `new SQSClient({})`: region and credentials from the AWS default chain
   */
  readonly client?: SQSClient;
  /**
   * How many messages are handled at once. Above 10, several receives run in parallel.
   * @defaultValue 10
   */
  readonly concurrency?: number;
  /**
   * The most messages received ahead of free handler slots, so that a slot that frees starts its
   * next message without waiting for a receive. Within this bound the listener receives ahead only
   * what its slots will use in about two receive round trips (so slow handlers do not hoard
   * messages other consumers could take). Waiting messages are covered by the heartbeat and handed
   * back (visibility 0) on `stop()`. `0`: receive only for free slots.
   * @defaultValue `max(20, concurrency)`
   */
  readonly prefetch?: number;
  /** Long-poll duration of each receive, 0–20 s. @defaultValue 20 */
  readonly waitTimeSeconds?: number;
  /**
   * How long a message the listener holds stays invisible to other consumers, 1 s – 12 h: the
   * heartbeat keeps extending it by this much while the message waits or is handled.
   * @defaultValue 30
   */
  readonly visibilityTimeout?: number;
  /**
   * The visibility timeout each receive asks for, in seconds (1 to `visibilityTimeout`), before the
   * heartbeat first extends it to `visibilityTimeout` — half-way through, so a handler that returns
   * sooner costs no extension call. Short, because SQS cannot tell that a long poll was abandoned:
   * a poll a stopped (or crashed) listener left behind still receives what arrives until its wait
   * time ends, and those messages stay invisible for this long — a few seconds, not
   * `visibilityTimeout`, after a restart. Each such receive still counts toward the queue's
   * `maxReceiveCount`. With the heartbeat off it is `visibilityTimeout`.
   * @defaultValue `min(5, visibilityTimeout)`; `visibilityTimeout` when `heartbeatIntervalSeconds` is `false`
   */
  readonly initialVisibilityTimeout?: number;
  /**
   * On `stop()`, how long receives in flight may run on before they are aborted, in ms: what they
   * bring meanwhile is handed back at once (visibility 0) instead of staying invisible for
   * `initialVisibilityTimeout`. An idle long poll ends only when its `waitTimeSeconds` runs out,
   * so this is added to the stop time of an idle listener; running handlers are waited for
   * alongside. `0`: abort them at once.
   * @defaultValue 0
   */
  readonly stopReceiveGraceMs?: number;
  /**
   * The SQS system attributes each receive asks for (`MessageSystemAttributeNames`), which
   * subscribers see as `context.attributes`: `['All']`, or names such as `'SentTimestamp'`,
   * `'SenderId'`, `'AWSTraceHeader'`. The listener always adds what it needs itself
   * (`ApproximateReceiveCount` for the retry backoff, `MessageGroupId` on FIFO queues). Asking for
   * fewer makes each answer smaller (about 4 µs of SDK CPU per message for all of them).
   * @defaultValue `['All']`
   */
  readonly attributeNames?: readonly MessageSystemAttributeName[];
  /**
   * The message attributes (set by publishers) each receive asks for (`MessageAttributeNames`):
   * `['All']`, names, or (on AWS; ElasticMQ ignores them) prefixes such as `'trace.*'`; `[]` asks for none.
   * @defaultValue `['All']`
   */
  readonly messageAttributeNames?: readonly string[];
  /**
   * How often the visibility of a message still in the listener is extended (by `visibilityTimeout`),
   * in seconds, below `visibilityTimeout`; `false` turns the heartbeat off. When an extension fails
   * for good, the handler's `AbortSignal` fires with a `VisibilityLostError`.
   * @defaultValue `visibilityTimeout / 3`
   */
  readonly heartbeatIntervalSeconds?: number | false;
  /**
   * Visibility of a kept message (`RETRY_LATER` / `RETRIABLE_ERROR`), growing with its receive count,
   * capped at 12 h; `false` leaves the visibility as it is (SQS redelivers it once it runs out).
   * @defaultValue `{ baseSeconds: 1, factor: 2, maxSeconds: 43200, jitter: 'none' }`
   */
  readonly retryBackoff?: RetryBackoffOptions | false;
  /** Pause between failed receives (network down, server restarting, throttling). @defaultValue `{ baseMs: 100, maxMs: 20000, factor: 2 }` */
  readonly receiveErrorBackoff?: ReceiveBackoffOptions;
  /**
   * How long a delete (or visibility change) waits for others to share its batch call; a batch of
   * 10 is sent at once. At 1,000 messages/s, 10 ms fills batches: half the calls of 5 ms, and on a
   * busy machine every call's CPU counts.
   * @defaultValue 10
   */
  readonly deleteBatchDelayMs?: number;
  /**
   * After how long a handler's `AbortSignal` fires (with a `HandlerTimeoutError`). The handler is
   * not killed — JavaScript cannot — but told to stop; its status still settles the message.
   * @defaultValue none
   */
  readonly handlerTimeoutMs?: number;
  /**
   * Process messages of a FIFO message group one at a time, in order (groups in parallel).
   * @defaultValue `true` when `queueUrl` ends with `.fifo`
   */
  readonly fifo?: boolean;
  /** How long `stop()` waits for running handlers before aborting them, unless it is given its own. @defaultValue 20000 */
  readonly stopTimeoutMs?: number;
  /** Stops the listener when aborted. @defaultValue none */
  readonly signal?: AbortSignal;
  /**
   * Where `error` events go when nothing is subscribed to them; `false`: nowhere.
   * @defaultValue `console`
   */
  readonly logger?: ListenerLogger | false;
}

/** Options of `stop()`. */
export interface StopOptions {
  /**
   * How long to wait for running handlers before firing their `AbortSignal`s (with a `StopTimeoutError`).
   * @defaultValue the listener's `stopTimeoutMs` (20000)
   */
  readonly timeoutMs?: number;
  /**
   * After the abort, how long to wait for handlers to return before giving up on them (their
   * messages are then left to SQS, which delivers them again).
   * @defaultValue 2000
   */
  readonly abortGraceMs?: number;
  /**
   * How long receives in flight may run on before they are aborted (what they bring is handed back).
   * @defaultValue the listener's `stopReceiveGraceMs` (0)
   */
  readonly receiveGraceMs?: number;
}

/** How `stop()` went. */
export interface StopResult {
  /** Handlers still running at the timeout, whose signals were aborted. */
  readonly aborted: number;
  /** Of those, handlers that had not returned after the grace period: their messages were left to SQS. */
  readonly abandoned: number;
  /** Received messages never started, handed back to the queue. */
  readonly released: number;
}

/** Options after defaults, validated. */
export interface ResolvedListenerOptions {
  readonly queueUrl: string;
  readonly concurrency: number;
  readonly prefetch: number;
  readonly waitTimeSeconds: number;
  readonly visibilityTimeout: number;
  readonly initialVisibilityTimeout: number;
  readonly stopReceiveGraceMs: number;
  /** Fresh arrays, handed to every ReceiveMessage as they are. */
  readonly attributeNames: MessageSystemAttributeName[];
  readonly messageAttributeNames: string[];
  readonly heartbeatIntervalMs: number | undefined;
  readonly retryBackoff: Required<RetryBackoffOptions> | undefined;
  readonly receiveErrorBackoff: Required<ReceiveBackoffOptions>;
  readonly deleteBatchDelayMs: number;
  readonly fifo: boolean;
  readonly stopTimeoutMs: number;
  readonly handlerTimeoutMs: number | undefined;
  readonly logger: ListenerLogger | undefined;
}

function integer(option: string, value: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(option, `expected an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function attributeNameList<T extends string>(option: string, value: readonly T[]): readonly T[] {
  if (!Array.isArray(value) || !value.every((name) => typeof name === 'string' && name !== '')) {
    throw new InvalidOptionError(option, `expected an array of attribute names (or ['All']), got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}

function finite(option: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new InvalidOptionError(option, `expected a number from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/** Applies defaults and validates; throws {@link InvalidOptionError}. */
export function resolveListenerOptions(options: SqsListenerOptions): ResolvedListenerOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('options', 'expected an object with a queueUrl');
  const queueUrl = checkQueueUrl(options.queueUrl);
  const concurrency = integer('concurrency', options.concurrency ?? 10, 1, 100_000);
  const prefetch = integer('prefetch', options.prefetch ?? Math.max(20, concurrency), 0, 100_000);
  const waitTimeSeconds = integer('waitTimeSeconds', options.waitTimeSeconds ?? 20, 0, MAX_WAIT_TIME_SECONDS);
  const visibilityTimeout = integer('visibilityTimeout', options.visibilityTimeout ?? 30, 1, MAX_VISIBILITY_TIMEOUT_SECONDS);

  let heartbeatIntervalMs: number | undefined;
  const heartbeat = options.heartbeatIntervalSeconds ?? visibilityTimeout / 3;
  if (heartbeat !== false) {
    if (typeof heartbeat !== 'number' || !Number.isFinite(heartbeat) || heartbeat <= 0 || heartbeat >= visibilityTimeout) {
      throw new InvalidOptionError(
        'heartbeatIntervalSeconds',
        `expected a number of seconds above 0 and below visibilityTimeout (${visibilityTimeout}), or false, got ${String(heartbeat)}`,
      );
    }
    heartbeatIntervalMs = Math.round(heartbeat * 1000);
  }

  const initialVisibilityTimeout =
    heartbeatIntervalMs === undefined
      ? visibilityTimeout
      : integer('initialVisibilityTimeout', options.initialVisibilityTimeout ?? Math.min(5, visibilityTimeout), 1, visibilityTimeout);
  const stopReceiveGraceMs = finite('stopReceiveGraceMs', options.stopReceiveGraceMs ?? 0, 0, 60_000);

  let retryBackoff: Required<RetryBackoffOptions> | undefined;
  if (options.retryBackoff !== false) {
    const r = options.retryBackoff ?? {};
    const maxSeconds = integer('retryBackoff.maxSeconds', r.maxSeconds ?? MAX_VISIBILITY_TIMEOUT_SECONDS, 0, MAX_VISIBILITY_TIMEOUT_SECONDS);
    retryBackoff = {
      baseSeconds: finite('retryBackoff.baseSeconds', r.baseSeconds ?? 1, 0, MAX_VISIBILITY_TIMEOUT_SECONDS),
      maxSeconds,
      factor: finite('retryBackoff.factor', r.factor ?? 2, 1, 1000),
      jitter: r.jitter ?? 'none',
    };
    if (retryBackoff.jitter !== 'none' && retryBackoff.jitter !== 'full') {
      throw new InvalidOptionError('retryBackoff.jitter', `expected 'none' or 'full', got ${String(retryBackoff.jitter)}`);
    }
  }

  const b = options.receiveErrorBackoff ?? {};
  const receiveErrorBackoff = {
    baseMs: finite('receiveErrorBackoff.baseMs', b.baseMs ?? 100, 1),
    maxMs: finite('receiveErrorBackoff.maxMs', b.maxMs ?? 20_000, 1),
    factor: finite('receiveErrorBackoff.factor', b.factor ?? 2, 1, 1000),
  };
  if (receiveErrorBackoff.maxMs < receiveErrorBackoff.baseMs) {
    throw new InvalidOptionError('receiveErrorBackoff.maxMs', 'must not be below receiveErrorBackoff.baseMs');
  }

  const deleteBatchDelayMs = finite('deleteBatchDelayMs', options.deleteBatchDelayMs ?? 10, 0, 60_000);
  const stopTimeoutMs = finite('stopTimeoutMs', options.stopTimeoutMs ?? 20_000, 0);
  const handlerTimeoutMs =
    options.handlerTimeoutMs === undefined ? undefined : finite('handlerTimeoutMs', options.handlerTimeoutMs, 1, 2_147_483_647);
  const fifo = options.fifo ?? queueUrl.endsWith('.fifo');
  if (typeof fifo !== 'boolean') throw new InvalidOptionError('fifo', `expected a boolean, got ${String(fifo)}`);
  const requested = attributeNameList('attributeNames', options.attributeNames ?? ['All']);
  const needed: MessageSystemAttributeName[] = fifo ? ['ApproximateReceiveCount', 'MessageGroupId'] : ['ApproximateReceiveCount'];
  const attributeNames: MessageSystemAttributeName[] = requested.includes('All') ? ['All'] : [...new Set([...needed, ...requested])];
  const messageAttributeNames = [...attributeNameList('messageAttributeNames', options.messageAttributeNames ?? ['All'])];
  for (const name of ['isRetriable'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') throw new InvalidOptionError(name, 'expected a function');
  }
  const logger = options.logger === false ? undefined : (options.logger ?? console);
  return {
    queueUrl,
    concurrency,
    prefetch,
    waitTimeSeconds,
    visibilityTimeout,
    initialVisibilityTimeout,
    stopReceiveGraceMs,
    attributeNames,
    messageAttributeNames,
    heartbeatIntervalMs,
    retryBackoff,
    receiveErrorBackoff,
    deleteBatchDelayMs,
    fifo,
    stopTimeoutMs,
    handlerTimeoutMs,
    logger,
  };
}
