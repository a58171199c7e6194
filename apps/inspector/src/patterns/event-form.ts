/**
 * The event-subscriber form and the JSON pattern are one pattern: the JSON text is the single
 * source of truth, each form field shows one attribute of it and writes that attribute back.
 * A field's text is a JSON value when it parses as one (`2`, `{"$gt": 1}`, `"quoted"`), otherwise
 * a plain string (`user.updated`).
 */
import type { EventAttributeName } from '@sqs-mega/core';

/** A field of the form: the attribute's canonical name, its alias, and a hint for the input. */
export interface EventField {
  readonly name: EventAttributeName;
  readonly alias?: string;
  readonly label: string;
  readonly placeholder: string;
}

/** The fields the form shows, in order (spec §6); the rest are written in the JSON editor. */
export const EVENT_FIELDS: readonly EventField[] = [
  { name: 'name', alias: 'eventName', label: 'name', placeholder: 'user.updated' },
  { name: 'domain', alias: 'eventDomain', label: 'domain', placeholder: 'accounts' },
  { name: 'version', alias: 'eventVersion', label: 'version', placeholder: '1' },
  { name: 'subject', alias: 'eventSubject', label: 'subject', placeholder: '{"$match": "^user:"}' },
  { name: 'publisher', alias: 'eventPublisher', label: 'publisher', placeholder: 'billing' },
  { name: 'timestamp', alias: 'eventTimestamp', label: 'timestamp', placeholder: '{"$gte": {"$date": "2026-01-01"}}' },
  { name: 'objectType', label: 'object type', placeholder: 'user' },
  { name: 'objectId', label: 'object id', placeholder: '42' },
  { name: 'objectVersion', label: 'object version', placeholder: '1' },
  { name: 'objectCurrent', alias: 'currentObject', label: 'current object', placeholder: '{"id": {"$gt": 0}}' },
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Shown in a field whose pattern is nested too deeply to write on one line. */
export const TOO_DEEP = '(nested too deeply: edit it in the JSON editor)';

/** The text a field shows for an attribute's pattern. */
export function fieldText(pattern: unknown): string {
  if (pattern === undefined) return '';
  if (typeof pattern === 'string' && pattern !== '' && !parsesAsJson(pattern)) return pattern;
  try {
    return JSON.stringify(pattern);
  } catch {
    // A hostile pattern thousands of levels deep overflows the stack; the page must not.
    return TOO_DEEP;
  }
}

/** The pattern a field's text stands for; `undefined` for a blank field (attribute not declared). */
export function fieldPattern(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** What the form shows for the current pattern text: every field's text, or why it cannot. */
export type EventFormView =
  | { readonly ok: true; readonly values: ReadonlyMap<EventAttributeName, string> }
  | { readonly ok: false; readonly reason: string };

/** Reads the form's field values from the JSON pattern text. */
export function readEventForm(text: string): EventFormView {
  let parsed: unknown = {};
  if (text.trim() !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      return { ok: false, reason: 'Fix the JSON pattern to edit it with the form.' };
    }
  }
  if (!isRecord(parsed)) return { ok: false, reason: 'An event subscriber pattern is a JSON object of attributes.' };
  const values = new Map<EventAttributeName, string>();
  for (const field of EVENT_FIELDS) {
    const key = Object.hasOwn(parsed, field.name) ? field.name : field.alias !== undefined && Object.hasOwn(parsed, field.alias) ? field.alias : undefined;
    values.set(field.name, key === undefined ? '' : fieldText(parsed[key]));
  }
  return { ok: true, values };
}

/**
 * The pattern text with one attribute set from a field's text (blank removes it). Other keys keep
 * their order and values; the attribute keeps its place (and its alias, when it was written so).
 * `undefined` when the text is not a JSON object.
 */
export function writeEventField(text: string, field: EventField, value: string): string | undefined {
  let parsed: unknown = {};
  if (text.trim() !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  if (!isRecord(parsed)) return undefined;
  const pattern = fieldPattern(value);
  const entries: [string, unknown][] = [];
  let placed = false;
  for (const [key, item] of Object.entries(parsed)) {
    if (key === field.name || key === field.alias) {
      if (!placed && pattern !== undefined) entries.push([key, pattern]);
      placed = true;
    } else {
      entries.push([key, item]);
    }
  }
  if (!placed && pattern !== undefined) entries.push([field.name, pattern]);
  if (entries.length === 0) return '{}';
  try {
    // Object.fromEntries defines own data properties: a "__proto__" key stays a key.
    return JSON.stringify(Object.fromEntries(entries), null, 2);
  } catch {
    return undefined;
  }
}

/**
 * The pattern text started from a contract's event pattern ("pattern for user.updated@2"): the
 * contract's name, version and domain written over the pattern's, every other attribute kept (a
 * contract without a domain clears it: its pattern matches every domain). Text that is not a JSON
 * object is replaced by the contract's pattern.
 */
export function writeContractPattern(text: string, contract: { readonly pattern: Readonly<Record<string, unknown>> }): string {
  let next: string | undefined = text;
  for (const name of ['name', 'version', 'domain'] as const) {
    const field = EVENT_FIELDS.find((f) => f.name === name)!;
    next = next === undefined ? undefined : writeEventField(next, field, fieldText(contract.pattern[name]));
  }
  return next ?? JSON.stringify(contract.pattern, null, 2);
}
