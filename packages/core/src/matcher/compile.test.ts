import { describe, expect, it } from 'vitest';
import { PatternError } from '../errors.js';
import { MAX_PATTERN_DEPTH, compilePattern } from './compile.js';
import { setMatcherCodegen } from './codegen.js';
import { and, any, empty, gt, match, not, oneOf, or } from './dsl.js';
import type { Pattern } from './pattern-form.js';

function patternErrorOf(pattern: unknown): PatternError {
  try {
    compilePattern(pattern as Pattern);
  } catch (error) {
    if (error instanceof PatternError) return error;
    throw error;
  }
  throw new Error('expected a PatternError');
}

describe('compilePattern validates once (spec §4)', () => {
  it.each([
    [{ a: { $lt: true } }, ['a', '$lt']],
    [{ a: [1, { $foo: 1 }] }, ['a', 1, '$foo']],
    [{ $and: [] }, ['$and']],
    [{ $or: 5 }, ['$or']],
    [{ $any: false }, ['$any']],
    [{ $empty: 1 }, ['$empty']],
    [{ $match: '(unclosed' }, ['$match']],
    [{ $match: 5 }, ['$match']],
    [{ $match: { $gt: 1 } }, ['$match']],
    [{ $neq: { $match: 'a' } }, ['$neq']],
    [{ $date: '2020-13-01' }, ['$date']],
    [{ $datetime: 'yesterday' }, ['$datetime']],
    [{ $date: '2020-01-01T00:00:00' }, ['$date']],
    [{ when: { $date: '2020-01-01', $gt: 1 } }, ['when']],
    [{ $gt: 5, a: 1 }, []],
    [{ $: 1 }, ['$']],
    [{ $lambda: 'is_even' }, ['$lambda']],
    [{ $in: 'ab' }, ['$in']],
    [{ a: undefined }, ['a']],
    [{ a: new Map() }, ['a']],
    [{ a: new Date(NaN) }, ['a']],
  ])('%j is a PatternError at %j', (pattern, path) => {
    const error = patternErrorOf(pattern);
    expect(error.code).toBe('PATTERN_INVALID');
    expect(error.path).toEqual(path);
  });

  it('says what to do in its messages', () => {
    expect(patternErrorOf({ $match: '(?i)abc' }).message).toMatch(/not a valid JavaScript regular expression.*\(\?i\)/);
    expect(patternErrorOf({ $foo: 1 }).message).toMatch(/unknown operator "\$foo".*"\$\$foo"/);
    expect(patternErrorOf({ $gt: 5, a: 1 }).message).toMatch(/cannot share one object/);
    expect(patternErrorOf({ $gt: 'a' }).message).toMatch(/\$gt takes a number, a bigint or a date/);
  });

  it('rejects a pattern that contains itself', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.a = cyclic;
    expect(patternErrorOf(cyclic).path).toEqual(['a']);
  });

  it('accepts the same sub-pattern twice (a DAG is not a cycle)', () => {
    const shared = { id: gt(0) };
    expect(compilePattern({ a: shared, b: [shared] }).test({ a: { id: 1 }, b: [{ id: 2 }] })).toBe(true);
  });
});

describe('code-only patterns (spec §4)', () => {
  it('a RegExp is tested like $match, anchored at index 0, with its own flags', () => {
    const p = compilePattern({ name: /user:/i });
    expect(p.test({ name: 'USER:login' })).toBe(true);
    expect(p.test({ name: 'x user:' })).toBe(false);
    expect(p.test({ name: 5 })).toBe(false);
  });

  it('a Date is a {$datetime}', () => {
    const p = compilePattern(new Date('2020-05-04T15:52:01.500Z'));
    expect(p.test('2020-05-04T15:52:01Z')).toBe(true);
    expect(p.test(new Date('2020-05-04T15:52:01.999Z'))).toBe(true);
    expect(p.test('2020-05-04')).toBe(true);
    expect(p.test('2020-05-04T15:52:02Z')).toBe(false);
  });

  it('a Uint8Array is byte equality', () => {
    const p = compilePattern(new Uint8Array([1, 2]));
    expect(p.test(new Uint8Array([1, 2]))).toBe(true);
    expect(p.test(new Uint8Array([1, 2, 3]))).toBe(false);
    expect(p.test([1, 2])).toBe(false);
  });

  it('bigints compare exactly with numbers (spec §5.2)', () => {
    expect(compilePattern(gt(9007199254740992)).test(9007199254740993n)).toBe(true);
    expect(compilePattern({ $lt: 9007199254740993n }).test(9007199254740992)).toBe(true);
    expect(compilePattern(9007199254740993n).test(9007199254740992)).toBe(false);
    expect(compilePattern({ $gt: 2n }).test(2.5)).toBe(true);
    expect(compilePattern({ $lt: 3n }).test(2.5)).toBe(true);
    expect(compilePattern({ $gt: 2n }).test(1.5)).toBe(false);
    expect(compilePattern({ $gt: 10n ** 30n }).test(Infinity)).toBe(true);
  });

  it('a predicate gets undefined for an absent key, and a throw is a non-match', () => {
    const seen: unknown[] = [];
    const p = compilePattern({ a: (v) => (seen.push(v), true) });
    expect(p.test({})).toBe(true);
    expect(seen).toEqual([undefined]);
    const boom = compilePattern(
      not(() => {
        throw new Error('boom');
      }),
    );
    expect(boom.test(1)).toBe(true);
  });
});

