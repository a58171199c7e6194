/**
 * `compilePattern` (spec §4–§5): validates a pattern once, then turns it into a tree of closures,
 * one per pattern node, so a message is tested without re-reading the pattern. Each node has a
 * fast `test` (no allocation on the common paths) and an `explain` that collects every failing path.
 */
import { PatternError } from '../errors.js';
import {
  compareValueToDate,
  patternDateFromDate,
  patternDateFromDateText,
  patternDateFromDateTimeText,
  type PatternDate,
} from './dates.js';
import { compareValueToNumeric } from './numbers.js';
import type {
  CompiledPattern,
  MatchExplanation,
  MatchFailure,
  PathStep,
  Pattern,
  PatternOperatorName,
} from './pattern-form.js';
import { patternText } from './pattern-text.js';
import { compileMatchRegex, compileRegExpValue, type AnchoredRegex } from './regex.js';
import {
  GETTER_THREW,
  isEmptyValue,
  isPlainObject,
  checkObjectPrototype,
  isObjectPrototypeKey,
  NOT_PLAIN,
  plainPrototypeOf,
  readOwnFrom,
  readOwnOrError,
} from './value-shapes.js';

/** A compiled test: never allocates on common paths; may only throw on hostile values. */
export type NodeTest = (value: unknown) => boolean;

/** A compiled explanation: pushes failures for a non-match and returns the same answer as `test`. */
export type NodeExplain = (value: unknown, path: readonly PathStep[], failures: MatchFailure[]) => boolean;

/** One compiled pattern node. */
export interface MatcherNode {
  readonly test: NodeTest;
  readonly explain: NodeExplain;
  /** What this node expects, for explanations: `"abc"`, `> 5`, `matches /^user:/`, `present`. */
  readonly expected: string;
  /** Set when the node is exactly "equals this string", so a parent can compare inline. */
  readonly stringLiteral?: string;
  /** Set when the node is exactly "one of these strings" (`$oneOf` of strings), so `$not` can fuse. */
  readonly stringSet?: ReadonlySet<string>;
  /** Set when the node is exactly `$any: true` (present), so a parent can check inline. */
  readonly present?: true;
}

/** The operators of the JSON form, in the order the spec lists them. */
export const OPERATOR_NAMES: readonly PatternOperatorName[] = [
  '$eq',
  '$neq',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$match',
  '$oneOf',
  '$in',
  '$not',
  '$and',
  '$or',
  '$any',
  '$empty',
];

const EMPTY_EXPECTED = 'empty (absent, null, "", [] or {})';

/** Keys with a single leading `"$"` are operators (or `$date`/`$datetime`); `"$$…"` are data keys. */
export function isOperatorKey(key: string): boolean {
  return key.charCodeAt(0) === 36 /* $ */ && key.charCodeAt(1) !== 36;
}

/** The data key a pattern key stands for: `"$$ref"` → `"$ref"`, other keys unchanged. */
export function dataKeyOf(patternKey: string): string {
  return patternKey.startsWith('$$') ? patternKey.slice(1) : patternKey;
}

/** A plain object written as a pattern (any realm's `Object.prototype`, or no prototype). */
export function isPatternObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** An object pattern whose keys include an operator (not a date value such as `{$date}`). */
export function isOperatorObject(value: unknown): boolean {
  if (!isPatternObject(value)) return false;
  return Object.keys(value).some((k) => isOperatorKey(k) && k !== '$date' && k !== '$datetime');
}

// ---------------------------------------------------------------------------------------------
// Leaves

function leaf(test: NodeTest, expected: string): MatcherNode {
  return {
    test,
    expected,
    explain: (value, path, failures) => {
      if (test(value)) return true;
      failures.push({ path, expected, actual: value });
      return false;
    },
  };
}

function stringNode(s: string): MatcherNode {
  return { ...leaf((v) => v === s, patternText(s)), stringLiteral: s };
}

