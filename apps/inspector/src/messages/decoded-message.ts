/**
 * Each captured body decoded once with `@sqs-mega/core` (the same `decodeBody` a subscriber gets),
 * cached per message record, and the one-line summary a list row shows.
 */
import { decodeBody, type DecodedBody } from '@sqs-mega/core';
import type { PeekedMessage } from '../../shared/bridge-api.js';
import { bytesPreview, valueText } from './value-text.js';
import { escapeBidiControls } from './visible-text.js';

const cache = new WeakMap<PeekedMessage, DecodedBody>();

/** The message's body decoded by core (cached). */
export function decodedOf(message: PeekedMessage): DecodedBody {
  let decoded = cache.get(message);
  if (decoded === undefined) {
    decoded = decodeBody(message.body);
    cache.set(message, decoded);
  }
  return decoded;
}

/**
 * A short line saying what is in a decoded body: the event name, the data, the text… Like
 * `valueText`, it holds no bidi control character (each is written as its escape, `\u202e`): the
 * line joins several untrusted strings, and one override would reorder the others.
 */
export function decodedSummary(decoded: DecodedBody): string {
  switch (decoded.kind) {
    case 'mega': {
      const { event, object } = decoded.payload;
      const about = object === undefined ? '' : ` · ${object.type ?? 'object'}${object.id === undefined ? '' : ` ${object.id}`}`;
      return escapeBidiControls(`${event.domain === undefined ? '' : `${event.domain}/`}${event.name}${about}`);
    }
    case 'data':
      return valueText(decoded.data);
    case 'plaintext':
      return escapeBidiControls(decoded.text === '' ? '(empty)' : decoded.text.length > 200 ? `${decoded.text.slice(0, 199)}…` : decoded.text);
    case 'binary':
      return `${decoded.bytes.length} bytes: ${bytesPreview(decoded.bytes)}`;
  }
}