describe('own properties only (spec §5.5)', () => {
  it('inherited keys are absent', () => {
    expect(compilePattern({ constructor: any() }).test({})).toBe(false);
    expect(compilePattern({ toString: empty() }).test({})).toBe(true);
    expect(compilePattern({ hasOwnProperty: any() }).test({ a: 1 })).toBe(false);
  });

  it('an own "__proto__" key is an ordinary key, on both sides', () => {
    const pattern = JSON.parse('{"__proto__": {"x": 1}}') as Pattern;
    expect(compilePattern(pattern).test(JSON.parse('{"__proto__": {"x": 1}}'))).toBe(true);
    expect(compilePattern(pattern).test({ x: 1 })).toBe(false);
  });

  it('a polluted Object.prototype does not make keys present', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.isAdmin = true;
    try {
      expect(compilePattern({ isAdmin: true }).test({})).toBe(false);
    } finally {
      delete proto.isAdmin;
    }
  });

  it('"$$" escapes a data key that starts with "$"', () => {
    expect(compilePattern({ $$ref: 1 }).test({ $ref: 1 })).toBe(true);
    expect(compilePattern({ $$ref: 1 }).test({ $$ref: 1 })).toBe(false);
  });

  it('a throwing getter fails its key without throwing', () => {
    const value = Object.defineProperty({ b: 1 }, 'a', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    expect(compilePattern({ a: any() }).test(value)).toBe(false);
    expect(compilePattern(not({ a: any() })).test(value)).toBe(true);
    const explanation = compilePattern({ a: any(), b: 2 }).explain(value);
    expect(explanation.match).toBe(false);
    expect(explanation.failures).toEqual([
      { path: ['a'], expected: 'present', actual: undefined, error: new Error('getter') },
      { path: ['b'], expected: '2', actual: 1 },
    ]);
  });
});

describe('explain (spec §4)', () => {
  it('says that a $match regex matches from the start of the string', () => {
    const p = compilePattern({ email: match('example') });
    expect(p.test({ email: 'a@example.com' })).toBe(false);
    expect(p.test({ email: 'example.com' })).toBe(true);
    expect(compilePattern({ email: match('.*example') }).test({ email: 'a@example.com' })).toBe(true);
    expect(p.explain({ email: 'a@example.com' }).failures).toEqual([
      { path: ['email'], expected: 'matches /example/ from the start', actual: 'a@example.com' },
    ]);
  });

  it('lists every failing path with what was expected and what was found', () => {
    const p = compilePattern({
      type: match('^user:'),
      user: { id: gt(0), email: not(match('test@')), tags: oneOf('a', 'b') },
      missing: any(),
    });
    const explanation = p.explain({ type: 'spam', user: { id: 0, email: 'test@x.com', tags: ['a'] } });
    expect(explanation.match).toBe(false);
    expect(explanation.failures).toEqual([
      { path: ['type'], expected: 'matches /^user:/ from the start', actual: 'spam' },
      { path: ['user', 'id'], expected: '> 0', actual: 0 },
      { path: ['user', 'email'], expected: 'not matches /test@/ from the start', actual: 'test@x.com' },
      { path: ['user', 'tags'], expected: 'one of ["a", "b"]', actual: ['a'] },
      { path: ['missing'], expected: 'present', actual: undefined },
    ]);
  });

  it('says which array items are missing and which elements are not allowed', () => {
    const explanation = compilePattern({ tags: ['a', 'b'] }).explain({ tags: ['a', 'c'] });
    expect(explanation.failures).toEqual([
      { path: ['tags'], expected: 'an element matching "b"', actual: ['a', 'c'] },
      { path: ['tags', 1], expected: 'an element allowed by ["a", "b"]', actual: 'c' },
    ]);
  });

  it('reports the error of a throwing predicate', () => {
    const error = new RangeError('division by zero');
    const explanation = compilePattern({
      a: function divides() {
        throw error;
      },
    }).explain({ a: 1 });
    expect(explanation.failures).toEqual([{ path: ['a'], expected: 'accepted by predicate divides', actual: 1, error }]);
  });

  it('explains $or and dates in one line each', () => {
    expect(compilePattern(or(1, 'a')).explain(2).failures).toEqual([
      { path: [], expected: 'any of: 1 | "a"', actual: 2 },
    ]);
    expect(compilePattern({ at: { $gte: { $date: '2020-01-01' } } }).explain({ at: '2019-12-31' }).failures).toEqual([
      { path: ['at'], expected: '>= the date 2020-01-01', actual: '2019-12-31' },
    ]);
  });

  it('returns no failures for a match', () => {
    expect(compilePattern(and(gt(1), 5)).explain(5)).toEqual({ match: true, failures: [] });
  });
});

