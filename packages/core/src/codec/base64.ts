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
 * Rather than scanning the text character by character in JavaScript (a regex costs ~3 ns a
 * character), it decodes natively and checks what the native decoders let through:
 * - a character outside Node's alphabet (whitespace, `=`, any other ASCII, Latin-1) is skipped, and
 *   atob strips whitespace: either way fewer bytes come out than the length promises;
 * - Node also reads the URL-safe `-` and `_`: looked for with `indexOf` (native, ~0.01 ns a character);
 * - Node truncates a character beyond U+00FF to its low byte (`Ł`, U+0141, reads as `A`): the text
 *   must be ASCII, which `TextEncoder.encodeInto` tells natively (one byte per character).
 * The final quantum, where padding goes, is checked on its own.
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
  if (length === 4) return bytes; // FINAL_QUANTUM checked every character
  if (text.indexOf('-') !== -1 || text.indexOf('_') !== -1 || !isAscii(text)) return undefined;
  return bytes;
}

const CHUNK = 65_536;
const encoder = new TextEncoder();
let scratch: Uint8Array | undefined;

/** True when every character is ASCII: UTF-8 then takes exactly one byte per character. */
function isAscii(text: string): boolean {
  scratch ??= new Uint8Array(CHUNK);
  for (let at = 0; at < text.length; at += CHUNK) {
    const part = text.length <= CHUNK ? text : text.slice(at, at + CHUNK);
    const { read, written } = encoder.encodeInto(part, scratch);
    if (read !== part.length || written !== part.length) return false;
  }
  return true;
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
