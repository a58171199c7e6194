/**
 * The one implementation of "which subscribers get this message, what did they say, delete or
 * keep" (spec §7), shared by every runtime: the long-running listener, the Lambda adapter, tests.
 * It decodes nothing twice, performs no I/O, and never throws: every subscriber failure becomes a
 * status.
 */
import { decodeBody } from '../codec/decode-body.js';
import { ContractViolationError } from '../contracts/contract-violation.js';
import type { DecodedBody, DecodedData } from '../codec/decoded-body.js';
import { InvalidSubscriberError, MiddlewareNextNotCalledError, RetriableError, SubscriberAlreadyRegisteredError } from '../errors.js';
import { compilePattern, isCompiledPattern } from '../matcher/compile.js';
import type { CompiledPattern, Pattern } from '../matcher/pattern-form.js';
import { SubscriberRouter } from '../routing/subscriber-router.js';
import type { MessageContext } from './message-context.js';
import { isProcessStatus, ProcessStatus, settle } from './process-status.js';
import { subscriberName, type MessageSubscriber, type ProcessResult, type Subscriber } from './subscriber.js';

/** Handles messages that no subscriber matched (and plaintext/binary bodies), instead of deleting them. */
export type UnrecognizedHandler = (decoded: DecodedBody, context: MessageContext) => ProcessResult;

/**
 * What happens to an unrecognized message: a plaintext or binary body (SNS confirmations
 * included), or a MEGA/data body that no subscriber matched.
 * - `'delete'`: ignore it and delete it (the default), so that no body can block a queue;
 * - `'keep'`: leave it in the queue (`RETRY_LATER`): it is delivered again, and once the queue's
 *   `maxReceiveCount` is reached SQS moves it to the dead-letter queue, where it can be looked at;
 * - `{ handle }`: give it to a handler, whose status settles it like a subscriber's;
 * - `{ transform }`: turn it into a data object, then route that to the data subscribers like any
 *   other (a transform returning `undefined`, or a data object nobody matches, is deleted).
 */
export type UnrecognizedPolicy =
  | 'delete'
  | 'keep'
  | { readonly handle: UnrecognizedHandler }
  | { readonly transform: (decoded: DecodedBody, context: MessageContext) => Record<string, unknown> | undefined };

/** One call of a subscriber (or of the unrecognized handler), as middleware sees it. */
export interface SubscriberInvocation {
  /** The subscriber; `undefined` for the unrecognized handler. */
  readonly subscriber: Subscriber | undefined;
  /** The subscriber's name (`unrecognized` for the unrecognized handler). */
  readonly name: string;
  readonly context: MessageContext;
}

/**
 * Runs around every subscriber call, for logging, tracing and metrics. Call `next()` to run the
 * subscriber (and the inner middleware) and return its status; throwing counts as the
 * subscriber throwing.
 */
export type SubscriberMiddleware = (invocation: SubscriberInvocation, next: () => Promise<ProcessStatus>) => Promise<ProcessStatus>;

/**
 * Runs around the dispatch of each message — every subscriber it goes to, or the unrecognized
 * policy — for tracing and metrics: one span per message, the parent of its subscribers' spans.
 * `context` is the message's, its body decoded; `next()` routes the message, runs the subscribers
 * (through the subscriber middleware) and resolves with the outcome.
 *
 * It observes; it does not decide: the message is settled with what `next()` resolved with,
 * whatever the middleware returns, and `next()` runs the subscribers once however often it is
 * called. If the middleware throws, or returns without calling `next()`
 * (`MiddlewareNextNotCalledError`), the subscribers' outcome stands when they ran and the message
 * is kept when they did not (never deleted unprocessed); the error is in
 * {@link DispatchOutcome.middlewareError}.
 */
export type MessageMiddleware = (context: MessageContext, next: () => Promise<DispatchOutcome>) => Promise<unknown>;

/** Options of a {@link Dispatcher}. */
export interface DispatcherOptions {
  /**
   * Which thrown errors mean "retry later" (`RETRIABLE_ERROR`) rather than `FATAL_ERROR`.
   * @defaultValue errors that are instances of `RetriableError`
   */
  readonly isRetriable?: (error: unknown) => boolean;
  /** What happens to unrecognized messages. @defaultValue 'delete' */
  readonly unrecognized?: UnrecognizedPolicy;
  /** Middleware around each subscriber call, outermost first. @defaultValue [] */
  readonly middleware?: readonly SubscriberMiddleware[];
  /** Middleware around the dispatch of each message, outermost first. @defaultValue [] */
  readonly messageMiddleware?: readonly MessageMiddleware[];
}

