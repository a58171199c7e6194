/**
 * A delivered message in the runtime-neutral form every consumer builds from what SQS (or Lambda)
 * handed it, and the dispatcher's input made from it — one shape for the listener and the Lambda
 * handler, so that a subscriber's `MessageContext` is the same in both.
 */
import type { DispatchInput, MessageAttribute } from '@sqs-mega/core';

/** What SQS delivered about one message, as the dispatcher needs it. */
export interface DeliveredMessage {
  /** The SQS message id. */
  readonly messageId: string;
  /** The body as received. */
  readonly body: string;
  /** How many times SQS has delivered the message, this time included (`ApproximateReceiveCount`). */
  readonly receiveCount: number;
  /** SQS system attributes (`SentTimestamp`, `MessageGroupId`…), as strings. */
  readonly attributes: Readonly<Record<string, string>>;
  /** The message attributes the publisher set. */
  readonly messageAttributes: Readonly<Record<string, MessageAttribute>>;
}

/** `ApproximateReceiveCount` as a number (1 when SQS did not send it). */
export function receiveCountOf(attributes: Readonly<Record<string, string>>): number {
  const count = Number(attributes['ApproximateReceiveCount']);
  return Number.isSafeInteger(count) && count > 0 ? count : 1;
}

/**
 * What the dispatcher needs to run the subscribers on a message, from `queue` (its URL or ARN,
 * when the runtime knows it). The signal is read from `abort` only when a subscriber reads
 * `context.signal` (see `LazyAbortController`).
 */
export function toDispatchInput(message: DeliveredMessage, abort: { readonly signal: AbortSignal }, queue?: string): DispatchInput {
  return new LazySignalInput(message, abort, queue);
}

/** A class rather than a literal with a getter: one shared accessor, cheap to make per message. */
class LazySignalInput implements DispatchInput {
  readonly messageId: string;
  readonly body: string;
  readonly receiveCount: number;
  readonly attributes: Readonly<Record<string, string>>;
  readonly messageAttributes: Readonly<Record<string, MessageAttribute>>;
  /** Declared, not defined: absent (rather than `undefined`) when the runtime gives no queue. */
  declare readonly queue?: string;
  readonly #abort: { readonly signal: AbortSignal };

  constructor(message: DeliveredMessage, abort: { readonly signal: AbortSignal }, queue: string | undefined) {
    this.messageId = message.messageId;
    if (queue !== undefined) (this as { queue?: string }).queue = queue;
    this.body = message.body;
    this.receiveCount = message.receiveCount;
    this.attributes = message.attributes;
    this.messageAttributes = message.messageAttributes;
    this.#abort = abort;
  }

  get signal(): AbortSignal {
    return this.#abort.signal;
  }
}
