/**
 * What a subscriber is told about the message besides its payload. Runtimes (the listener, the
 * Lambda adapter, tests) fill it from what SQS delivered.
 */
import type { DecodedBody } from '../codec/decoded-body.js';
import type { PlatformAbortSignal } from './abort-signal.js';

/** An SQS message attribute, runtime-neutral. */
export interface MessageAttribute {
  /** `String`, `Number`, `Binary`, or one of those with a custom suffix (`Number.float`). */
  readonly dataType: string;
  readonly stringValue?: string;
  readonly binaryValue?: Uint8Array;
}

/** The message a subscriber is handling, and the signal that tells it to stop. */
export interface MessageContext {
  /** The SQS message id. */
  readonly messageId: string;
  /**
   * The queue the message came from: its URL (`SqsListener`, the task worker) or its ARN (the
   * Lambda handler: the record's `eventSourceARN`). Absent when the runtime does not say.
   */
  readonly queue?: string;
  /** The body as received. */
  readonly body: string;
  /** The decoded body (decoded once, shared by every subscriber). */
  readonly decoded: DecodedBody;
  /** How many times SQS has delivered the message, this time included (`ApproximateReceiveCount`). */
  readonly receiveCount: number;
  /** SQS system attributes (`SentTimestamp`, `MessageGroupId`, …), as strings. */
  readonly attributes: Readonly<Record<string, string>>;
  /** The message attributes the publisher set. */
  readonly messageAttributes: Readonly<Record<string, MessageAttribute>>;
  /**
   * Aborted when the handler should stop: its visibility could not be extended (another consumer
   * may already have the message), or the runtime is shutting down past its grace period. It is
   * the program's own `AbortSignal` (DOM lib, `@types/node`), so it can be passed on to `fetch` or
   * an AWS SDK call; see {@link PlatformAbortSignal}.
   */
  readonly signal: PlatformAbortSignal;
}