/** What one subscriber said about a message. */
export interface SubscriberOutcome {
  readonly subscriber: Subscriber | undefined;
  readonly name: string;
  readonly status: ProcessStatus;
  /** What it threw (or a description of an invalid return value), when it did. */
  readonly error?: unknown;
}

/** The result of dispatching one message. */
export interface DispatchOutcome {
  /** What to do with the message: delete it, or keep it for redelivery. */
  readonly action: 'delete' | 'keep';
  /** No subscriber matched (the unrecognized policy applied). */
  readonly unrecognized: boolean;
  /** Each subscriber (or the unrecognized handler) that ran, with its status. Empty when none ran. */
  readonly outcomes: readonly SubscriberOutcome[];
  /** The body as decoded (after a `transform`, the data object it produced). */
  readonly decoded: DecodedBody;
  /**
   * What a message middleware threw (or why it failed: it never called `next()`). The message was
   * settled as its subscribers said, or kept when they did not run. Absent when none failed.
   */
  readonly middlewareError?: unknown;
}

/**
 * What the dispatcher needs about a message, besides the decoded body it computes itself. `signal`
 * may be a getter: it is read only when a subscriber or middleware reads `context.signal`, so a
 * runtime can create its `AbortController` lazily (most handlers never look at it).
 */
export type DispatchInput = Omit<MessageContext, 'decoded'>;

/** The context subscribers see: the input's fields, the decoded body, and `signal` read through. */
function contextOf(input: DispatchInput, decoded: DecodedBody): MessageContext {
  const context: { -readonly [K in keyof MessageContext]: MessageContext[K] } = {
    messageId: input.messageId,
    body: input.body,
    decoded,
    receiveCount: input.receiveCount,
    attributes: input.attributes,
    messageAttributes: input.messageAttributes,
    get signal() {
      return input.signal;
    },
  };
  if (input.queue !== undefined) context.queue = input.queue;
  return context;
}

interface MessageEntry {
  readonly subscriber: MessageSubscriber;
  readonly test: (decoded: DecodedBody) => boolean;
}

function validateSubscriber(subscriber: Subscriber): void {
  if (typeof subscriber !== 'object' || subscriber === null) throw new InvalidSubscriberError('it is not an object');
  const kind: unknown = subscriber.kind;
  if (kind !== 'event' && kind !== 'data' && kind !== 'message') {
    throw new InvalidSubscriberError(`kind is ${JSON.stringify(kind)}, expected 'event', 'data' or 'message'`);
  }
  if (typeof subscriber.process !== 'function') throw new InvalidSubscriberError('process is not a function');
}

/**
 * Routes decoded messages to subscribers, runs them, and settles the message.
 *
 * @example
 * ```ts
 * const dispatcher = new Dispatcher({ isRetriable: (e) => e instanceof TimeoutError });
 * dispatcher.register(eventSubscriber({ name: 'user.updated' }, onUserUpdated));
 * const { action } = await dispatcher.dispatch({ messageId, body, receiveCount, attributes, messageAttributes, signal });
 * if (action === 'delete') await deleteMessage(receiptHandle);
 * ```
 */
export class Dispatcher {
  readonly #router = new SubscriberRouter<Subscriber>();
  readonly #messageSubscribers: MessageEntry[] = [];
  readonly #registered = new Set<Subscriber>();
  readonly #isRetriable: (error: unknown) => boolean;
  readonly #unrecognized: UnrecognizedPolicy;
  readonly #middleware: readonly SubscriberMiddleware[];
  readonly #messageMiddleware: readonly MessageMiddleware[];

  constructor(options: DispatcherOptions = {}) {
    this.#isRetriable = options.isRetriable ?? ((error) => error instanceof RetriableError);
    this.#unrecognized = options.unrecognized ?? 'delete';
    this.#middleware = options.middleware ?? [];
    this.#messageMiddleware = options.messageMiddleware ?? [];
  }

