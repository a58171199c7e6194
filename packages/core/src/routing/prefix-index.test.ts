import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PrefixIndex } from './prefix-index.js';

describe('PrefixIndex', () => {
  it('finds every registered prefix of a value, nested ones included', () => {
    const index = new PrefixIndex<string>();
    for (const p of ['a', 'ab', 'abc', 'abd', 'b', 'ac']) index.add(p, p);
    const found = (value: string) => {
      const out: string[][] = [];
      index.collect(value, out);
      return out.flat().sort();
    };
    expect(found('abde')).toEqual(['a', 'ab', 'abd']);
    expect(found('ab')).toEqual(['a', 'ab']);
    expect(found('aa')).toEqual(['a']);
    expect(found('c')).toEqual([]);
    expect(found('')).toEqual([]);
  });

  it('agrees with checking every prefix, on generated prefixes and values', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '.', '\uffff', '\ud83d', '\ude00'), maxLength: 5 });
    fc.assert(
      fc.property(fc.array(text, { maxLength: 12 }), fc.array(text, { maxLength: 8 }), (prefixes, values) => {
        const index = new PrefixIndex<string>();
        prefixes.forEach((p) => index.add(p, p));
        for (const value of values) {
          const out: string[][] = [];
          index.collect(value, out);
          const expected = [...new Set(prefixes)].filter((p) => value.startsWith(p));
          expect(out.map((bucket) => bucket[0]).sort()).toEqual(expected.sort());
        }
      }),
      { numRuns: 3000 },
    );
  });
});
