/**
 * The limits of Amazon SQS that every publisher and the listener respect, in one place.
 * ElasticMQ enforces the same ones.
 */

/** Largest message body (and attributes), in bytes: 1 MiB since 2025. */
export const MAX_MESSAGE_BYTES = 1_048_576;

/** Largest total payload of one SendMessageBatch call, in bytes. */
export const MAX_BATCH_BYTES = 1_048_576;

/** Most entries in one batch call (send, delete, change visibility) and messages in one receive. */
export const MAX_BATCH_ENTRIES = 10;

/** Longest long poll, in seconds. */
export const MAX_WAIT_TIME_SECONDS = 20;

/** Longest visibility timeout, in seconds (12 hours). */
export const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;

/** Longest DelaySeconds of a message, in seconds (15 minutes). */
export const MAX_DELAY_SECONDS = 900;

/** Longest FIFO MessageGroupId and MessageDeduplicationId. */
export const MAX_FIFO_ID_LENGTH = 128;

/**
 * Any character SQS refuses (the rule of {@link findCharacterSqsRefuses}) as one native pass over a
 * body: test with it first, and call `findCharacterSqsRefuses` for the position only when it hits.
 * With the `u` flag a lone surrogate is a code point of its own, outside every allowed range.
 */
export const REFUSED_CHARACTER = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * The first character of `body` that SQS refuses, with its index, or `undefined` when SQS accepts
 * them all. Allowed: `#x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF` (so no
 * other control characters, no lone surrogates, no U+FFFE/U+FFFF).
 */
export function findCharacterSqsRefuses(body: string): { index: number; codePoint: number } | undefined {
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c >= 0x20 && c < 0xd800) continue;
    if (c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0xe000 && c <= 0xfffd)) continue;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = body.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a well-formed astral character
        continue;
      }
    }
    return { index: i, codePoint: c };
  }
  return undefined;
}

/** The size SQS counts for a body: its UTF-8 byte length. */
export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