describe('specialized paths agree with the spec', () => {
  it('$oneOf of strings never matches an array', () => {
    expect(compilePattern(oneOf('a', 'b')).test(['a'])).toBe(false);
    expect(compilePattern(oneOf('a', 'b')).test('b')).toBe(true);
  });

  it('a fully literal regex behaves as startsWith', () => {
    expect(compilePattern(match('user\\.')).test('user.updated')).toBe(true);
    expect(compilePattern(match('user\\.')).test('userXupdated')).toBe(false);
    expect(compilePattern(match('')).test('')).toBe(true);
  });
});

describe('hostile patterns', () => {
  function nested(depth: number, wrap: (inner: unknown) => unknown): unknown {
    let pattern: unknown = 1;
    for (let i = 0; i < depth; i++) pattern = wrap(pattern);
    return pattern;
  }
  const shapes: Array<[string, (inner: unknown) => unknown]> = [
    ['objects', (inner) => ({ a: inner })],
    ['$not', (inner) => ({ $not: inner })],
    ['arrays', (inner) => [inner]],
    ['$or', (inner) => ({ $or: [inner] })],
  ];

  it.each(shapes)('compiles %s nested up to MAX_PATTERN_DEPTH steps, in closures and generated code', (name, wrap) => {
    const pattern = nested(name === '$or' ? MAX_PATTERN_DEPTH / 2 : MAX_PATTERN_DEPTH, wrap) as Pattern;
    setMatcherCodegen('eager');
    try {
      const compiled = compilePattern(pattern);
      expect(typeof compiled.test(pattern)).toBe('boolean');
      expect(typeof compiled.explain(1).match).toBe('boolean');
    } finally {
      setMatcherCodegen('auto');
    }
  });

  it.each(shapes)('refuses %s nested deeper with a PatternError naming the path, at 100,000 levels too', (_name, wrap) => {
    for (const depth of [MAX_PATTERN_DEPTH + 1, 100_000]) {
      // Arrays of one item nest one step per level ([x]), $or two ({"$or": [x]}), objects one.
      let error: unknown;
      try {
        compilePattern(nested(depth, wrap) as Pattern);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PatternError);
      expect((error as PatternError).code).toBe('PATTERN_INVALID');
      expect((error as PatternError).message).toContain(`nested too deeply: more than ${MAX_PATTERN_DEPTH} levels`);
      expect((error as PatternError).path.length).toBeGreaterThanOrEqual(MAX_PATTERN_DEPTH);
    }
  });

  it('tests nested array patterns once per (element, item) pair: 200 levels answer at once, not in 2^200 steps', () => {
    // Each level: the nested array and a 2; testing both directions separately recursed twice per level.
    const pattern = nested(200, (inner) => [inner, 2]) as Pattern;
    const value = nested(200, (inner) => [inner, 2]);
    for (const mode of ['off', 'eager'] as const) {
      setMatcherCodegen(mode);
      try {
        expect(compilePattern(pattern).test(value)).toBe(true);
        expect(compilePattern(pattern).test(nested(200, (inner) => [2, inner, 3]))).toBe(false);
      } finally {
        setMatcherCodegen('auto');
      }
    }
  });
});