function numberNode(n: number): MatcherNode {
  return leaf((v) => (typeof v === 'number' ? v === n : compareValueToNumeric(v, n) === 0), patternText(n));
}

function bigintNode(n: bigint): MatcherNode {
  return leaf((v) => (typeof v === 'bigint' ? v === n : compareValueToNumeric(v, n) === 0), patternText(n));
}

function identityNode(literal: boolean | null): MatcherNode {
  return leaf((v) => v === literal, patternText(literal));
}

function dateText(date: PatternDate): string {
  return date.dateOnly ? `the date ${date.text}` : `the date-time ${date.text}`;
}

function dateNode(date: PatternDate): MatcherNode {
  return leaf((v) => compareValueToDate(v, date) === 0, dateText(date));
}

function bytesNode(bytes: Uint8Array): MatcherNode {
  const expected = Uint8Array.from(bytes);
  const length = expected.length;
  return leaf((v) => {
    if (!(v instanceof Uint8Array) || v.length !== length) return false;
    for (let i = 0; i < length; i++) if (v[i] !== expected[i]) return false;
    return true;
  }, patternText(expected));
}

function regexNode(regex: AnchoredRegex): MatcherNode {
  const test = regex.test;
  return leaf((v) => typeof v === 'string' && test(v), `matches ${regex.text}`);
}

function predicateNode(fn: (value: unknown) => unknown): MatcherNode {
  const expected = `accepted by ${patternText(fn)}`;
  return {
    expected,
    test: (v) => {
      try {
        return Boolean(fn(v));
      } catch {
        return false;
      }
    },
    explain: (value, path, failures) => {
      try {
        if (fn(value)) return true;
        failures.push({ path, expected, actual: value });
      } catch (error) {
        failures.push({ path, expected, actual: value, error });
      }
      return false;
    },
  };
}

const anyNode: MatcherNode = { ...leaf((v) => v !== undefined, 'present'), present: true };
const emptyNode: MatcherNode = leaf(isEmptyValue, EMPTY_EXPECTED);

function booleanMatchNode(b: boolean): MatcherNode {
  const word = b ? 'true' : 'false';
  return leaf(
    (v) => v === b || (typeof v === 'string' && v.length === word.length && v.toLowerCase() === word),
    `${word}, or "${word}" in any case`,
  );
}

type Comparison = '$gt' | '$gte' | '$lt' | '$lte';
const COMPARISON_SYMBOL: Record<Comparison, string> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

function numericComparisonNode(op: Comparison, n: number | bigint): MatcherNode {
  const expected = `${COMPARISON_SYMBOL[op]} ${patternText(n)}`;
  if (typeof n === 'number') {
    switch (op) {
      case '$gt':
        return leaf((v) => (typeof v === 'number' ? v > n : compareValueToNumeric(v, n) > 0), expected);
      case '$gte':
        return leaf((v) => (typeof v === 'number' ? v >= n : compareValueToNumeric(v, n) >= 0), expected);
      case '$lt':
        return leaf((v) => (typeof v === 'number' ? v < n : compareValueToNumeric(v, n) < 0), expected);
      case '$lte':
        return leaf((v) => (typeof v === 'number' ? v <= n : compareValueToNumeric(v, n) <= 0), expected);
    }
  }
  switch (op) {
    case '$gt':
      return leaf((v) => compareValueToNumeric(v, n) > 0, expected);
    case '$gte':
      return leaf((v) => compareValueToNumeric(v, n) >= 0, expected);
    case '$lt':
      return leaf((v) => compareValueToNumeric(v, n) < 0, expected);
    case '$lte':
      return leaf((v) => compareValueToNumeric(v, n) <= 0, expected);
  }
}