  /** The registered subscribers, in registration order. */
  get subscribers(): readonly Subscriber[] {
    return [...this.#registered];
  }

  /**
   * Registers a subscriber; its pattern is validated and compiled now.
   *
   * @returns a function that unregisters it.
   * @throws SubscriberAlreadyRegisteredError (code `SUBSCRIBER_DUPLICATE`) for a subscriber already registered.
   * @throws InvalidSubscriberError (code `SUBSCRIBER_INVALID`) for a value that is not a subscriber.
   * @throws PatternError (code `PATTERN_INVALID`) for an invalid pattern.
   */
  register(subscriber: Subscriber): () => void {
    validateSubscriber(subscriber);
    if (this.#registered.has(subscriber)) throw new SubscriberAlreadyRegisteredError(subscriberName(subscriber));
    let unregisterRoute: () => void;
    if (subscriber.kind === 'message') {
      const entry: MessageEntry = { subscriber, test: compileMessagePattern(subscriber.pattern) };
      this.#messageSubscribers.push(entry);
      unregisterRoute = () => {
        const index = this.#messageSubscribers.indexOf(entry);
        if (index >= 0) this.#messageSubscribers.splice(index, 1);
      };
    } else {
      const registration =
        subscriber.kind === 'event'
          ? ({ kind: 'event', pattern: subscriber.pattern } as const)
          : subscriber.pattern === undefined
            ? ({ kind: 'data' } as const)
            : ({ kind: 'data', pattern: subscriber.pattern } as const);
      unregisterRoute = this.#router.add(registration, subscriber);
    }
    this.#registered.add(subscriber);
    let registered = true;
    return () => {
      if (!registered) return;
      registered = false;
      unregisterRoute();
      this.#registered.delete(subscriber);
    };
  }

  /** The subscribers a decoded body goes to, in registration order (event/data first, then message subscribers). */
  route(decoded: DecodedBody): Subscriber[] {
    const targets: Subscriber[] = this.#router.route(decoded);
    for (const entry of this.#messageSubscribers) if (entry.test(decoded)) targets.push(entry.subscriber);
    return targets;
  }

  /**
   * Decodes the body once, runs every matching subscriber (concurrently), and settles the message:
   * `delete` when all of them are finished with it (`DONE` / `FATAL_ERROR`), `keep` when any asked to
   * keep it. Never throws.
   */
  async dispatch(input: DispatchInput): Promise<DispatchOutcome> {
    const decoded = decodeBody(input.body);
    const context = contextOf(input, decoded);
    if (this.#messageMiddleware.length === 0) return this.#dispatchDecoded(context);
    return this.#dispatchThroughMiddleware(context);
  }

  #dispatchDecoded(context: MessageContext): Promise<DispatchOutcome> {
    const targets = this.route(context.decoded);
    if (targets.length > 0) return this.#run(targets, context, false);
    return this.#dispatchUnrecognized(context);
  }

  async #dispatchThroughMiddleware(context: MessageContext): Promise<DispatchOutcome> {
    let dispatched: Promise<DispatchOutcome> | undefined;
    let outcome: DispatchOutcome | undefined;
    const innermost = (): Promise<DispatchOutcome> =>
      (dispatched ??= this.#dispatchDecoded(context).then((settled) => (outcome = settled)));
    const chain = this.#messageMiddleware.reduceRight<() => Promise<DispatchOutcome>>((next, middleware) => {
      let called: Promise<DispatchOutcome> | undefined;
      const once = () => (called ??= next());
      return async () => {
        await middleware(context, once);
        if (called === undefined) throw new MiddlewareNextNotCalledError();
        return called; // the outcome is next()'s, whatever the middleware returned
      };
    }, innermost);
    let middlewareError: unknown;
    try {
      await chain();
    } catch (error) {
      middlewareError = error;
    }
    if (middlewareError === undefined && outcome !== undefined) return outcome;
    if (dispatched !== undefined) outcome ??= await dispatched; // the subscribers were started: let them finish
    if (outcome !== undefined) return { ...outcome, middlewareError };
    return { action: 'keep', unrecognized: false, outcomes: [], decoded: context.decoded, middlewareError };
  }

  async #dispatchUnrecognized(context: MessageContext): Promise<DispatchOutcome> {
    const policy = this.#unrecognized;
    if (policy === 'delete') return { action: 'delete', unrecognized: true, outcomes: [], decoded: context.decoded };
    if (policy === 'keep') return { action: 'keep', unrecognized: true, outcomes: [], decoded: context.decoded };
    if ('handle' in policy) {
      const outcome = await this.#invoke(undefined, 'unrecognized', context, () => policy.handle(context.decoded, context));
      return { action: settle([outcome.status]), unrecognized: true, outcomes: [outcome], decoded: context.decoded };
    }
    let data: Record<string, unknown> | undefined;
    try {
      data = policy.transform(context.decoded, context);
    } catch (error) {
      const status = this.#isRetriable(error) ? ProcessStatus.RETRIABLE_ERROR : ProcessStatus.FATAL_ERROR;
      const outcome: SubscriberOutcome = { subscriber: undefined, name: 'unrecognized transform', status, error };
      return { action: settle([status]), unrecognized: true, outcomes: [outcome], decoded: context.decoded };
    }
    if (data === undefined) return { action: 'delete', unrecognized: true, outcomes: [], decoded: context.decoded };
    const transformed: DecodedData = { kind: 'data', data, encoding: 'json' };
    if (context.decoded.sns !== undefined) transformed.sns = context.decoded.sns;
    const transformedContext = contextOf(context, transformed);
    const targets = this.route(transformed);
    if (targets.length === 0) return { action: 'delete', unrecognized: true, outcomes: [], decoded: transformed };
    return this.#run(targets, transformedContext, true);
  }

