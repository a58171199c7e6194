/**
 * DSL helpers (spec §4): each returns the JSON form of an operator, so a pattern written in code and
 * one typed in the inspector are the same data. They do not validate; `compilePattern` does.
 *
 * @example
 * ```ts
 * eventPattern({ name: 'user.updated', objectCurrent: { id: gt(0), email: not(match('^test@')) } });
 * // same as { name: 'user.updated', objectCurrent: { id: { $gt: 0 }, email: { $not: { $match: '^test@' } } } }
 * ```
 */
import type { ComparablePattern, Pattern, PatternOperators } from './pattern-form.js';

/** What `$match` takes: a string regex, a boolean, `null`, an array, an object, a date or a `RegExp`. */
export type MatchArgument = NonNullable<PatternOperators['$match']> | null;

/** `{ $eq: value }`: matches what `value` (a pattern, not an operator object) matches. */
export function eq<const P extends Pattern>(value: P): { readonly $eq: P } {
  return { $eq: value };
}

/** `{ $neq: value }`: matches what `value` (a pattern, not an operator object) does not match. */
export function neq<const P extends Pattern>(value: P): { readonly $neq: P } {
  return { $neq: value };
}

/** `{ $gt: value }`: a number, bigint, numeric string or date greater than `value`. */
export function gt<const P extends ComparablePattern>(value: P): { readonly $gt: P } {
  return { $gt: value };
}

/** `{ $gte: value }`: a number, bigint, numeric string or date greater than or equal to `value`. */
export function gte<const P extends ComparablePattern>(value: P): { readonly $gte: P } {
  return { $gte: value };
}

/** `{ $lt: value }`: a number, bigint, numeric string or date less than `value`. */
export function lt<const P extends ComparablePattern>(value: P): { readonly $lt: P } {
  return { $lt: value };
}

/** `{ $lte: value }`: a number, bigint, numeric string or date less than or equal to `value`. */
export function lte<const P extends ComparablePattern>(value: P): { readonly $lte: P } {
  return { $lte: value };
}

/**
 * `{ $match: value }`. A string is a JavaScript regex (no flags) that must match **from the start**
 * of the string (at index 0, as Python's `re.match`): `match('user:')` matches `"user:42"`, and
 * `match('example')` does not match `"a@example.com"` — write `match('.*example')` to find it
 * anywhere. `true`/`false` also accept `"true"`/`"false"` in any case; `null` means empty;
 * an array means "contains a match of every item" (or, for a scalar, "matches one item").
 */
export function match<const P extends MatchArgument>(value: P): { readonly $match: P } {
  return { $match: value };
}

/** `{ $oneOf: [...items] }`: a value that is not an array and matches one of the items. */
export function oneOf<const P extends readonly Pattern[]>(...items: P): { readonly $oneOf: P } {
  return { $oneOf: items };
}

/** `{ $not: pattern }`: a value (absent included) that does not match `pattern`. */
export function not<const P extends Pattern>(pattern: P): { readonly $not: P } {
  return { $not: pattern };
}

/** `{ $and: [...patterns] }`: every pattern matches (at least one pattern). */
export function and<const P extends readonly [Pattern, ...Pattern[]]>(...patterns: P): { readonly $and: P } {
  return { $and: patterns };
}

/** `{ $or: [...patterns] }`: some pattern matches (at least one pattern). */
export function or<const P extends readonly [Pattern, ...Pattern[]]>(...patterns: P): { readonly $or: P } {
  return { $or: patterns };
}

/** `{ $any: true }`: the value is present (`null` counts; only an absent key fails). */
export function any(): { readonly $any: true } {
  return { $any: true };
}

/** `{ $empty: true }`: the value is absent, `null`, `""`, `[]` or `{}` (not `0`, not `false`). */
export function empty(): { readonly $empty: true } {
  return { $empty: true };
}
