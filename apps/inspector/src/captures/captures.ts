/**
 * Captures: every message the user peeked, kept in the order first seen. Peeking a message again
 * replaces its record in place (new receive count, new receipt handle) rather than adding a copy.
 */
import type { PeekedMessage } from '../../shared/bridge-api.js';

/**
 * A captured message's identity: its queue and its message id, as one string. Both come from
 * untrusted places (an imported file may hold any characters), so they are joined as a JSON array:
 * no separator character can occur inside a part and make two different pairs share a key.
 */
export function captureKey(message: Pick<PeekedMessage, 'queueName' | 'messageId'>): string {
  return JSON.stringify([message.queueName, message.messageId]);
}

/** The outcome of {@link mergeCaptures}. */
export interface MergeResult {
  readonly messages: readonly PeekedMessage[];
  /** The messages added at the end, in order (the matching worker appends their bodies). */
  readonly added: readonly PeekedMessage[];
}

/** Adds `incoming` to `existing`: new messages at the end, known ones replaced where they are. */
export function mergeCaptures(existing: readonly PeekedMessage[], incoming: readonly PeekedMessage[]): MergeResult {
  const index = new Map<string, number>();
  existing.forEach((message, i) => index.set(captureKey(message), i));
  const messages = existing.slice();
  const added: PeekedMessage[] = [];
  for (const message of incoming) {
    const key = captureKey(message);
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, messages.length);
      messages.push(message);
      added.push(message);
    } else {
      messages[at] = message;
    }
  }
  return { messages, added };
}
