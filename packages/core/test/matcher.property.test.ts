/**
 * Property tests of the matcher (spec §4–§5):
 * - the compiled matcher agrees with a small, obviously-correct interpreter written here straight
 *   from the spec (it re-reads the pattern for every value and uses different arithmetic);
 * - `explain` agrees with `test`, with failures exactly when it does not match;
 * - the laws of `not`, `neq`, `and`, `or`;
 * - `test` and `explain` never throw, whatever the value (hostile ones included);
 * - the generated `test` (codegen.ts) agrees with the closures, hostile keys and a polluted
 *   `Object.prototype` included.
 *
 * Run with `globalThis.SQS_MEGA_CODEGEN = 'off'` (see codegen.ts) to test the closures alone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateTest } from '../src/matcher/codegen.js';
import { compileNode, newCompileContext } from '../src/matcher/compile.js';
import { and, compilePattern, matcherCodegenEnabled, neq, not, or, setMatcherCodegen } from '../src/matcher/index.js';
import type { Pattern } from '../src/matcher/index.js';
import { parseIsoDate, parseIsoDateTime, parseIsoDateValue, utcDayNumber } from '../src/time/iso-datetime.js';

// ---------------------------------------------------------------------------------------------
// The reference interpreter

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** An exact fraction [numerator, denominator] of a finite number (doubling is exact). */
function fraction(x: number): [bigint, bigint] {
  let denominator = 1n;
  while (!Number.isInteger(x)) {
    x *= 2;
    denominator *= 2n;
  }
  return [BigInt(x), denominator];
}

/** Exact comparison of two numbers/bigints: -1, 0, 1, or NaN. */
function compareExact(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'number' && Number.isNaN(a)) return NaN;
  if (typeof b === 'number' && Number.isNaN(b)) return NaN;
  if (a === Infinity || b === -Infinity) return a === b ? 0 : 1;
  if (a === -Infinity || b === Infinity) return a === b ? 0 : -1;
  const [an, ad] = typeof a === 'bigint' ? [a, 1n] : fraction(a);
  const [bn, bd] = typeof b === 'bigint' ? [b, 1n] : fraction(b);
  const left = an * bd;
  const right = bn * ad;
  return left < right ? -1 : left > right ? 1 : 0;
}

function numericOf(v: unknown): number | bigint | undefined {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : undefined;
}

function compareNumbers(v: unknown, p: number | bigint): number {
  const n = numericOf(v);
  return n === undefined ? NaN : compareExact(n, p);
}

type RefDate = { dateOnly: boolean; day: number; seconds: number };

function refPatternDate(p: unknown): RefDate | undefined {
  if (p instanceof Date) return { dateOnly: false, day: utcDayNumber(p.getTime()), seconds: Math.floor(p.getTime() / 1000) };
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return undefined;
  const o = p as Record<string, unknown>;
  if (own(o, '$date')) return { dateOnly: true, day: parseIsoDate(o.$date as string)!.dayNumber, seconds: NaN };
  if (own(o, '$datetime')) {
    const t = parseIsoDateTime(o.$datetime as string)!;
    return { dateOnly: false, day: t.dayNumber, seconds: Math.floor(t.epochMs / 1000) };
  }
  return undefined;
}

function compareDates(v: unknown, p: RefDate): number {
  let value: RefDate;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return NaN;
    value = { dateOnly: false, day: utcDayNumber(v.getTime()), seconds: Math.floor(v.getTime() / 1000) };
  } else if (typeof v === 'string') {
    const parsed = parseIsoDateValue(v);
    if (parsed === undefined) return NaN;
    value =
      parsed.kind === 'date'
        ? { dateOnly: true, day: parsed.dayNumber, seconds: NaN }
        : { dateOnly: false, day: parsed.dayNumber, seconds: Math.floor(parsed.epochMs / 1000) };
  } else {
    return NaN;
  }
  const [a, b] = value.dateOnly || p.dateOnly ? [value.day, p.day] : [value.seconds, p.seconds];
  return Math.sign(a - b);
}

