/**
 * Reads a MEGA document into the typed payload, checking every rule of spec §2.1 and collecting all
 * problems. One reader serves the decoder (documents from the wire) and the builder/encoder (values
 * from code), which differ only in whether `event.timestamp` may already be a `Date`.
 */
import type { MegaIssue } from '../errors.js';
import { getOwn, hasKeys, isPlainObject, setOwn, type PlainObject } from '../plain-object.js';
import { isoDateTimeToEpochMs } from '../time/iso-datetime.js';
import type { MegaEvent, MegaObject, MegaPayload } from './payload.js';


/** How {@link readMegaDocument} reads a document. */
export interface ReadMegaOptions {
  /** Accept a `Date` as `event.timestamp` (values from code); the wire form only has strings. */
  readonly acceptDateTimestamp: boolean;
}

/** The outcome of reading a MEGA document: a payload, or every problem found. */
export type MegaReadResult =
  | { readonly ok: true; readonly payload: MegaPayload }
  | { readonly ok: false; readonly issues: MegaIssue[] };

/** True when a document carries the MEGA header: `protocol` `"mega"` and `version` the number 1. */
export function hasMegaHeader(document: PlainObject): boolean {
  return getOwn(document, 'protocol') === 'mega' && getOwn(document, 'version') === 1;
}

function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  if (value instanceof Uint8Array) return 'bytes';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function readVersion(value: unknown, path: string, issues: MegaIssue[]): number {
  if (isAbsent(value)) return 1;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value === 0 ? 0 : value;
  issues.push({ path, reason: `must be an integer (a whole number), got ${describe(value)}` });
  return 1;
}

function readOptionalString(value: unknown, path: string, issues: MegaIssue[]): string | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value === 'string') return value;
  issues.push({ path, reason: `must be a string, got ${describe(value)}` });
  return undefined;
}

function readOptionalObject(value: unknown, path: string, issues: MegaIssue[]): PlainObject | undefined {
  if (isAbsent(value)) return undefined;
  if (isPlainObject(value)) return value;
  issues.push({ path, reason: `must be an object, got ${describe(value)}` });
  return undefined;
}

function readTimestamp(value: unknown, acceptDate: boolean, issues: MegaIssue[]): Date | undefined {
  if (typeof value === 'string') {
    const epochMs = isoDateTimeToEpochMs(value);
    if (!Number.isNaN(epochMs)) return new Date(epochMs);
    issues.push({
      path: 'event.timestamp',
      reason: `must be an ISO-8601 date-time such as 2020-05-04T15:53:27.823Z, got ${JSON.stringify(value)}`,
    });
    return undefined;
  }
  if (acceptDate && value instanceof Date) {
    if (!Number.isNaN(value.getTime())) return value;
    issues.push({ path: 'event.timestamp', reason: 'is an invalid Date' });
    return undefined;
  }
  issues.push({
    path: 'event.timestamp',
    reason: isAbsent(value)
      ? 'is required: an ISO-8601 date-time string'
      : `must be an ISO-8601 date-time string, got ${describe(value)}`,
  });
  return undefined;
}

