/**
 * Loads the shared test vectors (a copy of `../shared/spec/vectors-public.json`, kept in
 * `fixtures/` so a clone tests itself) and converts their tagged values (see the file's `meta`).
 */
import { readFileSync } from 'node:fs';
import { parseIsoDateTime } from '../src/time/iso-datetime.js';

const fixture = new URL('./fixtures/vectors-public.json', import.meta.url);

/** The parsed vectors file; see its `meta.formats` for the shape of each kind. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const vectors: any = JSON.parse(readFileSync(fixture, 'utf8'));

/** The predicates the vectors name with `{"$lambda": name}` (meta.patternForm.lambdas). */
export const lambdas: Record<string, (x: unknown) => unknown> = Object.fromEntries(
  Object.entries(vectors.meta.patternForm.lambdas as Record<string, string>).map(([name, src]) => [
    name,
    new Function(`return (${src});`)() as (x: unknown) => unknown,
  ]),
);

function bytesFromBase64(b64: string): Uint8Array {
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

function floatOf(tag: string): number {
  switch (tag) {
    case 'nan':
      return NaN;
    case 'inf':
      return Infinity;
    case '-inf':
      return -Infinity;
    case '-0.0':
      return -0;
    default:
      throw new Error(`unknown $float tag ${tag}`);
  }
}

function isTag(value: Record<string, unknown>, tag: string): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === tag;
}

function convert(value: unknown, inPattern: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => convert(v, inPattern));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  if (isTag(obj, '$bigint')) return BigInt(obj.$bigint as string);
  if (isTag(obj, '$float')) return floatOf(obj.$float as string);
  if (isTag(obj, '$bytes')) return bytesFromBase64(obj.$bytes as string);
  if (!inPattern && isTag(obj, '$datetime')) {
    // Naive date-times are UTC (meta.valueTags), so parse with core's own strict parser.
    const parsed = parseIsoDateTime(obj.$datetime as string);
    if (parsed === undefined) throw new Error(`bad $datetime tag ${String(obj.$datetime)}`);
    return new Date(parsed.epochMs);
  }
  if (inPattern && isTag(obj, '$lambda')) {
    const fn = lambdas[obj.$lambda as string];
    if (fn === undefined) throw new Error(`unknown $lambda ${String(obj.$lambda)}`);
    return fn;
  }
  // Object.fromEntries defines own properties: a "__proto__" key stays an ordinary data key.
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, convert(v, inPattern)]));
}

/** Converts a tagged value: `$bigint`, `$float`, `$bytes` and `$datetime` (→ `Date`). */
export function untagValue(value: unknown): unknown {
  return convert(value, false);
}

/** Converts a tagged pattern: `$lambda`, `$bigint`, `$float`, `$bytes`; `$date`/`$datetime` stay. */
export function untagPattern(value: unknown): unknown {
  return convert(value, true);
}