function dateComparisonNode(op: Comparison, date: PatternDate): MatcherNode {
  const expected = `${COMPARISON_SYMBOL[op]} ${dateText(date)}`;
  switch (op) {
    case '$gt':
      return leaf((v) => compareValueToDate(v, date) > 0, expected);
    case '$gte':
      return leaf((v) => compareValueToDate(v, date) >= 0, expected);
    case '$lt':
      return leaf((v) => compareValueToDate(v, date) < 0, expected);
    case '$lte':
      return leaf((v) => compareValueToDate(v, date) <= 0, expected);
  }
}

// ---------------------------------------------------------------------------------------------
// Combinations

function notNode(inner: MatcherNode): MatcherNode {
  const expected = `not ${inner.expected}`;
  if (inner.stringSet !== undefined) {
    const isMember = stringMembership(inner.stringSet);
    return leaf((v) => !isMember(v), expected);
  }
  const test = inner.test;
  return leaf((v) => !test(v), expected);
}

function andNode(nodes: readonly MatcherNode[]): MatcherNode {
  const [first, second, third] = nodes;
  let test: NodeTest;
  if (nodes.length === 1 && first !== undefined) return first;
  if (nodes.length === 2 && first !== undefined && second !== undefined) {
    const a = first.test;
    const b = second.test;
    test = (v) => a(v) && b(v);
  } else if (nodes.length === 3 && first !== undefined && second !== undefined && third !== undefined) {
    const a = first.test;
    const b = second.test;
    const c = third.test;
    test = (v) => a(v) && b(v) && c(v);
  } else {
    const tests = nodes.map((n) => n.test);
    test = (v) => {
      for (const t of tests) if (!t(v)) return false;
      return true;
    };
  }
  return {
    test,
    expected: nodes.map((n) => n.expected).join(' and '),
    explain: (value, path, failures) => {
      let match = true;
      for (const node of nodes) if (!node.explain(value, path, failures)) match = false;
      return match;
    },
  };
}

function someOf(tests: readonly NodeTest[]): NodeTest {
  return (v) => {
    for (const t of tests) if (t(v)) return true;
    return false;
  };
}

function orNode(nodes: readonly MatcherNode[]): MatcherNode {
  if (nodes.length === 1 && nodes[0] !== undefined) return nodes[0];
  return leaf(someOf(nodes.map((n) => n.test)), `any of: ${nodes.map((n) => n.expected).join(' | ')}`);
}

/** "Is one of these strings", as a closure: a few comparisons for short lists, a `Set` beyond. */
function stringMembership(strings: ReadonlySet<string>): (v: unknown) => boolean {
  const list = [...strings];
  const [a, b, c] = list;
  switch (list.length) {
    case 0:
      return () => false;
    case 1:
      return (v) => v === a;
    case 2:
      return (v) => v === a || v === b;
    case 3:
      return (v) => v === a || v === b || v === c;
    default:
      return (v) => typeof v === 'string' && strings.has(v);
  }
}

function oneOfNode(items: readonly MatcherNode[], source: readonly unknown[]): MatcherNode {
  const expected = `one of ${patternText(source)}`;
  if (source.every((item) => typeof item === 'string')) {
    const strings = new Set(source as readonly string[]);
    return { ...leaf(stringMembership(strings), expected), stringSet: strings };
  }
  const some = someOf(items.map((n) => n.test));
  return leaf((v) => !Array.isArray(v) && some(v), expected);
}

