/**
 * The wire document of a MEGA payload (spec §1.1): what `encodeBody` serializes. Keys whose value is
 * `null` or `{}` are omitted at the payload, `event` and `object` levels, never deeper (C5).
 */
import type { MegaPayload } from '../model/payload.js';
import { hasKeys, type PlainObject } from '../plain-object.js';
import { formatWireTimestamp } from '../time/iso-datetime.js';

/**
 * Builds the §1.1 document of a validated payload, with `event.timestamp` written in the §1.2 wire
 * form. Returns `undefined` when the timestamp has no wire form (a year outside 0000–9999).
 */
export function toMegaWireDocument(payload: MegaPayload): PlainObject | undefined {
  const { event, object, extra } = payload;
  const timestamp = formatWireTimestamp(event.timestamp);
  if (timestamp === undefined) return undefined;
  const wireEvent: PlainObject = { name: event.name, timestamp, version: event.version };
  if (event.domain !== undefined) wireEvent.domain = event.domain;
  if (event.subject !== undefined) wireEvent.subject = event.subject;
  if (event.publisher !== undefined) wireEvent.publisher = event.publisher;
  if (hasKeys(event.attributes)) wireEvent.attributes = event.attributes;
  const document: PlainObject = { protocol: 'mega', version: 1, event: wireEvent };
  if (object !== undefined) {
    const wireObject: PlainObject = { version: object.version, current: object.current };
    if (object.type !== undefined) wireObject.type = object.type;
    if (object.id !== undefined) wireObject.id = object.id;
    if (object.previous !== undefined && hasKeys(object.previous)) wireObject.previous = object.previous;
    document.object = wireObject;
  }
  if (extra !== undefined && hasKeys(extra)) document.extra = extra;
  return document;
}
