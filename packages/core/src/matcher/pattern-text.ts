/**
 * How patterns read in explanations (`expected` texts, spec §4): short, JSON-like, bounded in size.
 */

const MAX_TEXT = 80;
const MAX_ITEMS = 6;

function shorten(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT - 1)}…`;
}

function hex(bytes: Uint8Array): string {
  const shown = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > 8 ? `${shown} …` : shown;
}

function text(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT - 1)}…` : value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'function':
      return value.name === '' ? 'a predicate' : `predicate ${value.name}`;
    case 'symbol':
      return 'a symbol';
    case 'object':
      break;
  }
  if (value === null) return 'null';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof RegExp) return String(value);
  if (value instanceof Uint8Array) return `bytes [${hex(value)}]`;
  if (depth >= 3) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => text(item, depth + 1));
    if (value.length > MAX_ITEMS) items.push('…');
    return `[${items.join(', ')}]`;
  }
  const keys = Object.keys(value);
  const members = keys.slice(0, MAX_ITEMS).map((key) => {
    const member = (value as Record<string, unknown>)[key];
    return `${JSON.stringify(key)}: ${text(member, depth + 1)}`;
  });
  if (keys.length > MAX_ITEMS) members.push('…');
  return `{${members.join(', ')}}`;
}

/** A pattern (or a part of one) as a short JSON-like text: `"abc"`, `5`, `5n`, `[1, 2]`, `{"a": 1}`. */
export function patternText(pattern: unknown): string {
  return shorten(text(pattern, 0));
}
