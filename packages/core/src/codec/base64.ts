/**
 * Standard Base64 (RFC 4648 §4, with `=` padding) without Node's Buffer: the byte conversion is
 * `bson`'s ByteUtils, which picks the fastest native path of each platform (Buffer in Node,
 * atob/btoa in browsers). Both natives are lenient (Node skips unknown characters and reads the
 * URL-safe alphabet, atob strips whitespace), so strictness is checked here.
 */
import { onDemand } from 'bson';

const { ByteUtils } = onDemand;

// The final 4-character quantum: two, three or four alphabet characters, then the padding.
const FINAL_QUANTUM = /^[A-Za-z0-9+/]{2}(?:==|[A-Za-z0-9+/]=|[A-Za-z0-9+/]{2})$/;

/**
 * Decodes strict standard Base64: only `A–Z a–z 0–9 + /`, a length that is a non-zero multiple of
 * 4, `=` only as one or two final padding characters, no whitespace (non-zero padding bits are
 * tolerated). Returns `undefined` for any other text.
 *
 * Rather than scanning the text character by character (a regex costs ~3 ns a character), it
 * decodes natively and re-encodes natively: the text is strict exactly when the re-encoding equals
 * it everywhere but in the final quantum, which is checked on its own.
 */
export function decodeStrictBase64(text: string): Uint8Array | undefined {
  const length = text.length;
  if (length === 0 || length % 4 !== 0 || !FINAL_QUANTUM.test(text.slice(length - 4))) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = ByteUtils.fromBase64(text);
  } catch {
    return undefined; // atob refuses some non-Base64 text outright
  }
  const padding = text.charCodeAt(length - 1) === 61 ? (text.charCodeAt(length - 2) === 61 ? 2 : 1) : 0;
  if (bytes.length !== (length / 4) * 3 - padding) return undefined;
  if (length === 4) return bytes;
  const again = ByteUtils.toBase64(bytes);
  // Usually identical (padding bits are zero): one flat-string comparison. Otherwise only the final
  // quantum may differ, which FINAL_QUANTUM already checked.
  if (again === text || again.startsWith(text.slice(0, length - 4))) return bytes;
  return undefined;
}

/** True when `text` is strict standard Base64 (see {@link decodeStrictBase64}). */
export function isStrictBase64(text: string): boolean {
  return decodeStrictBase64(text) !== undefined;
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
