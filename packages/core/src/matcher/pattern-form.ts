/**
 * The pattern form (spec §4): one pattern language of plain JSON-compatible data, shared by code,
 * subscribers and the inspector. These are its types; `compilePattern` gives them their meaning.
 */

/**
 * A predicate: called with the value (`undefined` when absent), its result coerced with
 * `Boolean()`. A predicate that throws is a non-match (spec §5.7). Code only: it has no JSON form.
 */
export type PatternPredicate = (value: unknown) => unknown;

/** A date-only pattern: the calendar date `YYYY-MM-DD` (spec §5.4). */
export type DateOnlyPattern = { readonly $date: string };

/** A date-time pattern: an instant written in the strict ISO-8601 grammar of spec §1.2. */
export type DateTimePattern = { readonly $datetime: string };

/** Every way to write a date in a pattern: `{$date}`, `{$datetime}`, or (code only) a `Date`. */
export type DatePattern = DateOnlyPattern | DateTimePattern | Date;

/** What `$gt`, `$gte`, `$lt` and `$lte` compare with: a number, a bigint or a date. */
export type ComparablePattern = number | bigint | DatePattern;

/**
 * A literal: equality (strings exact, numbers numerically, §5.1–§5.2). Code may also use a
 * `Uint8Array` (byte equality), a `RegExp` (tested like `$match`, anchored at index 0, with its own
 * flags), a `Date` (= `{$datetime}`) and predicates.
 */
export type PatternLiteral = string | number | bigint | boolean | null;

/**
 * A pattern (spec §4):
 * - a literal — equality;
 * - an array — set-equality with the value's elements (§5.6);
 * - an object whose keys do not start with `"$"` — partial match of a plain object (§5.5); write a
 *   data key that starts with `"$"` with one more `"$"` (`"$$ref"` means the key `"$ref"`);
 * - an operator object, every key one of {@link PatternOperators} (several are ANDed);
 * - a date, a `RegExp`, a `Uint8Array` or a predicate.
 *
 * The type accepts any object of patterns; `compilePattern` rejects unknown operators and wrong
 * arguments with a `PatternError`.
 */
export type Pattern =
  | PatternLiteral
  | Date
  | RegExp
  | Uint8Array
  | PatternPredicate
  | readonly Pattern[]
  | PatternObject;

/** An object pattern or an operator object: keys to patterns. */
export type PatternObject = { readonly [key: string]: Pattern };

/**
 * The operators of the JSON form and their arguments (spec §4). Several operators in one object
 * are ANDed: `{ $gt: 1, $lt: 5 }`.
 */
export type PatternOperators = {
  /** Matches what the argument (a pattern, not an operator object) matches. */
  readonly $eq?: Pattern;
  /** Matches what the argument (a pattern, not an operator object) does not match. */
  readonly $neq?: Pattern;
  /** Greater than a number, bigint or date (numeric strings and ISO date strings convert). */
  readonly $gt?: ComparablePattern;
  /** Greater than or equal to a number, bigint or date. */
  readonly $gte?: ComparablePattern;
  /** Less than a number, bigint or date. */
  readonly $lt?: ComparablePattern;
  /** Less than or equal to a number, bigint or date. */
  readonly $lte?: ComparablePattern;
  /**
   * A string: a JavaScript regex (no flags) that must match at index 0. `true`/`false`: that
   * boolean or `"true"`/`"false"` in any case. `null`: same as `$empty`. An array: an array value
   * must contain a match of every item; a scalar value must match one item. An object or a date:
   * same as the plain pattern. Numbers are not accepted.
   */
  readonly $match?: string | boolean | null | RegExp | readonly Pattern[] | PatternObject | DatePattern;
  /** The value is not an array and matches one of the items (`[]` never matches). */
  readonly $oneOf?: readonly Pattern[];
  /** Alias of `$oneOf`. */
  readonly $in?: readonly Pattern[];
  /** The value does not match the pattern. */
  readonly $not?: Pattern;
  /** Every pattern matches (at least one pattern). */
  readonly $and?: readonly Pattern[];
  /** Some pattern matches (at least one pattern). */
  readonly $or?: readonly Pattern[];
  /** `true`: the value is present (anything but absent; `null` counts). */
  readonly $any?: true;
  /** `true`: the value is absent, `null`, `""`, `[]` or `{}`. */
  readonly $empty?: true;
};

/** The names of the operators, as written in patterns. */
export type PatternOperatorName = keyof PatternOperators;

/** One step of a path: an object key or an array index. */
export type PathStep = string | number;

/** Why a value does not match, at one place (spec §4). */
export interface MatchFailure {
  /** Keys and indexes leading from the tested value to the place that failed (`[]` for the root). */
  readonly path: readonly PathStep[];
  /** A short text of what was expected there: `> 5`, `matches /user:/ from the start`, `present`, `one of [...]`. */
  readonly expected: string;
  /** What was found there: the value itself, `undefined` when absent. */
  readonly actual: unknown;
  /** What a predicate (or a property getter) threw, when that is why it failed. */
  readonly error?: unknown;
}

/** The result of `explain(value)`: whether it matches and, when not, every failing place. */
export interface MatchExplanation {
  /** Same as `test(value)`. */
  readonly match: boolean;
  /** Empty when `match` is true; at least one entry when it is false. */
  readonly failures: readonly MatchFailure[];
}

/** A pattern validated and compiled once, to be tested against many values. */
export interface CompiledPattern<T = unknown> {
  /** Whether the value matches. Never throws, whatever the value (spec M1). */
  test(value: T): boolean;
  /**
   * Whether the value matches and, when it does not, each failing path with what was expected
   * and what was found. Slower than `test`; meant for people (the inspector, logs, tests).
   */
  explain(value: T): MatchExplanation;
}
