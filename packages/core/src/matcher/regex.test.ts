import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMatchRegex, compileRegExpValue, literalPrefixOf } from './regex.js';

/** The spec's own wording (§5.3): the match must start at index 0 — the leftmost match is at 0. */
function matchesAtStart(source: string, flags: string, text: string): boolean {
  const found = new RegExp(source, flags).exec(text);
  return found !== null && found.index === 0;
}

describe('$match regexes (spec §5.3)', () => {
  it('match at index 0 and may end anywhere', () => {
    expect(compileMatchRegex('abc').test('abcdef')).toBe(true);
    expect(compileMatchRegex('abc').test('xabc')).toBe(false);
    expect(compileMatchRegex('a|b').test('b…')).toBe(true);
    expect(compileMatchRegex('abc$').test('abc\n')).toBe(false);
  });

  it('reject Python-only syntax as invalid JavaScript', () => {
    expect(() => compileMatchRegex('(?i)abc')).toThrow(SyntaxError);
    expect(() => compileMatchRegex('(?P<n>a)')).toThrow(SyntaxError);
  });

  it('treat \\A and \\Z as the letters A and Z (Annex B)', () => {
    expect(compileMatchRegex('\\Aa\\Z').test('AaZ')).toBe(true);
  });

  it('test a RegExp value with its own flags, anchored at 0, whatever its lastIndex', () => {
    const re = /user/gi;
    re.lastIndex = 3;
    const compiled = compileRegExpValue(re);
    expect(compiled.test('USER:1')).toBe(true);
    expect(compiled.test('USER:1')).toBe(true);
    expect(compiled.test('a user')).toBe(false);
    expect(compiled.text).toBe('/user/gi');
  });

  it('agree with "the leftmost match starts at 0" on generated regexes', () => {
    const tokens = ['a', 'b', '\\.', '.', '+', '*', '?', '|', '(', ')', '^', '$', '[ab]', '{2}', '\\d', '1', 'ab'];
    const source = fc.array(fc.constantFrom(...tokens), { maxLength: 6 }).map((t) => t.join(''));
    const text = fc.array(fc.constantFrom('a', 'b', '.', '1', 'x'), { maxLength: 6 }).map((t) => t.join(''));
    fc.assert(
      fc.property(source, fc.array(text, { maxLength: 8 }), (src, texts) => {
        let compiled;
        try {
          compiled = compileMatchRegex(src);
        } catch {
          return;
        }
        for (const t of texts) expect(compiled.test(t)).toBe(matchesAtStart(src, '', t));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('literalPrefixOf', () => {
  it.each([
    ['user\\.updated', 'user.updated', true],
    ['^user:', 'user:', true],
    ['', '', true],
    ['user:login:(.*)', 'user:login:', false],
    ['ab+c', 'ab', false],
    ['ab*c', 'a', false],
    ['ab?', 'a', false],
    ['ab{2}', 'a', false],
    ['a|b', '', false],
    ['(a|b)c', '', false],
    ['ab(c|d)', 'ab', false],
    ['a[|]b', 'a', false],
    ['\\d+', '', false],
    ['a\\.?', 'a', false],
    ['x$', 'x', false],
  ])('%s starts with %j (complete: %s)', (source, text, complete) => {
    expect(literalPrefixOf(source)).toEqual({ text, complete });
  });

  it('keeps a surrogate pair whole', () => {
    expect(literalPrefixOf('a😀*')).toEqual({ text: 'a', complete: false });
  });
});