  async #run(targets: readonly Subscriber[], context: MessageContext, unrecognized: boolean): Promise<DispatchOutcome> {
    const outcomes =
      targets.length === 1
        ? [await this.#invokeSubscriber(targets[0]!, context)] // the usual case, without Promise.all
        : await Promise.all(targets.map((subscriber) => this.#invokeSubscriber(subscriber, context)));
    return { action: settle(outcomes.map((o) => o.status)), unrecognized, outcomes, decoded: context.decoded };
  }

  #invokeSubscriber(subscriber: Subscriber, context: MessageContext): Promise<SubscriberOutcome> {
    return this.#invoke(subscriber, subscriberName(subscriber), context, () => callSubscriber(subscriber, context));
  }

  async #invoke(
    subscriber: Subscriber | undefined,
    name: string,
    context: MessageContext,
    call: () => ProcessResult,
  ): Promise<SubscriberOutcome> {
    if (this.#middleware.length === 0) {
      // Without middleware: the same outcomes, with fewer closures and awaits.
      try {
        return { subscriber, name, ...statusOfReturn(name, await call()) };
      } catch (error) {
        return this.#thrown(subscriber, name, error);
      }
    }
    let invalidReturn: TypeError | undefined;
    const innermost = async (): Promise<ProcessStatus> => {
      const { status, error } = statusOfReturn(name, await call());
      invalidReturn = error;
      return status;
    };
    const invocation: SubscriberInvocation = { subscriber, name, context };
    const chain = this.#middleware.reduceRight<() => Promise<ProcessStatus>>(
      (next, middleware) => () => middleware(invocation, next),
      innermost,
    );
    try {
      const status = await chain();
      if (invalidReturn !== undefined) return { subscriber, name, status, error: invalidReturn };
      return isProcessStatus(status)
        ? { subscriber, name, status }
        : { subscriber, name, status: ProcessStatus.FATAL_ERROR, error: new TypeError(`a middleware returned ${describeValue(status)} for ${name}`) };
    } catch (error) {
      return this.#thrown(subscriber, name, error);
    }
  }

  /** A subscriber (or middleware) threw: RETRIABLE_ERROR when `isRetriable` says so, else FATAL_ERROR. */
  #thrown(subscriber: Subscriber | undefined, name: string, error: unknown): SubscriberOutcome {
    // A contract violation carries the status its subscriber chose for it.
    if (error instanceof ContractViolationError) return { subscriber, name, status: error.status, error };
    const status = this.#isRetriableSafe(error) ? ProcessStatus.RETRIABLE_ERROR : ProcessStatus.FATAL_ERROR;
    return { subscriber, name, status, error };
  }

  #isRetriableSafe(error: unknown): boolean {
    try {
      return this.#isRetriable(error);
    } catch {
      return false;
    }
  }
}

function callSubscriber(subscriber: Subscriber, context: MessageContext): ProcessResult {
  const decoded = context.decoded;
  switch (subscriber.kind) {
    case 'event':
      if (decoded.kind !== 'mega') throw new TypeError('an event subscriber was routed a non-MEGA body');
      return subscriber.process(decoded.payload, context);
    case 'data':
      if (decoded.kind !== 'data') throw new TypeError('a data subscriber was routed a non-data body');
      return subscriber.process(decoded.data, context);
    case 'message':
      return subscriber.process(decoded, context);
  }
}

function compileMessagePattern(pattern: Pattern | CompiledPattern<DecodedBody> | undefined): (decoded: DecodedBody) => boolean {
  if (pattern === undefined) return () => true;
  const compiled = isCompiledPattern(pattern) ? (pattern as CompiledPattern<DecodedBody>) : compilePattern(pattern as Pattern);
  return (decoded) => compiled.test(decoded as never);
}

/** What a subscriber's return value means: nothing is DONE, a status is itself, anything else FATAL_ERROR with why. */
function statusOfReturn(name: string, result: Awaited<ProcessResult>): { status: ProcessStatus; error?: TypeError } {
  if (result === undefined || result === null) return { status: ProcessStatus.DONE };
  if (isProcessStatus(result)) return { status: result };
  return {
    status: ProcessStatus.FATAL_ERROR,
    error: new TypeError(`${name} returned ${describeValue(result)}; return a ProcessStatus (or nothing for DONE)`),
  };
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