function regexMatchesAtStart(re: RegExp, v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const found = new RegExp(re.source, re.flags.replace(/[gy]/g, '')).exec(v);
  return found !== null && found.index === 0;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return (
    typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array)
  );
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return isPlain(v) && Object.keys(v).length === 0;
}

function interpretOperator(op: string, arg: unknown, v: unknown): boolean {
  switch (op) {
    case '$eq':
      return interpret(arg, v);
    case '$neq':
      return !interpret(arg, v);
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      const date = refPatternDate(arg);
      const c = date === undefined ? compareNumbers(v, arg as number | bigint) : compareDates(v, date);
      return op === '$gt' ? c > 0 : op === '$gte' ? c >= 0 : op === '$lt' ? c < 0 : c <= 0;
    }
    case '$match':
      if (typeof arg === 'string') return regexMatchesAtStart(new RegExp(arg), v);
      if (typeof arg === 'boolean') return v === arg || (typeof v === 'string' && v.toLowerCase() === String(arg));
      if (arg === null) return isEmpty(v);
      if (Array.isArray(arg)) {
        if (Array.isArray(v)) return arg.every((p) => v.some((x) => interpret(p, x)));
        const scalar = ['string', 'number', 'bigint', 'boolean'].includes(typeof v) || v instanceof Date;
        return scalar && arg.some((p) => interpret(p, v));
      }
      return interpret(arg, v);
    case '$oneOf':
    case '$in':
      return !Array.isArray(v) && (arg as unknown[]).some((p) => interpret(p, v));
    case '$not':
      return !interpret(arg, v);
    case '$and':
      return (arg as unknown[]).every((p) => interpret(p, v));
    case '$or':
      return (arg as unknown[]).some((p) => interpret(p, v));
    case '$any':
      return v !== undefined;
    case '$empty':
      return isEmpty(v);
    default:
      throw new Error(`the generator made an unknown operator ${op}`);
  }
}

/** The spec (§5), read literally: re-walks the pattern for every value. */
function interpret(p: unknown, v: unknown): boolean {
  if (typeof p === 'function') {
    try {
      return Boolean((p as (x: unknown) => unknown)(v));
    } catch {
      return false;
    }
  }
  if (typeof p === 'number' || typeof p === 'bigint') return compareNumbers(v, p) === 0;
  if (typeof p !== 'object' || p === null) return v === p;
  if (p instanceof RegExp) return regexMatchesAtStart(p, v);
  if (Array.isArray(p)) {
    return (
      Array.isArray(v) && p.every((pi) => v.some((vi) => interpret(pi, vi))) && v.every((vi) => p.some((pi) => interpret(pi, vi)))
    );
  }
  const date = refPatternDate(p);
  if (date !== undefined) return compareDates(v, date) === 0;
  const keys = Object.keys(p);
  const o = p as Record<string, unknown>;
  if (keys.some((k) => k.startsWith('$') && !k.startsWith('$$'))) {
    return keys.every((k) => interpretOperator(k, o[k], v));
  }
  if (!isPlain(v)) return false;
  return keys.every((k) => {
    const dataKey = k.startsWith('$$') ? k.slice(1) : k;
    return interpret(o[k], own(v, dataKey) ? v[dataKey] : undefined);
  });
}

// ---------------------------------------------------------------------------------------------
// Generators: small universes, so that matches are frequent

const strings = ['a', 'b', 'ab', 'aab', 'abc', 'a1', '', ' ', '5', ' 5 ', '5.0', '+5', '.5', '1e2', 'true', 'TRUE', 'False', 'x1'];
const dateStrings = ['2020-01-01', '2020-01-02', '2020-01-01T10:00:00Z', '2020-01-01T23:30:00-05:00', '2019-12-31T23:59:59.999'];
const numbers = [0, -0, 5, -1, 0.5, 100, 2.5, NaN, Infinity, -Infinity, 9007199254740992];
const bigints = [5n, 0n, -1n, 9007199254740993n, 100n];
const keys = ['a', 'b', '$c', 'constructor', '__proto__'];

