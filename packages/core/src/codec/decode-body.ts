/**
 * `decodeBody`: any SQS body string → one of four kinds (spec §2). Never throws.
 */
import { hasMegaHeader, readMegaDocument } from '../model/mega-validation.js';
import type { PlainObject } from '../plain-object.js';
import { decodeStrictBase64, ownBytes } from './base64.js';
import { readBsonDocument } from './bson-document.js';
import type { BodyEncoding, DecodedBody, SnsEnvelope } from './decoded-body.js';
import { readSnsEnvelope } from './sns-envelope.js';

/**
 * Can `JSON.parse` possibly accept a text starting with this character? JSON starts with
 * whitespace, `{ [ " -`, a digit, or `t f n`. Skipping the parse for other bodies (Base64 starting
 * with a letter, most plaintext) saves the cost of a thrown SyntaxError; the result is the same.
 */
function mayBeJson(firstChar: number): boolean {
  return (
    firstChar === 0x7b || // {
    firstChar === 0x5b || // [
    firstChar === 0x22 || // "
    firstChar === 0x2d || // -
    (firstChar >= 0x30 && firstChar <= 0x39) ||
    firstChar === 0x74 || // t
    firstChar === 0x66 || // f
    firstChar === 0x6e || // n
    firstChar === 0x20 ||
    firstChar === 0x09 ||
    firstChar === 0x0a ||
    firstChar === 0x0d
  );
}

function classifyDocument(document: PlainObject, encoding: BodyEncoding, outer: boolean): DecodedBody {
  if (hasMegaHeader(document)) {
    const result = readMegaDocument(document, { acceptDateTimestamp: false });
    return result.ok
      ? { kind: 'mega', payload: result.payload, encoding, document }
      : { kind: 'data', data: document, encoding, megaErrors: result.issues };
  }
  if (outer) {
    const sns = readSnsEnvelope(document);
    if (sns !== undefined) return withEnvelope(decode(sns.message, false), sns.envelope);
  }
  return { kind: 'data', data: document, encoding };
}

function withEnvelope(decoded: DecodedBody, sns: SnsEnvelope): DecodedBody {
  decoded.sns = sns;
  return decoded;
}

const NOT_JSON = Symbol('not JSON');

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return NOT_JSON;
  }
}

function decode(body: string, outer: boolean): DecodedBody {
  if (body === '') return { kind: 'plaintext', text: '' };
  if (mayBeJson(body.charCodeAt(0))) {
    const parsed = parseJson(body);
    if (parsed !== NOT_JSON) {
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        return classifyDocument(parsed as PlainObject, 'json', outer);
      }
      return { kind: 'plaintext', text: typeof parsed === 'string' ? parsed : body };
    }
  }
  const bytes = decodeStrictBase64(body);
  if (bytes !== undefined) {
    const document = readBsonDocument(bytes);
    if (document !== undefined) return classifyDocument(document, 'bson', outer);
    return { kind: 'binary', bytes: ownBytes(bytes) };
  }
  return { kind: 'plaintext', text: body };
}

/**
 * Decodes an SQS message body (spec §2), first match wins:
 * `""` → plaintext; a JSON object → MEGA event / data object (an SNS envelope is unwrapped once and
 * its `Message` decoded the same way); another JSON value → plaintext; strict Base64 of a valid BSON
 * document → MEGA event / data object; other strict Base64 → binary; anything else → plaintext.
 *
 * Never throws, whatever the string: a body that is not a valid MEGA event is a data object with
 * `megaErrors`, and nothing of the body is lost.
 *
 * @example
 * ```ts
 * const decoded = decodeBody(message.Body ?? '');
 * if (decoded.kind === 'mega') console.log(decoded.payload.event.name, decoded.sns?.topicArn);
 * ```
 */
export function decodeBody(body: string): DecodedBody {
  try {
    return decode(body, true);
  } catch {
    // Unreachable by design; a last guard so that no body can ever make a consumer throw.
    return { kind: 'plaintext', text: body };
  }
}