/** True when every item matches some element of `array`. */
function everyItemFound(tests: readonly NodeTest[], array: readonly unknown[]): boolean {
  const length = array.length;
  for (const t of tests) {
    let found = false;
    for (let i = 0; i < length; i++) {
      if (t(array[i])) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

/** True when every element of `array` matches some item. */
function everyElementAllowed(tests: readonly NodeTest[], array: readonly unknown[]): boolean {
  const length = array.length;
  for (let i = 0; i < length; i++) {
    const element = array[i];
    let allowed = false;
    for (const t of tests) {
      if (t(element)) {
        allowed = true;
        break;
      }
    }
    if (!allowed) return false;
  }
  return true;
}

function explainMissingItems(
  items: readonly MatcherNode[],
  array: readonly unknown[],
  path: readonly PathStep[],
  failures: MatchFailure[],
): boolean {
  let match = true;
  for (const item of items) {
    if (!array.some((element) => item.test(element))) {
      failures.push({ path, expected: `an element matching ${item.expected}`, actual: array });
      match = false;
    }
  }
  return match;
}

/** An array pattern: set-equality, both ways (§5.6). */
function arrayNode(items: readonly MatcherNode[], source: readonly unknown[]): MatcherNode {
  const tests = items.map((n) => n.test);
  const shown = patternText(source);
  const expected = `an array set-equal to ${shown}`;
  return {
    expected,
    test: (v) => Array.isArray(v) && everyElementAllowed(tests, v) && everyItemFound(tests, v),
    explain: (value, path, failures) => {
      if (!Array.isArray(value)) {
        failures.push({ path, expected, actual: value });
        return false;
      }
      let match = explainMissingItems(items, value, path, failures);
      value.forEach((element, index) => {
        if (!tests.some((t) => t(element))) {
          failures.push({ path: [...path, index], expected: `an element allowed by ${shown}`, actual: element });
          match = false;
        }
      });
      return match;
    },
  };
}

function isMatchScalar(value: unknown): boolean {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'bigint' || type === 'boolean' || value instanceof Date;
}

/** `$match` with an array: an array value contains a match of every item; a scalar matches one. */
function matchArrayNode(items: readonly MatcherNode[], source: readonly unknown[]): MatcherNode {
  const tests = items.map((n) => n.test);
  const some = someOf(tests);
  const shown = patternText(source);
  const expected = `an array containing every item of ${shown}, or a scalar matching one of them`;
  return {
    expected,
    test: (v) => (Array.isArray(v) ? everyItemFound(tests, v) : isMatchScalar(v) && some(v)),
    explain: (value, path, failures) => {
      if (Array.isArray(value)) return explainMissingItems(items, value, path, failures);
      if (isMatchScalar(value) && some(value)) return true;
      failures.push({ path, expected: isMatchScalar(value) ? `one of ${shown}` : expected, actual: value });
      return false;
    },
  };
}

/** How an object pattern checks one key's value: inline for the commonest patterns. */
const enum KeyCheck {
  /** Call the child's closure. */
  Closure,
  /** `=== literal` (a string pattern). */
  StringLiteral,
  /** `!== undefined` (`$any: true`). */
  Present,
}

/**
 * An object pattern: a plain object whose own properties match, key by key (§5.5). Keys whose
 * pattern is a string literal or `$any` are checked inline, without calling the child's closure.
 */
function objectNode(keys: readonly string[], nodes: readonly MatcherNode[]): MatcherNode {
  const count = keys.length;
  const tests = nodes.map((n) => n.test);
  const literals = nodes.map((n) => n.stringLiteral);
  const checks = nodes.map((n) =>
    n.stringLiteral !== undefined ? KeyCheck.StringLiteral : n.present ? KeyCheck.Present : KeyCheck.Closure,
  );
  const prototypeKeys = keys.map(isObjectPrototypeKey);
  const expected = 'an object';
  let test: NodeTest;
  if (count === 0) {
    test = isPlainObject;
  } else if (count === 1) {
    const key = keys[0]!;
    const t = tests[0]!;
    const prototypeKey = prototypeKeys[0]!;
    const literal = literals[0];
    test =
      literal === undefined
        ? (v) => {
            const proto = plainPrototypeOf(v);
            if (proto === NOT_PLAIN) return false;
            const x = readOwnFrom(v as Record<string, unknown>, proto, key, prototypeKey);
            return x !== GETTER_THREW && t(x);
          }
        : (v) => {
            const proto = plainPrototypeOf(v);
            return proto !== NOT_PLAIN && readOwnFrom(v as Record<string, unknown>, proto, key, prototypeKey) === literal;
          };
  } else {
    test = (v) => {
      const proto = plainPrototypeOf(v);
      if (proto === NOT_PLAIN) return false;
      for (let i = 0; i < count; i++) {
        const x = readOwnFrom(v as Record<string, unknown>, proto, keys[i]!, prototypeKeys[i]!);
        switch (checks[i]) {
          case KeyCheck.StringLiteral:
            if (x !== literals[i]) return false;
            break;
          case KeyCheck.Present:
            if (x === undefined || x === GETTER_THREW) return false;
            break;
          default:
            if (x === GETTER_THREW || !tests[i]!(x)) return false;
        }
      }
      return true;
    };
  }
  return {
    test,
    expected,
    explain: (value, path, failures) => {
      if (!isPlainObject(value)) {
        failures.push({ path, expected, actual: value });
        return false;
      }
      let match = true;
      for (let i = 0; i < count; i++) {
        const key = keys[i]!;
        const node = nodes[i]!;
        const read = readOwnOrError(value, key);
        const childPath = [...path, key];
        if ('error' in read) {
          failures.push({ path: childPath, expected: node.expected, actual: undefined, error: read.error });
          match = false;
        } else if (!node.explain(read.value, childPath, failures)) {
          match = false;
        }
      }
      return match;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Validation and compilation

/** The state of one compilation: the objects being compiled, to reject cycles. */
interface CompileContext {
  readonly ancestors: Set<object>;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  if (value instanceof RegExp) return 'a RegExp';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function describeArgument(value: unknown): string {
  return `${kindOf(value)} (${patternText(value)})`;
}

/** `{$date}` / `{$datetime}` / `Date` → a pattern date, or `undefined` when it is none of them. */
function patternDateOf(value: unknown, path: readonly PathStep[]): PatternDate | undefined {
  if (value instanceof Date) {
    const date = patternDateFromDate(value);
    if (date === undefined) throw new PatternError(path, 'an invalid Date (its time is NaN); pass a valid Date');
    return date;
  }
  if (!isPatternObject(value)) return undefined;
  const keys = Object.keys(value);
  const key = keys.find((k) => k === '$date' || k === '$datetime');
  if (key === undefined) return undefined;
  if (keys.length > 1) {
    throw new PatternError(
      path,
      `${key} must be alone in its object (found ${keys.join(', ')}); to compare dates write ` +
        `{"$gt": {"${key}": "…"}}, and combine conditions with {"$and": [...]}`,
    );
  }
  const text = value[key];
  if (key === '$date') {
    const date = typeof text === 'string' ? patternDateFromDateText(text) : undefined;
    if (date === undefined) {
      throw new PatternError(
        [...path, key],
        `$date takes a real calendar date written "YYYY-MM-DD" (e.g. "2020-01-31"), not ${describeArgument(text)}`,
      );
    }
    return date;
  }
  const date = typeof text === 'string' ? patternDateFromDateTimeText(text) : undefined;
  if (date === undefined) {
    throw new PatternError(
      [...path, key],
      `$datetime takes an ISO-8601 date-time such as "2020-05-04T15:52:01Z" or ` +
        `"2020-05-04T12:52:01-03:00" (spec §1.2; no offset means UTC), not ${describeArgument(text)}`,
    );
  }
  return date;
}

function compileRegexSource(source: string, path: readonly PathStep[]): AnchoredRegex {
  try {
    return compileMatchRegex(source);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PatternError(
      path,
      `${JSON.stringify(source)} is not a valid JavaScript regular expression (${reason}). $match uses ` +
        'JavaScript syntax with no flags: Python-only syntax such as (?i) or (?P<name>…) is not ' +
        'supported; use a character class like [Aa], or a RegExp with flags in code',
    );
  }
}

function compileItems(items: readonly unknown[], path: readonly PathStep[], ctx: CompileContext): MatcherNode[] {
  return items.map((item, index) => compileNode(item, [...path, index], ctx));
}

function requireArray(op: string, value: unknown, path: readonly PathStep[], nonEmpty: boolean): readonly unknown[] {
  if (!Array.isArray(value)) {
    throw new PatternError(
      path,
      `${op} takes ${nonEmpty ? 'a non-empty array' : 'an array'} of patterns, e.g. {"${op}": ["a", "b"]}, ` +
        `not ${describeArgument(value)}`,
    );
  }
  if (nonEmpty && value.length === 0) {
    throw new PatternError(path, `${op} takes a non-empty array of patterns; [] is not allowed`);
  }
  return value;
}

function requireValueArgument(op: string, value: unknown, path: readonly PathStep[]): void {
  if (isOperatorObject(value)) {
    throw new PatternError(
      path,
      `${op} takes a value, not an operator object (${patternText(value)}); write the operator ` +
        `directly${op === '$neq' ? ', or use {"$not": …} to negate an operator' : ''}`,
    );
  }
}

function compileOperator(op: string, arg: unknown, path: readonly PathStep[], ctx: CompileContext): MatcherNode {
  switch (op) {
    case '$eq':
      requireValueArgument(op, arg, path);
      return compileNode(arg, path, ctx);
    case '$neq':
      requireValueArgument(op, arg, path);
      return notNode(compileNode(arg, path, ctx));
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      if (typeof arg === 'number' || typeof arg === 'bigint') return numericComparisonNode(op, arg);
      const date = patternDateOf(arg, path);
      if (date === undefined) {
        throw new PatternError(
          path,
          `${op} takes a number, a bigint or a date ({"$date": "YYYY-MM-DD"}, {"$datetime": "…"} or a ` +
            `Date), not ${describeArgument(arg)}`,
        );
      }
      return dateComparisonNode(op, date);
    }
    case '$match':
      return compileMatch(arg, path, ctx);
    case '$oneOf':
    case '$in': {
      const items = requireArray(op, arg, path, false);
      return oneOfNode(compileItems(items, path, ctx), items);
    }
    case '$not':
      return notNode(compileNode(arg, path, ctx));
    case '$and':
      return andNode(compileItems(requireArray(op, arg, path, true), path, ctx));
    case '$or':
      return orNode(compileItems(requireArray(op, arg, path, true), path, ctx));
    case '$any':
    case '$empty':
      if (arg !== true) {
        throw new PatternError(
          path,
          `${op} only takes true ({"${op}": true}), not ${describeArgument(arg)}; ` +
            `to negate it write {"$not": {"${op}": true}}`,
        );
      }
      return op === '$any' ? anyNode : emptyNode;
    default: {
      const hint =
        op === '$lambda'
          ? '$lambda is a tag of the test vectors, not part of the pattern form: pass a function instead'
          : `the operators are ${OPERATOR_NAMES.join(', ')}, plus {"$date": …} and {"$datetime": …}; ` +
            `to match a data key that starts with "$", write it with one more "$" ("$${op}")`;
      throw new PatternError(path, `unknown operator ${JSON.stringify(op)}: ${hint}`);
    }
  }
}

function compileMatch(arg: unknown, path: readonly PathStep[], ctx: CompileContext): MatcherNode {
  if (typeof arg === 'string') return regexNode(compileRegexSource(arg, path));
  if (typeof arg === 'boolean') return booleanMatchNode(arg);
  if (arg === null) return emptyNode;
  if (typeof arg === 'number' || typeof arg === 'bigint') {
    throw new PatternError(
      path,
      `$match takes no numbers (${patternText(arg)}); write the number itself or {"$eq": ${patternText(arg)}} ` +
        'for numeric equality, or a string regex such as "^\\\\d+$" for digits',
    );
  }
  if (arg === undefined) {
    throw new PatternError(path, '$match takes a string regex, a boolean, null, an array, an object or a date, not undefined');
  }
  if (Array.isArray(arg)) return matchArrayNode(compileItems(arg, path, ctx), arg);
  if (isOperatorObject(arg)) {
    throw new PatternError(
      path,
      `$match takes a value (a string regex, a boolean, null, an array, an object or a date), not an ` +
        `operator object (${patternText(arg)}); write the operator directly`,
    );
  }
  return compileNode(arg, path, ctx);
}

function compileObject(obj: Record<string, unknown>, path: readonly PathStep[], ctx: CompileContext): MatcherNode {
  const keys = Object.keys(obj);
  const operatorKeys = keys.filter(isOperatorKey);
  if (operatorKeys.length === 0) {
    const nodes = keys.map((key) => compileNode(obj[key], [...path, key], ctx));
    return objectNode(keys.map(dataKeyOf), nodes);
  }
  if (operatorKeys.length !== keys.length) {
    const plain = keys.filter((k) => !isOperatorKey(k));
    throw new PatternError(
      path,
      `operator keys (${operatorKeys.join(', ')}) and data keys (${plain.join(', ')}) cannot share one ` +
        'object; put the operators under a key, combine patterns with {"$and": [...]}, or write a ' +
        'data key that starts with "$" with one more "$" ("$$key")',
    );
  }
  const date = patternDateOf(obj, path);
  if (date !== undefined) return dateNode(date);
  const nodes = keys.map((op) => compileOperator(op, obj[op], [...path, op], ctx));
  const both = andNode(nodes);
  return numericRangeNode(keys, obj, both) ?? both;
}

/**
 * `{$gt/$gte: a, $lt/$lte: b}` with number arguments, fused: one closure that compares a number
 * value with both bounds; any other value goes through the operators one by one.
 */
function numericRangeNode(keys: readonly string[], ops: Record<string, unknown>, all: MatcherNode): MatcherNode | undefined {
  if (keys.length < 2) return undefined;
  let low = -Infinity;
  let lowInclusive = true;
  let high = Infinity;
  let highInclusive = true;
  for (const op of keys) {
    const n = ops[op];
    if (typeof n !== 'number' || Number.isNaN(n)) return undefined;
    if (op === '$gt' || op === '$gte') {
      const inclusive = op === '$gte';
      if (n > low || (n === low && !inclusive)) {
        low = n;
        lowInclusive = inclusive;
      }
    } else if (op === '$lt' || op === '$lte') {
      const inclusive = op === '$lte';
      if (n < high || (n === high && !inclusive)) {
        high = n;
        highInclusive = inclusive;
      }
    } else {
      return undefined;
    }
  }
  const slow = all.test;
  const test: NodeTest = (v) =>
    typeof v === 'number'
      ? (lowInclusive ? v >= low : v > low) && (highInclusive ? v <= high : v < high)
      : slow(v);
  return { test, explain: all.explain, expected: all.expected };
}

/**
 * Validates and compiles one pattern node (and everything under it). Throws `PatternError` with
 * the path of the first problem. Internal: `eventPattern` and `dataPattern` build on it.
 */
export function compileNode(pattern: unknown, path: readonly PathStep[], ctx: CompileContext): MatcherNode {
  switch (typeof pattern) {
    case 'string':
      return stringNode(pattern);
    case 'number':
      return numberNode(pattern);
    case 'bigint':
      return bigintNode(pattern);
    case 'boolean':
      return identityNode(pattern);
    case 'function':
      return predicateNode(pattern as (value: unknown) => unknown);
    case 'undefined':
      throw new PatternError(
        path,
        'undefined is not a pattern: leave the key out, or write {"$empty": true} to accept an absent value',
      );
    case 'symbol':
      throw new PatternError(path, 'a symbol is not a pattern');
    case 'object':
      break;
  }
  if (pattern === null) return identityNode(null);
  if (ctx.ancestors.has(pattern)) {
    throw new PatternError(path, 'the pattern contains itself (a cycle); a pattern must be a finite tree');
  }
  ctx.ancestors.add(pattern);
  try {
    if (Array.isArray(pattern)) return arrayNode(compileItems(pattern, path, ctx), pattern);
    if (pattern instanceof Date) return dateNode(patternDateOf(pattern, path)!);
    if (pattern instanceof RegExp) return regexNode(compileRegExpValue(pattern));
    if (pattern instanceof Uint8Array) return bytesNode(pattern);
    if (isPatternObject(pattern)) return compileObject(pattern, path, ctx);
    const name = (pattern as { constructor?: { name?: unknown } }).constructor?.name;
    throw new PatternError(
      path,
      `${typeof name === 'string' ? `a ${name}` : 'this object'} is not a pattern; use plain objects, arrays, ` +
        'strings, numbers, bigints, booleans, null, dates, RegExps, Uint8Arrays or predicates',
    );
  } finally {
    ctx.ancestors.delete(pattern);
  }
}

/** Starts a compilation. */
export function newCompileContext(): CompileContext {
  return { ancestors: new Set() };
}

// ---------------------------------------------------------------------------------------------
// Public surface

const compiledPatterns = new WeakSet<object>();

/** True for objects made by `compilePattern`, `eventPattern` or `dataPattern`. */
export function isCompiledPattern(value: unknown): value is CompiledPattern<never> {
  return typeof value === 'object' && value !== null && compiledPatterns.has(value);
}

/** Marks an object as a compiled pattern (see {@link isCompiledPattern}) and returns it. */
export function brandCompiled<T extends object>(compiled: T): T {
  compiledPatterns.add(compiled);
  return compiled;
}

/**
 * Wraps a compiled node as `{ test, explain }`: `test` never throws (a hostile value, such as one
 * whose getter throws deep inside an array, is a non-match), `explain` neither.
 */
export function compiledFromNode<T>(node: MatcherNode): CompiledPattern<T> {
  const test = node.test;
  return {
    test(value: T): boolean {
      checkObjectPrototype();
      try {
        return test(value);
      } catch {
        return false;
      }
    },
    explain(value: T): MatchExplanation {
      const failures: MatchFailure[] = [];
      let match: boolean;
      try {
        match = node.explain(value, [], failures);
      } catch (error) {
        return { match: false, failures: [{ path: [], expected: node.expected, actual: value, error }] };
      }
      if (match) return { match, failures: [] };
      if (failures.length === 0) failures.push({ path: [], expected: node.expected, actual: value });
      return { match, failures };
    },
  };
}

/**
 * Validates a pattern (spec §4) once and compiles it to closures.
 *
 * @param pattern - any pattern: the JSON form (literals, arrays, objects, operator objects,
 *   `{$date}` / `{$datetime}`), plus in code predicates, `RegExp`, `Date`, bigint and `Uint8Array`.
 * @returns `{ test, explain }`: `test(value)` never throws; `explain(value)` lists each failing
 *   path with what was expected and what was found, and its `match` always equals `test(value)`.
 * @throws PatternError (code `PATTERN_INVALID`) with the `path` of the first problem: an unknown
 *   operator, a wrong argument, an invalid regex, a malformed date, operator and data keys mixed.
 *
 * @example
 * ```ts
 * const p = compilePattern({ type: match('^user:'), user: { id: gt(0) } });
 * p.test({ type: 'user:login', user: { id: 7 } }); // true
 * p.explain({ type: 'x' }).failures;
 * // [{ path: ['type'], expected: 'matches /^user:/', actual: 'x' },
 * //  { path: ['user'], expected: 'an object', actual: undefined }]
 * ```
 */
export function compilePattern(pattern: Pattern): CompiledPattern {
  return brandCompiled(compiledFromNode(compileNode(pattern, [], newCompileContext())));
}