function readEvent(value: unknown, options: ReadMegaOptions, issues: MegaIssue[]): MegaEvent | undefined {
  if (!isPlainObject(value)) {
    issues.push({ path: 'event', reason: isAbsent(value) ? 'is required: an object' : `must be an object, got ${describe(value)}` });
    return undefined;
  }
  // One pass over the own keys: the typed fields, and the rest (C3: unknown keys become attributes).
  let name: unknown, timestamp: unknown, version: unknown, domain: unknown, subject: unknown, publisher: unknown;
  let attributesValue: unknown;
  let unknownKeys: string[] | undefined;
  for (const key of Object.keys(value)) {
    switch (key) {
      case 'name': name = value.name; break;
      case 'timestamp': timestamp = value.timestamp; break;
      case 'version': version = value.version; break;
      case 'domain': domain = value.domain; break;
      case 'subject': subject = value.subject; break;
      case 'publisher': publisher = value.publisher; break;
      case 'attributes': attributesValue = value.attributes; break;
      default: (unknownKeys ??= []).push(key);
    }
  }
  if (typeof name !== 'string' || name === '') {
    issues.push({
      path: 'event.name',
      reason: isAbsent(name) ? 'is required: a non-empty string' : `must be a non-empty string, got ${describe(name)}`,
    });
  }
  const date = readTimestamp(timestamp, options.acceptDateTimestamp, issues);
  const eventVersion = readVersion(version, 'event.version', issues);
  const eventDomain = readOptionalString(domain, 'event.domain', issues);
  const eventSubject = readOptionalString(subject, 'event.subject', issues);
  const eventPublisher = readOptionalString(publisher, 'event.publisher', issues);
  let attributes = readOptionalObject(attributesValue, 'event.attributes', issues) ?? {};
  if (unknownKeys !== undefined) {
    const merged = { ...attributes };
    for (const key of unknownKeys) if (!Object.hasOwn(attributes, key)) setOwn(merged, key, value[key]);
    attributes = merged;
  }
  if (typeof name !== 'string' || name === '' || date === undefined) return undefined;

  const event: MegaEvent = { name, timestamp: date, version: eventVersion, attributes };
  if (eventDomain !== undefined) event.domain = eventDomain;
  if (eventSubject !== undefined) event.subject = eventSubject;
  if (eventPublisher !== undefined) event.publisher = eventPublisher;
  return event;
}

function readObject(value: unknown, issues: MegaIssue[]): MegaObject | undefined {
  if (isAbsent(value)) return undefined;
  if (!isPlainObject(value)) {
    issues.push({ path: 'object', reason: `must be an object, got ${describe(value)}` });
    return undefined;
  }
  let current: unknown, type: unknown, id: unknown, version: unknown, previous: unknown;
  for (const key of Object.keys(value)) {
    switch (key) {
      case 'current': current = value.current; break;
      case 'type': type = value.type; break;
      case 'id': id = value.id; break;
      case 'version': version = value.version; break;
      case 'previous': previous = value.previous; break;
    }
  }
  let currentOk = false;
  if (!isPlainObject(current)) {
    issues.push({
      path: 'object.current',
      reason: isAbsent(current) ? 'is required: a non-empty object' : `must be a non-empty object, got ${describe(current)}`,
    });
  } else if (!hasKeys(current)) {
    issues.push({ path: 'object.current', reason: 'must be a non-empty object, got {}' });
  } else {
    currentOk = true;
  }
  const objectType = readOptionalString(type, 'object.type', issues);
  const objectId = readOptionalString(id, 'object.id', issues);
  const objectVersion = readVersion(version, 'object.version', issues);
  const objectPrevious = readOptionalObject(previous, 'object.previous', issues);
  if (!currentOk) return undefined;

  const object: MegaObject = { version: objectVersion, current: current as PlainObject };
  if (objectType !== undefined) object.type = objectType;
  if (objectId !== undefined) object.id = objectId;
  if (objectPrevious !== undefined && hasKeys(objectPrevious)) object.previous = objectPrevious;
  return object;
}

/**
 * Reads a document that carries the MEGA header into a typed payload (spec §2.1): defaults applied,
 * `null` treated as absent, empty `previous`/`extra` dropped, unknown event keys moved into
 * `attributes`. Nested objects (`current`, `previous`, `extra`, `attributes` when nothing was added)
 * are shared with the document, not copied.
 */
export function readMegaDocument(document: PlainObject, options: ReadMegaOptions): MegaReadResult {
  // One pass over the own keys (cheaper than three own-property lookups).
  let eventValue: unknown, objectValue: unknown, extraValue: unknown;
  for (const key of Object.keys(document)) {
    switch (key) {
      case 'event': eventValue = document.event; break;
      case 'object': objectValue = document.object; break;
      case 'extra': extraValue = document.extra; break;
    }
  }
  const issues: MegaIssue[] = [];
  const event = readEvent(eventValue, options, issues);
  const object = readObject(objectValue, issues);
  const extra = readOptionalObject(extraValue, 'extra', issues);
  if (issues.length > 0 || event === undefined) return { ok: false, issues };

  const payload: MegaPayload = { protocol: 'mega', version: 1, event };
  if (object !== undefined) payload.object = object;
  if (extra !== undefined && hasKeys(extra)) payload.extra = extra;
  return { ok: true, payload };
}
