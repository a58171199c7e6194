/**
 * Subscribers: what an application declares to receive messages. An event subscriber receives valid
 * MEGA events matching its event pattern, a data subscriber data objects matching its pattern, a
 * message subscriber any decoded body matching its pattern (spec §6).
 */
import type { DecodedBody } from '../codec/decoded-body.js';
import type { DataPattern } from '../matcher/data-pattern.js';
import type { EventPattern, EventPatternAttributes } from '../matcher/event-pattern.js';
import type { CompiledPattern, Pattern } from '../matcher/pattern-form.js';
import type { MegaPayload } from '../model/payload.js';
import type { MessageContext } from './message-context.js';
import type { ProcessStatus } from './process-status.js';

/** What `process` may return: a status, or nothing (= `DONE`), possibly as a promise. */
export type ProcessResult = ProcessStatus | void | undefined | Promise<ProcessStatus | void | undefined>;

/** Receives valid MEGA events whose payload matches `pattern`. */
export interface EventSubscriber {
  readonly kind: 'event';
  /** Event attributes to match (`{ name: 'user.updated', objectCurrent: { id: gt(0) } }`), or an `eventPattern`. */
  readonly pattern: EventPatternAttributes | EventPattern;
  /** A name for logs and events. @defaultValue the class or function name */
  readonly name?: string;
  process(payload: MegaPayload, context: MessageContext): ProcessResult;
}

/** Receives data objects (non-MEGA JSON/BSON objects, invalid MEGA events included) matching `pattern`. */
export interface DataSubscriber {
  readonly kind: 'data';
  /** A pattern for the data object; none receives every data object. */
  readonly pattern?: Pattern | DataPattern;
  /** A name for logs and events. @defaultValue the class or function name */
  readonly name?: string;
  process(data: Record<string, unknown>, context: MessageContext): ProcessResult;
}

/**
 * Receives any decoded body (`{ kind, payload | data | text | bytes, encoding?, sns? }`) matching
 * `pattern` — for example `{ kind: 'plaintext' }` or `{ sns: { topicArn: match('^arn:aws:sns:eu-') } }`.
 * Not indexed: tested on every message.
 */
export interface MessageSubscriber {
  readonly kind: 'message';
  /** A pattern for the decoded body; none receives every message. */
  readonly pattern?: Pattern | CompiledPattern<DecodedBody>;
  /** A name for logs and events. @defaultValue the class or function name */
  readonly name?: string;
  process(decoded: DecodedBody, context: MessageContext): ProcessResult;
}

/** Any subscriber. */
export type Subscriber = EventSubscriber | DataSubscriber | MessageSubscriber;

/** Options shared by the subscriber helpers. */
export interface SubscriberOptions {
  /** A name for logs and events. @defaultValue the handler function's name */
  readonly name?: string;
}

function named<T extends Subscriber>(subscriber: T, handler: { name: string }, options: SubscriberOptions): T {
  const name = options.name ?? (handler.name === '' ? undefined : handler.name);
  return name === undefined ? subscriber : { ...subscriber, name };
}

/**
 * An event subscriber from a pattern and a function.
 *
 * @example
 * ```ts
 * const onUserUpdated = eventSubscriber({ name: 'user.updated', objectCurrent: { id: gt(0) } }, async (payload, { signal }) => {
 *   await saveUser(payload.object!.current, { signal });
 * });
 * ```
 */
export function eventSubscriber(
  pattern: EventPatternAttributes | EventPattern,
  process: (payload: MegaPayload, context: MessageContext) => ProcessResult,
  options: SubscriberOptions = {},
): EventSubscriber {
  return named({ kind: 'event', pattern, process }, process, options);
}

/** A data subscriber from a pattern (`undefined`: every data object) and a function. */
export function dataSubscriber(
  pattern: Pattern | DataPattern | undefined,
  process: (data: Record<string, unknown>, context: MessageContext) => ProcessResult,
  options: SubscriberOptions = {},
): DataSubscriber {
  const subscriber: DataSubscriber = pattern === undefined ? { kind: 'data', process } : { kind: 'data', pattern, process };
  return named(subscriber, process, options);
}

/** A message subscriber from a pattern over the decoded body (`undefined`: every message) and a function. */
export function messageSubscriber(
  pattern: Pattern | CompiledPattern<DecodedBody> | undefined,
  process: (decoded: DecodedBody, context: MessageContext) => ProcessResult,
  options: SubscriberOptions = {},
): MessageSubscriber {
  const subscriber: MessageSubscriber =
    pattern === undefined ? { kind: 'message', process } : { kind: 'message', pattern, process };
  return named(subscriber, process, options);
}

/** The name of a subscriber for logs: its `name`, else its class name, else its kind. */
export function subscriberName(subscriber: Subscriber): string {
  if (subscriber.name !== undefined) return subscriber.name;
  const className = Object.getPrototypeOf(subscriber)?.constructor?.name;
  return typeof className === 'string' && className !== 'Object' ? className : `${subscriber.kind} subscriber`;
}
