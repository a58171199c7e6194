/**
 * Numbers in matching (spec §5.2, M3): which values count as numbers, and exact comparison
 * between numbers and bigints.
 */

/** Decimal syntax only, checked after `trim()`: `5`, `+5`, `5.`, `.5`, `1e2`; not `0x10`, `1_0`, `inf`. */
const NUMERIC_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Converts a numeric string (§5.2) with `Number()`, after `String.prototype.trim()`;
 * `undefined` when the text is not in decimal syntax.
 */
export function numberFromText(text: string): number | undefined {
  const trimmed = text.trim();
  return NUMERIC_TEXT.test(trimmed) ? Number(trimmed) : undefined;
}

/**
 * The numeric value of a matched value: a number, a bigint, or a numeric string converted;
 * `undefined` for anything else (booleans, `null`, absent, arrays, objects, Dates).
 */
export function numericValueOf(value: unknown): number | bigint | undefined {
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return value;
    case 'string':
      return numberFromText(value);
    default:
      return undefined;
  }
}

/** Compares a number with a bigint by exact mathematical value: -1, 0, 1, or NaN for NaN. */
function compareNumberToBigint(x: number, b: bigint): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 1;
  if (x === -Infinity) return -1;
  if (Number.isInteger(x)) {
    const bx = BigInt(x);
    return bx < b ? -1 : bx > b ? 1 : 0;
  }
  // x lies strictly between floor(x) and floor(x) + 1, and b is an integer: x < b iff floor(x) < b.
  return BigInt(Math.floor(x)) < b ? -1 : 1;
}

/**
 * Compares two numbers or bigints by exact mathematical value
 * (`9007199254740992 < 9007199254740993n`): -1, 0, 1, or NaN when either is NaN.
 */
export function compareNumeric(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'number') {
    if (typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
    return compareNumberToBigint(a, b);
  }
  if (typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const reversed = compareNumberToBigint(b, a);
  return reversed === 0 ? 0 : -reversed;
}

/**
 * Compares a matched value with a number or bigint pattern (§5.2): -1, 0 or 1 when the value is a
 * number, a bigint or a numeric string; NaN when it is not numeric (or is NaN).
 */
export function compareValueToNumeric(value: unknown, pattern: number | bigint): number {
  const numeric = numericValueOf(value);
  return numeric === undefined ? NaN : compareNumeric(numeric, pattern);
}
