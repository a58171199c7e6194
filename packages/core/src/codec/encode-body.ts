/**
 * `encodeBody`: a MEGA payload, data object, text or bytes → an SQS body string (spec §3).
 */
import { EncodeError, MegaValidationError } from '../errors.js';
import { hasMegaHeader, readMegaDocument } from '../model/mega-validation.js';
import type { MegaPayload } from '../model/payload.js';
import { isPlainObject, type PlainObject } from '../plain-object.js';
import { bytesToBase64 } from './base64.js';
import { writeBsonDocument } from './bson-document.js';
import { writeCanonicalJson } from './canonical-json.js';
import type { BodyEncoding } from './decoded-body.js';
import { toMegaWireDocument } from './mega-wire-document.js';

/** Options of {@link encodeBody}. */
export interface EncodeOptions {
  /**
   * `json`: canonical JSON text (spec §1.3). `bson`: Base64 of a BSON document (§1.4), which also
   * carries `Date`, `Uint8Array`, bigints, NaN and ±Infinity. Plaintext is always sent as is and
   * bytes always as Base64.
   * @defaultValue 'json'
   */
  encoding?: BodyEncoding;
}

/** What `encodeBody` accepts: a MEGA payload, a data object (plain object), text, or bytes. */
export type EncodableBody = MegaPayload | Record<string, unknown> | string | Uint8Array;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an instance of ${value.constructor?.name ?? 'an unknown class'}`;
  return `a ${typeof value}`;
}

/**
 * Encodes a body for SQS or SNS:
 * - a string → sent unchanged (plaintext; not with `{ encoding: 'bson' }`);
 * - a `Uint8Array` → standard Base64, whatever the encoding;
 * - an object carrying the MEGA header (`protocol: 'mega'`, `version: 1`) → validated like
 *   `PayloadBuilder.build()` and written as the MEGA wire document, timestamp in UTC;
 * - any other plain object → a data object, written as is.
 *
 * `decodeBody(encodeBody(x))` gives back the same payload or data (timestamps to the millisecond).
 *
 * @throws {@link MegaValidationError} (code `MEGA_INVALID`) for an invalid MEGA payload.
 * @throws {@link EncodeError} (code `ENCODE_UNSUPPORTED`) for a value the encoding cannot carry.
 */
export function encodeBody(body: EncodableBody, options: EncodeOptions = {}): string {
  const encoding = options.encoding ?? 'json';
  if (encoding !== 'json' && encoding !== 'bson') {
    throw new EncodeError('', `unknown encoding ${JSON.stringify(encoding)}`, "use 'json' or 'bson'");
  }
  if (typeof body === 'string') {
    if (encoding === 'bson') {
      throw new EncodeError('', 'plaintext has no BSON form', "encode text without { encoding: 'bson' }, or wrap it in an object");
    }
    return body;
  }
  if (body instanceof Uint8Array) return bytesToBase64(body);
  if (!isPlainObject(body)) {
    throw new EncodeError('', `cannot encode ${describe(body)}`, 'pass a MEGA payload, a plain object, a string or a Uint8Array');
  }
  let document: PlainObject = body;
  if (hasMegaHeader(body)) {
    const result = readMegaDocument(body, { acceptDateTimestamp: true });
    if (!result.ok) throw new MegaValidationError(result.issues);
    const wire = toMegaWireDocument(result.payload);
    if (wire === undefined) {
      throw new MegaValidationError([{ path: 'event.timestamp', reason: 'must fall within the years 0000–9999' }]);
    }
    document = wire;
  }
  return encoding === 'json' ? writeCanonicalJson(document) : bytesToBase64(writeBsonDocument(document));
}
