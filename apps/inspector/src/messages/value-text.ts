/**
 * Short, bounded, JSON-like text of any decoded value, for explanations and one-line previews.
 * Reads only own enumerable keys (`Object.keys`), so `__proto__` and `constructor` keys show as the
 * data they are; never calls a value's own `toString`. Bidi control characters in keys and strings
 * are written as JSON escapes (`"\u202e"`): a preview is plain text, shown where no element can
 * isolate one key from the next, so an override in it would reorder the rest of the line.
 */
import { escapeBidiControls } from './visible-text.js';
import { dateText } from './time-text.js';

const MAX_TEXT = 120;
const MAX_ITEMS = 8;
const MAX_DEPTH = 3;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Hex of the first bytes: `0a ff 10 …`. */
export function bytesPreview(bytes: Uint8Array, count = 12): string {
  const shown = Array.from(bytes.subarray(0, count), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > count ? `${shown} …` : shown;
}

/** A string as JSON writes it, with its bidi controls escaped too. */
function quoted(value: string): string {
  return escapeBidiControls(JSON.stringify(value));
}

function text(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return quoted(clip(value, MAX_TEXT));
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'absent';
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    default:
      break;
  }
  if (value === null) return 'null';
  if (value instanceof Date) return `Date ${dateText(value)}`;
  if (value instanceof Uint8Array) return `bytes(${value.length}) [${bytesPreview(value, 8)}]`;
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item: unknown) => text(item, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`… ${value.length - MAX_ITEMS} more`);
    return `[${items.join(', ')}]`;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  const items = keys.slice(0, MAX_ITEMS).map((key) => {
    let inner: string;
    try {
      inner = text(object[key], depth + 1);
    } catch {
      inner = '(unreadable)';
    }
    return `${quoted(key)}: ${inner}`;
  });
  if (keys.length > MAX_ITEMS) items.push(`… ${keys.length - MAX_ITEMS} more`);
  return `{${items.join(', ')}}`;
}

/** A one-line text of `value`, at most a few hundred characters: `absent` for `undefined`. */
export function valueText(value: unknown): string {
  try {
    return clip(text(value, 0), MAX_TEXT * 3);
  } catch {
    return '(unreadable value)';
  }
}
