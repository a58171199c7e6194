import { describe, expect, it } from 'vitest';
import { and, any, empty, eq, gt, gte, lt, lte, match, neq, not, oneOf, or } from './dsl.js';

describe('DSL helpers return the JSON form (spec §4)', () => {
  it('builds plain data, the same as a pattern typed in the inspector', () => {
    const built = {
      a: eq('x'),
      b: neq(5),
      c: and(gt(1), gte(2n), lt({ $date: '2020-01-01' }), lte(new Date(0))),
      d: or(match('^user:'), match(true), match(null), match([1, 2])),
      e: oneOf('a', 1, null),
      f: not(any()),
      g: empty(),
    };
    const typed = {
      a: { $eq: 'x' },
      b: { $neq: 5 },
      c: { $and: [{ $gt: 1 }, { $gte: 2n }, { $lt: { $date: '2020-01-01' } }, { $lte: new Date(0) }] },
      d: { $or: [{ $match: '^user:' }, { $match: true }, { $match: null }, { $match: [1, 2] }] },
      e: { $oneOf: ['a', 1, null] },
      f: { $not: { $any: true } },
      g: { $empty: true },
    };
    expect(built).toEqual(typed);
  });

  it('rejects arguments the form does not take, at compile time of the TypeScript', () => {
    // @ts-expect-error: $match takes no numbers
    match(5);
    // @ts-expect-error: $and needs at least one pattern
    and();
  });
});
