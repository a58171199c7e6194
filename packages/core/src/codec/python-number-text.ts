/**
 * Numbers as the canonical JSON writes them (spec §1.3): integral values with all their digits,
 * other finite values in Python `repr` form.
 */

/**
 * Python `repr` of a finite, non-integral double: the shortest round-trip digits, in positional
 * notation when the decimal exponent is in [-4, 16), scientific otherwise (`1e-07`, `1.5e-10`).
 */
export function pythonFloatRepr(x: number): string {
  const exponential = x.toExponential(); // shortest round-trip digits, e.g. "-1.5e-10"
  const eIndex = exponential.indexOf('e');
  const exponent = Number(exponential.slice(eIndex + 1));
  if (exponent >= -4 && exponent < 16) return String(x); // JS is positional in this range too
  const mantissa = exponential.slice(0, eIndex);
  const sign = exponent < 0 ? '-' : '+';
  const digits = String(Math.abs(exponent)).padStart(2, '0');
  return `${mantissa}e${sign}${digits}`;
}

/**
 * The JSON text of a finite number or a bigint: integral values with every digit
 * (`1.0` → `1`, `-0` → `0`, `1e16` → `10000000000000000`), others as {@link pythonFloatRepr}.
 * Returns `undefined` for NaN and ±Infinity, which JSON cannot carry.
 */
export function canonicalNumberText(x: number | bigint): string | undefined {
  if (typeof x === 'bigint') return x.toString();
  if (!Number.isFinite(x)) return undefined;
  if (Number.isInteger(x)) {
    return Number.isSafeInteger(x) ? (x === 0 ? '0' : String(x)) : BigInt(x).toString();
  }
  return pythonFloatRepr(x);
}
