/**
 * Reads a MEGA document into the typed payload, checking every rule of spec §2.1 and collecting all
 * problems. One reader serves the decoder (documents from the wire) and the builder/encoder (values
 * from code), which differ only in whether `event.timestamp` may already be a `Date`.
 */
import type { MegaIssue } from '../errors.js';
import { getOwn, hasKeys, isPlainObject, setOwn, type PlainObject } from '../plain-object.js';
import { parseIsoDateTime } from '../time/iso-datetime.js';
import type { MegaEvent, MegaObject, MegaPayload } from './payload.js';

/** The keys of `event` the payload types; any other key is an attribute (C3). */
const EVENT_KEYS = new Set(['name', 'timestamp', 'version', 'domain', 'subject', 'publisher', 'attributes']);

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
    const parsed = parseIsoDateTime(value);
    if (parsed !== undefined) return new Date(parsed.epochMs);
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
  const name = getOwn(value, 'name');
  if (typeof name !== 'string' || name === '') {
    issues.push({
      path: 'event.name',
      reason: isAbsent(name) ? 'is required: a non-empty string' : `must be a non-empty string, got ${describe(name)}`,
    });
  }
  const timestamp = readTimestamp(getOwn(value, 'timestamp'), options.acceptDateTimestamp, issues);
  const version = readVersion(getOwn(value, 'version'), 'event.version', issues);
  const domain = readOptionalString(getOwn(value, 'domain'), 'event.domain', issues);
  const subject = readOptionalString(getOwn(value, 'subject'), 'event.subject', issues);
  const publisher = readOptionalString(getOwn(value, 'publisher'), 'event.publisher', issues);
  let attributes = readOptionalObject(getOwn(value, 'attributes'), 'event.attributes', issues) ?? {};

  // C3: unknown event keys become attributes, unless an attribute of that name exists.
  let copied = false;
  for (const key of Object.keys(value)) {
    if (EVENT_KEYS.has(key) || Object.hasOwn(attributes, key)) continue;
    if (!copied) {
      attributes = { ...attributes };
      copied = true;
    }
    setOwn(attributes, key, value[key]);
  }
  if (typeof name !== 'string' || name === '' || timestamp === undefined) return undefined;

  const event: MegaEvent = { name, timestamp, version, attributes };
  if (domain !== undefined) event.domain = domain;
  if (subject !== undefined) event.subject = subject;
  if (publisher !== undefined) event.publisher = publisher;
  return event;
}

function readObject(value: unknown, issues: MegaIssue[]): MegaObject | undefined {
  if (isAbsent(value)) return undefined;
  if (!isPlainObject(value)) {
    issues.push({ path: 'object', reason: `must be an object, got ${describe(value)}` });
    return undefined;
  }
  const current = getOwn(value, 'current');
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
  const type = readOptionalString(getOwn(value, 'type'), 'object.type', issues);
  const id = readOptionalString(getOwn(value, 'id'), 'object.id', issues);
  const version = readVersion(getOwn(value, 'version'), 'object.version', issues);
  const previous = readOptionalObject(getOwn(value, 'previous'), 'object.previous', issues);
  if (!currentOk) return undefined;

  const object: MegaObject = { version, current: current as PlainObject };
  if (type !== undefined) object.type = type;
  if (id !== undefined) object.id = id;
  if (previous !== undefined && hasKeys(previous)) object.previous = previous;
  return object;
}

/**
 * Reads a document that carries the MEGA header into a typed payload (spec §2.1): defaults applied,
 * `null` treated as absent, empty `previous`/`extra` dropped, unknown event keys moved into
 * `attributes`. Nested objects (`current`, `previous`, `extra`, `attributes` when nothing was added)
 * are shared with the document, not copied.
 */
export function readMegaDocument(document: PlainObject, options: ReadMegaOptions): MegaReadResult {
  const issues: MegaIssue[] = [];
  const event = readEvent(getOwn(document, 'event'), options, issues);
  const object = readObject(getOwn(document, 'object'), issues);
  const extra = readOptionalObject(getOwn(document, 'extra'), 'extra', issues);
  if (issues.length > 0 || event === undefined) return { ok: false, issues };

  const payload: MegaPayload = { protocol: 'mega', version: 1, event };
  if (object !== undefined) payload.object = object;
  if (extra !== undefined && hasKeys(extra)) payload.extra = extra;
  return { ok: true, payload };
}