const scalarValue = fc.oneof(
  fc.constantFrom<unknown>(...strings, ...dateStrings),
  fc.constantFrom<unknown>(...numbers, ...bigints),
  fc.constantFrom<unknown>(true, false, null, undefined),
  fc.constantFrom<unknown>(new Date('2020-01-01T10:00:00.600Z'), new Date('2020-01-02T03:00:00Z'), new Date(NaN)),
  fc.constantFrom<unknown>(new Uint8Array([1, 2]), new Uint8Array([])),
);

/** Builds an object with own properties only (a "__proto__" key stays a data key). */
function ownObject(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(object, k, { value: v, enumerable: true, writable: true, configurable: true });
  return object;
}

/** Values whose objects have keys from `valueKeys`. */
function valueArbitrary(valueKeys: readonly string[]): fc.Arbitrary<unknown> {
  return fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { arbitrary: scalarValue, weight: 6 },
      { arbitrary: fc.array(tie('value'), { maxLength: 3 }), weight: 1 },
      {
        arbitrary: fc.array(fc.tuple(fc.constantFrom(...valueKeys), tie('value')), { maxLength: 3 }).map(ownObject),
        weight: 2,
      },
    ),
  })).value;
}

const valueArb = valueArbitrary(keys);

const predicates: ((x: unknown) => unknown)[] = [
  (x) => x,
  (x) => typeof x === 'string' && x.length > 1,
  (x) => (x as { length: number }).length > 1,
  () => {
    throw new RangeError('boom');
  },
];

const literalPattern = fc.oneof(
  fc.constantFrom<Pattern>(...strings, ...dateStrings),
  fc.constantFrom<Pattern>(...numbers, ...bigints),
  fc.constantFrom<Pattern>(true, false, null),
);

const datePattern = fc.constantFrom<Pattern>(
  { $date: '2020-01-01' },
  { $date: '2020-01-02' },
  { $datetime: '2020-01-01T10:00:00Z' },
  { $datetime: '2020-01-01T10:00:00.900' },
  new Date('2020-01-01T10:00:00Z'),
);

const regexSources = ['a', '^a', 'a|b', '\\d+', '', 'x*', '(a)\\1', '5', 'tr', '[ab]+$', '2020-01', 'a+b', 'ab*', 'b?a', '\\.5', 'a\\d'];

/** Patterns whose object patterns have keys from `patternKeys` (data keys as written, "$$c" for "$c"). */
function patternArbitrary(patternKeys: readonly string[]): fc.Arbitrary<Pattern> {
  return fc.letrec<{ pattern: Pattern; value: Pattern; operator: [string, Pattern] }>((tie) => ({
    // A pattern that is not an operator object: what $eq, $neq and $match take.
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { arbitrary: literalPattern, weight: 5 },
      { arbitrary: datePattern, weight: 1 },
      { arbitrary: fc.array(tie('pattern'), { maxLength: 3 }), weight: 1 },
      {
        arbitrary: fc
          .array(fc.tuple(fc.constantFrom(...patternKeys), tie('pattern')), { maxLength: 3 })
          .map((entries) => ownObject(entries) as Pattern),
        weight: 2,
      },
    ),
    operator: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.tuple(fc.constantFrom('$eq', '$neq'), tie('value')),
      fc.tuple(fc.constantFrom('$gt', '$gte', '$lt', '$lte'), fc.oneof(fc.constantFrom<Pattern>(...numbers, ...bigints), datePattern)),
      fc.tuple(
        fc.constant('$match'),
        fc.oneof(
          fc.constantFrom<Pattern>(...regexSources, true, false, null),
          fc.array(tie('pattern'), { maxLength: 3 }),
          datePattern,
        ),
      ),
      fc.tuple(fc.constantFrom('$oneOf', '$in'), fc.array(tie('pattern'), { maxLength: 3 })),
      fc.tuple(fc.constant('$not'), tie('pattern')),
      fc.tuple(fc.constantFrom('$and', '$or'), fc.array(tie('pattern'), { minLength: 1, maxLength: 3 })),
      fc.tuple(fc.constantFrom('$any', '$empty'), fc.constant<Pattern>(true)),
    ),
    pattern: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { arbitrary: tie('value'), weight: 6 },
      {
        arbitrary: fc.array(tie('operator'), { minLength: 1, maxLength: 2 }).map((ops) => ownObject(ops) as Pattern),
        weight: 5,
      },
      { arbitrary: fc.constantFrom(...predicates), weight: 1 },
      { arbitrary: fc.constantFrom<Pattern>(/a/i, /^\d/, /b|a/), weight: 1 },
    ),
  })).pattern;
}

