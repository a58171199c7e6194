/**
 * The seam tracing plugs into on the publishing side: an instrumentation sees each message a
 * publisher is about to send (after every check, before the call; in a batch, each entry), may add
 * String message attributes to it — a `traceparent`, within the room the message has left — and is
 * told how it ended. Node knows nothing of OpenTelemetry: `@sqs-mega/otel` is one instrumentation.
 */
import { InvalidOptionError } from '../errors.js';
import { utf8ByteLength } from '../sqs-limits.js';
import type { PublishBatchEntryResult } from './batch-sender.js';
import { MAX_MESSAGE_ATTRIBUTES, toWireAttributes } from './message-attributes.js';
import type { MessageRules, OutgoingMessage } from './outgoing-message.js';
import type { PublishService } from './publish-errors.js';

/** A message about to be sent, as an instrumentation sees it. */
export interface OutgoingMessageInfo {
  /** `SQS` (a queue) or `SNS` (a topic). */
  readonly service: PublishService;
  /** The queue URL or topic ARN. */
  readonly destination: string;
  /** `publish` (one call for the message) or `publishBatch` (an entry of a batch call). */
  readonly operation: 'publish' | 'publishBatch';
  /** For a batch entry: the number of entries given to `publishBatch`, and this one's index. */
  readonly batch?: { readonly size: number; readonly index: number };
  /** The message attributes it already has, by name (values as they go on the wire). */
  readonly attributeNames: readonly string[];
  /** What the message has room left for: attributes (of 10) and bytes (of the size limit). */
  readonly room: { readonly attributes: number; readonly bytes: number };
}

/** How a message ended: sent (with the id the service gave it) or not. */
export type OutgoingMessageOutcome =
  | { readonly ok: true; readonly messageId: string; readonly sequenceNumber?: string }
  | { readonly ok: false; readonly error: unknown };

/** What an instrumentation does with one message. Every member is optional. */
export interface OutgoingMessageObservation {
  /**
   * String attributes to add (`traceparent`, `tracestate`…). Added only if all of them fit in
   * {@link OutgoingMessageInfo.room} and none is there already; otherwise none is added, the
   * message goes out as it was, and {@link OutgoingMessageObservation.onNoRoom} is told.
   */
  readonly attributes?: Readonly<Record<string, string>>;
  /** The attributes did not fit (or one was there already): the message was sent without them. */
  readonly onNoRoom?: (reason: { readonly attributesNeeded: number; readonly bytesNeeded: number; readonly room: OutgoingMessageInfo['room']; readonly taken: readonly string[] }) => void;
  /** How the message ended; called once, after the call (for a batch entry, after its last attempt). */
  readonly onSettled?: (outcome: OutgoingMessageOutcome) => void;
}

/**
 * Sees each message a publisher sends. `message` runs synchronously in the caller's context (for
 * `publishBatch`, as each entry is prepared), so it can read the active trace context; it must not
 * throw (a throw is caught and the message sent as it was).
 */
export interface PublishInstrumentation {
  message(info: OutgoingMessageInfo): OutgoingMessageObservation | undefined;
}

/** The instrumented message and how to report its outcome. */
export interface InstrumentedMessage {
  readonly message: OutgoingMessage;
  readonly settle: (outcome: OutgoingMessageOutcome) => void;
}

const NOTHING_TO_SETTLE = (): void => undefined;

function calling<A extends unknown[]>(f: ((...args: A) => void) | undefined, ...args: A): void {
  try {
    f?.(...args);
  } catch {
    // An instrumentation's failure never changes what is published.
  }
}

/**
 * Runs `instrumentations` over `message`: adds the attributes they ask for where they fit, and
 * returns the message to send and a `settle` that tells each of them the outcome.
 */
export function instrumentMessage(
  instrumentations: readonly PublishInstrumentation[],
  message: OutgoingMessage,
  rules: MessageRules,
  where: Pick<OutgoingMessageInfo, 'destination' | 'operation' | 'batch'>,
): InstrumentedMessage {
  if (instrumentations.length === 0) return { message, settle: NOTHING_TO_SETTLE };
  let current = message;
  const settles: ((outcome: OutgoingMessageOutcome) => void)[] = [];
  for (const instrumentation of instrumentations) {
    const names = Object.keys(current.attributes ?? {});
    const room = { attributes: MAX_MESSAGE_ATTRIBUTES - names.length, bytes: rules.maxBytes - current.size };
    const info: OutgoingMessageInfo = { service: rules.service, ...where, attributeNames: names, room };
    let observation: OutgoingMessageObservation | undefined;
    try {
      observation = instrumentation.message(info);
    } catch {
      continue;
    }
    if (observation === undefined) continue;
    if (observation.onSettled !== undefined) settles.push((outcome) => calling(observation.onSettled, outcome));
    const added = observation.attributes;
    if (added === undefined || Object.keys(added).length === 0) continue;
    const taken = Object.keys(added).filter((name) => names.includes(name));
    let wire: ReturnType<typeof toWireAttributes> | undefined;
    try {
      wire = toWireAttributes(added, rules.service);
    } catch {
      wire = undefined; // not valid attributes: reported as no room for them
    }
    const bytesNeeded = wire?.bytes ?? Object.entries(added).reduce((n, [k, v]) => n + utf8ByteLength(k) + utf8ByteLength('String') + utf8ByteLength(v), 0);
    const attributesNeeded = Object.keys(added).length;
    if (wire === undefined || taken.length > 0 || attributesNeeded > room.attributes || bytesNeeded > room.bytes) {
      calling(observation.onNoRoom, { attributesNeeded, bytesNeeded, room, taken });
      continue;
    }
    current = { ...current, attributes: { ...current.attributes, ...wire.attributes }, size: current.size + wire.bytes };
  }
  return { message: current, settle: settles.length === 0 ? NOTHING_TO_SETTLE : (outcome) => settles.forEach((settle) => settle(outcome)) };
}

/** The outcome of a batch entry's result. */
export function outcomeOf(result: PublishBatchEntryResult): OutgoingMessageOutcome {
  if (!result.ok) return { ok: false, error: result.error };
  return result.sequenceNumber === undefined ? { ok: true, messageId: result.messageId } : { ok: true, messageId: result.messageId, sequenceNumber: result.sequenceNumber };
}

/** Reports the outcome of one `publish` call to `settle`, and passes the call's result (or error) on. */
export async function settleAfter<R extends { readonly messageId: string; readonly sequenceNumber?: string }>(
  sending: Promise<R>,
  settle: (outcome: OutgoingMessageOutcome) => void,
): Promise<R> {
  let result: R;
  try {
    result = await sending;
  } catch (error) {
    settle({ ok: false, error });
    throw error;
  }
  settle(result.sequenceNumber === undefined ? { ok: true, messageId: result.messageId } : { ok: true, messageId: result.messageId, sequenceNumber: result.sequenceNumber });
  return result;
}

/**
 * The instrumentations of a publisher's `instrumentation` option, checked.
 *
 * @throws InvalidOptionError when one is not an object with a `message` function.
 */
export function checkInstrumentations(value: PublishInstrumentation | readonly PublishInstrumentation[] | undefined): PublishInstrumentation[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? [...(value as readonly PublishInstrumentation[])] : [value as PublishInstrumentation];
  for (const item of list) {
    if (typeof item !== 'object' || item === null || typeof (item as { message?: unknown }).message !== 'function') {
      throw new InvalidOptionError('instrumentation', 'expected an object with a message(info) function (for tracing: instrumentPublisher from @sqs-mega/otel)');
    }
  }
  return list;
}
