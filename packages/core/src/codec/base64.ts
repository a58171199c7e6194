/**
 * Standard Base64 (RFC 4648 §4, with `=` padding) without Node's Buffer. The byte conversion is
 * `bson`'s ByteUtils, which picks the fastest native path of each platform (Buffer in Node,
 * atob/btoa in browsers); strictness is checked here, since both natives are lenient.
 */
import { onDemand } from 'bson';

const { ByteUtils } = onDemand;

// Only the alphabet, then at most two '=' at the very end; the length is checked separately.
const STRICT_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * True when `text` is strict standard Base64: only `A–Z a–z 0–9 + /`, a length that is a non-zero
 * multiple of 4, `=` only as one or two final padding characters, no whitespace. Non-zero padding
 * bits are tolerated.
 */
export function isStrictBase64(text: string): boolean {
  return text.length % 4 === 0 && text.length > 0 && STRICT_BASE64.test(text);
}

/** Decodes Base64 that {@link isStrictBase64} accepted. The result may be a view of a pooled buffer. */
export function base64ToBytes(text: string): Uint8Array {
  return ByteUtils.fromBase64(text);
}

/** Encodes bytes as standard Base64 with padding. */
export function bytesToBase64(bytes: Uint8Array): string {
  return ByteUtils.toBase64(bytes);
}

/** A copy of `bytes` as a plain `Uint8Array` that owns its memory (not a Buffer, not a pooled view). */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy;
}