const patternArb = patternArbitrary(['a', 'b', '$$c', 'constructor', '__proto__']);

const runs = { numRuns: 3000 };

// ---------------------------------------------------------------------------------------------

describe('the compiled matcher agrees with the reference interpreter', () => {
  it('on generated patterns and values', () => {
    fc.assert(
      fc.property(patternArb, fc.array(valueArb, { minLength: 1, maxLength: 5 }), (pattern, values) => {
        const compiled = compilePattern(pattern);
        for (const value of values) expect(compiled.test(value)).toBe(interpret(pattern, value));
      }),
      runs,
    );
  });

  it('explain(v).match equals test(v), with failures exactly when it does not match', () => {
    fc.assert(
      fc.property(patternArb, valueArb, (pattern, value) => {
        const compiled = compilePattern(pattern);
        const explanation = compiled.explain(value);
        expect(explanation.match).toBe(compiled.test(value));
        expect(explanation.failures.length > 0).toBe(!explanation.match);
      }),
      runs,
    );
  });
});

describe('laws of not, neq, and, or', () => {
  it('not(p) is the negation of p, and not(not(p)) is p', () => {
    fc.assert(
      fc.property(patternArb, valueArb, (p, v) => {
        const base = compilePattern(p).test(v);
        expect(compilePattern(not(p)).test(v)).toBe(!base);
        expect(compilePattern(not(not(p))).test(v)).toBe(base);
      }),
      runs,
    );
  });

  it('neq(p) is not(p) for a value pattern', () => {
    fc.assert(
      fc.property(literalPattern, valueArb, (p, v) => {
        expect(compilePattern(neq(p)).test(v)).toBe(compilePattern(not(p)).test(v));
      }),
      runs,
    );
  });

  it('and/or are conjunction/disjunction, and De Morgan holds', () => {
    fc.assert(
      fc.property(patternArb, patternArb, valueArb, (p, q, v) => {
        const a = compilePattern(p).test(v);
        const b = compilePattern(q).test(v);
        expect(compilePattern(and(p, q)).test(v)).toBe(a && b);
        expect(compilePattern(or(p, q)).test(v)).toBe(a || b);
        expect(compilePattern(not(and(p, q))).test(v)).toBe(compilePattern(or(not(p), not(q))).test(v));
        expect(compilePattern(and(p)).test(v)).toBe(a);
      }),
      runs,
    );
  });
});

/** Objects that misbehave: throwing getters, own "__proto__"/"constructor" keys, cycles. */
function hostileValues(): unknown[] {
  const throwing: Record<string, unknown> = {};
  for (const k of ['a', 'b', '$c', 'constructor', '__proto__']) {
    Object.defineProperty(throwing, k, {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
  }
  const cyclic: Record<string, unknown> = { b: 1 };
  cyclic.a = cyclic;
  const cyclicArray: unknown[] = [1];
  cyclicArray.push(cyclicArray);
  const throwingArray: unknown[] = [1, 2];
  Object.defineProperty(throwingArray, 0, {
    get() {
      throw new Error('index getter');
    },
  });
  const fakeDate = Object.create(Date.prototype) as Date;
  return [
    throwing,
    { a: throwing, b: [throwing] },
    cyclic,
    cyclicArray,
    { a: cyclicArray },
    throwingArray,
    fakeDate,
    JSON.parse('{"__proto__": {"a": 1}, "constructor": {"$any": true}}'),
    Object.create(null),
    Symbol('s'),
    () => 1,
    new Map([['a', 1]]),
  ];
}

describe('test and explain never throw', () => {
  it('on arbitrary values', () => {
    fc.assert(
      fc.property(patternArb, fc.anything({ withBigInt: true, withDate: true, withTypedArray: true, withMap: true, withSet: true, withNullPrototype: true }), (p, v) => {
        const compiled = compilePattern(p);
        expect(typeof compiled.test(v)).toBe('boolean');
        expect(compiled.explain(v).match).toBe(compiled.test(v));
      }),
      runs,
    );
  });

  it('on hostile values (throwing getters, cycles, prototype keys)', () => {
    const hostile = hostileValues();
    fc.assert(
      fc.property(patternArb, (p) => {
        const compiled = compilePattern(p);
        for (const v of hostile) {
          expect(typeof compiled.test(v)).toBe('boolean');
          expect(compiled.explain(v).match).toBe(compiled.test(v));
        }
      }),
      { numRuns: 1000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Generated code against the closures

/** Keys that could break generated source if they were spliced into it, and prototype keys. */
const hostileKeys = [
  'a',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'x"y',
  "it's",
  'back\\slash\\',
  '</script><script>globalThis.pwned = 1</script>',
  'line\u2028separator\u2029',
  '"]; globalThis.pwned = 1; //',
  '${globalThis.pwned = 1}',
  '0',
  '',
];
/** The same keys as written in a pattern ("$…" data keys take one more "$"). */
const hostilePatternKeys = hostileKeys.map((k) => (k.startsWith('$') ? `$${k}` : k));

/** The closures' `test` (code generation off) and the generated one, for one pattern. */
function bothWays(pattern: Pattern): { closures: (v: unknown) => boolean; generated: (v: unknown) => boolean } {
  setMatcherCodegen('off');
  let closures: (v: unknown) => boolean;
  try {
    closures = compilePattern(pattern).test;
  } finally {
    setMatcherCodegen('auto');
  }
  const generated = generateTest(compileNode(pattern, [], newCompileContext()));
  if (generated === undefined) throw new Error('expected generated code for a small pattern');
  return { closures, generated };
}

/** Runs `fn` while Object.prototype has an enumerable property named `key` (pollution). */
function whilePolluted<T>(key: string, fn: () => T): T {
  Object.defineProperty(Object.prototype, key, { value: 'polluted', enumerable: true, configurable: true, writable: true });
  try {
    return fn();
  } finally {
    delete (Object.prototype as Record<string, unknown>)[key];
  }
}

describe.skipIf(!matcherCodegenEnabled())('generated test agrees with the closures', () => {
  it('on generated patterns and values', () => {
    fc.assert(
      fc.property(patternArb, fc.array(valueArb, { minLength: 1, maxLength: 5 }), (pattern, values) => {
        const { closures, generated } = bothWays(pattern);
        for (const value of values) expect(generated(value)).toBe(closures(value));
      }),
      runs,
    );
  });

  it('with hostile keys in patterns and values, and with Object.prototype polluted', () => {
    const hostilePatternArb = patternArbitrary(hostilePatternKeys);
    const hostileValueArb = valueArbitrary(hostileKeys);
    fc.assert(
      fc.property(
        hostilePatternArb,
        fc.array(hostileValueArb, { minLength: 1, maxLength: 5 }),
        fc.option(fc.constantFrom('a', 'x"y', '0'), { nil: undefined }),
        (pattern, values, pollutedKey) => {
          const { closures, generated } = bothWays(pattern);
          for (const value of values) {
            const check = () => expect(generated(value)).toBe(closures(value));
            if (pollutedKey === undefined) check();
            else whilePolluted(pollutedKey, check);
          }
          expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
        },
      ),
      runs,
    );
  });

  it('on hostile values (throwing getters, cycles, prototype keys) and arbitrary ones', () => {
    const hostile = hostileValues();
    fc.assert(
      fc.property(
        patternArb,
        fc.anything({ withBigInt: true, withDate: true, withTypedArray: true, withMap: true, withSet: true, withNullPrototype: true }),
        (pattern, anything) => {
          const { closures, generated } = bothWays(pattern);
          for (const value of [...hostile, anything]) expect(generated(value)).toBe(closures(value));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
