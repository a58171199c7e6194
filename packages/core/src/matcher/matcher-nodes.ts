/**
 * The compiled form of a pattern: one closure per pattern node. Each node has a fast `test` (no
 * allocation on the common paths; the values it inspects are read once) and an `explain` that
 * collects every failing path and always agrees with `test`. `compile.ts` builds them from
 * validated pattern data.
 */
import { compareValueToDate, type PatternDate } from './dates.js';
import { compareValueToNumeric } from './numbers.js';
import type { MatchFailure, PathStep } from './pattern-form.js';
import { patternText } from './pattern-text.js';
import type { AnchoredRegex } from './regex.js';
import {
  GETTER_THREW,
  isEmptyValue,
  isObjectPrototypeKey,
  isMatchableObject,
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
  /** What this node expects, for explanations: `"abc"`, `> 5`, `matches /user:/ from the start`, `present`. */
  readonly expected: string;
  /** Set when the node is exactly "equals this string", so a parent can compare inline. */
  readonly stringLiteral?: string;
  /** Set when the node is exactly "one of these strings" (`$oneOf` of strings), so `$not` can fuse. */
  readonly stringSet?: ReadonlySet<string>;
  /** Set when the node is exactly `$any: true` (present), so a parent can check inline. */
  readonly present?: true;
  /**
   * What the node is, for the code generator (`codegen.ts`); absent for nodes it calls as
   * closures (predicates, `Uint8Array`s). Always describes exactly what `test` does.
   */
  readonly shape?: NodeShape;
}

/**
 * The description of a node that `codegen.ts` turns into JavaScript source. Built by the same
 * factories as the closures, from the same validated arguments, so the pattern syntax is read
 * in one place only (`compile.ts`).
 */
export type NodeShape =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'bigint'; readonly value: bigint }
  | { readonly kind: 'identity'; readonly value: boolean | null }
  | { readonly kind: 'date'; readonly op: Comparison | '$eq'; readonly date: PatternDate }
  | { readonly kind: 'regex'; readonly regex: AnchoredRegex }
  | { readonly kind: 'booleanMatch'; readonly value: boolean }
  | { readonly kind: 'compare'; readonly op: Comparison; readonly value: number | bigint }
  | { readonly kind: 'any' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'not'; readonly inner: MatcherNode }
  | { readonly kind: 'and' | 'or'; readonly nodes: readonly MatcherNode[] }
  | { readonly kind: 'oneOf'; readonly items: readonly MatcherNode[]; readonly strings?: ReadonlySet<string> }
  | { readonly kind: 'array' | 'matchArray'; readonly items: readonly MatcherNode[] }
  | { readonly kind: 'object'; readonly keys: readonly string[]; readonly nodes: readonly MatcherNode[] }
  | {
      readonly kind: 'range';
      readonly low: number;
      readonly lowInclusive: boolean;
      readonly high: number;
      readonly highInclusive: boolean;
      readonly all: MatcherNode;
    }
  | {
      readonly kind: 'event';
      readonly event: readonly { readonly key: string; readonly node: MatcherNode }[];
      readonly object: readonly { readonly key: string; readonly node: MatcherNode }[];
    };

const EMPTY_EXPECTED = 'empty (absent, null, "", [] or {})';

// ---------------------------------------------------------------------------------------------
// Leaves

function leaf(test: NodeTest, expected: string, shape?: NodeShape): MatcherNode {
  return {
    test,
    expected,
    ...(shape === undefined ? {} : { shape }),
    explain: (value, path, failures) => {
      if (test(value)) return true;
      failures.push({ path, expected, actual: value });
      return false;
    },
  };
}

/** A string pattern: the value is that exact string (§5.1, M2). */
export function stringNode(s: string): MatcherNode {
  return { ...leaf((v) => v === s, patternText(s), { kind: 'string', value: s }), stringLiteral: s };
}

/** A number pattern: the value is numerically equal — a number, bigint or numeric string (§5.2). */
export function numberNode(n: number): MatcherNode {
  return leaf((v) => (typeof v === 'number' ? v === n : compareValueToNumeric(v, n) === 0), patternText(n), {
    kind: 'number',
    value: n,
  });
}

/** A bigint pattern: the value is numerically equal, compared exactly (§5.2). */
export function bigintNode(n: bigint): MatcherNode {
  return leaf((v) => (typeof v === 'bigint' ? v === n : compareValueToNumeric(v, n) === 0), patternText(n), {
    kind: 'bigint',
    value: n,
  });
}

/** `true`, `false` or `null`: the value is that very value. */
export function identityNode(literal: boolean | null): MatcherNode {
  return leaf((v) => v === literal, patternText(literal), { kind: 'identity', value: literal });
}

function dateText(date: PatternDate): string {
  return date.dateOnly ? `the date ${date.text}` : `the date-time ${date.text}`;
}

/** A date pattern: the value is a date equal to it (§5.4). */
export function dateNode(date: PatternDate): MatcherNode {
  return leaf((v) => compareValueToDate(v, date) === 0, dateText(date), { kind: 'date', op: '$eq', date });
}

/** A `Uint8Array` pattern: a `Uint8Array` value with the same bytes. */
export function bytesNode(bytes: Uint8Array): MatcherNode {
  const expected = Uint8Array.from(bytes);
  const length = expected.length;
  return leaf((v) => {
    if (!(v instanceof Uint8Array) || v.length !== length) return false;
    for (let i = 0; i < length; i++) if (v[i] !== expected[i]) return false;
    return true;
  }, patternText(expected));
}

/** A regex (`$match` string or `RegExp`): a string it matches at index 0 (§5.3). */
export function regexNode(regex: AnchoredRegex): MatcherNode {
  const test = regex.test;
  return leaf((v) => typeof v === 'string' && test(v), `matches ${regex.text} from the start`, { kind: 'regex', regex });
}

/** A predicate: `Boolean(fn(value))`; a throw is a non-match that `explain` reports (§5.7). */
export function predicateNode(fn: (value: unknown) => unknown): MatcherNode {
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

/** `$any: true`: the value is present. */
export const anyNode: MatcherNode = { ...leaf((v) => v !== undefined, 'present', { kind: 'any' }), present: true };
/** `$empty: true` (and `$match: null`): absent, `null`, `""`, `[]` or `{}`. */
export const emptyNode: MatcherNode = leaf(isEmptyValue, EMPTY_EXPECTED, { kind: 'empty' });

/** `$match: true/false`: that boolean, or `"true"`/`"false"` in any case (M5). */
export function booleanMatchNode(b: boolean): MatcherNode {
  const word = b ? 'true' : 'false';
  return leaf(
    (v) => v === b || (typeof v === 'string' && v.length === word.length && v.toLowerCase() === word),
    `${word}, or "${word}" in any case`,
    { kind: 'booleanMatch', value: b },
  );
}

/** The comparison operators. */
export type Comparison = '$gt' | '$gte' | '$lt' | '$lte';
const COMPARISON_SYMBOL: Record<Comparison, string> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

/** `$gt`/`$gte`/`$lt`/`$lte` with a number or bigint (§5.2). */
export function numericComparisonNode(op: Comparison, n: number | bigint): MatcherNode {
  return { ...numericComparisonClosure(op, n), shape: { kind: 'compare', op, value: n } };
}

function numericComparisonClosure(op: Comparison, n: number | bigint): MatcherNode {
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

/** `$gt`/`$gte`/`$lt`/`$lte` with a date (§5.4). */
export function dateComparisonNode(op: Comparison, date: PatternDate): MatcherNode {
  return { ...dateComparisonClosure(op, date), shape: { kind: 'date', op, date } };
}

function dateComparisonClosure(op: Comparison, date: PatternDate): MatcherNode {
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

/** `$not` (and `$neq`): the value does not match the inner node. */
export function notNode(inner: MatcherNode): MatcherNode {
  const expected = `not ${inner.expected}`;
  if (inner.stringSet !== undefined) {
    const isMember = stringMembership(inner.stringSet);
    return leaf((v) => !isMember(v), expected, { kind: 'not', inner });
  }
  const test = inner.test;
  return leaf((v) => !test(v), expected, { kind: 'not', inner });
}

/** Every node matches (`$and`, several operators in one object); `explain` reports each failure. */
export function andNode(nodes: readonly MatcherNode[]): MatcherNode {
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
    shape: { kind: 'and', nodes },
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

/** Some node matches (`$or`). */
export function orNode(nodes: readonly MatcherNode[]): MatcherNode {
  if (nodes.length === 1 && nodes[0] !== undefined) return nodes[0];
  return leaf(someOf(nodes.map((n) => n.test)), `any of: ${nodes.map((n) => n.expected).join(' | ')}`, {
    kind: 'or',
    nodes,
  });
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

/** `$oneOf` / `$in`: a value that is not an array and matches one item. */
export function oneOfNode(items: readonly MatcherNode[], source: readonly unknown[]): MatcherNode {
  const expected = `one of ${patternText(source)}`;
  if (source.every((item) => typeof item === 'string')) {
    const strings = new Set(source as readonly string[]);
    return { ...leaf(stringMembership(strings), expected, { kind: 'oneOf', items, strings }), stringSet: strings };
  }
  const some = someOf(items.map((n) => n.test));
  return leaf((v) => !Array.isArray(v) && some(v), expected, { kind: 'oneOf', items });
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

/**
 * Set-equality (§5.6): every element matches some item and every item matches some element. Each
 * (element, item) pair is tested at most once, so nested array patterns cost what their values
 * hold — testing both directions separately would double the work at every level of nesting (2^depth).
 */
function setEqual(tests: readonly NodeTest[], array: readonly unknown[]): boolean {
  const length = array.length;
  const count = tests.length;
  if (count === 1) {
    const t = tests[0]!;
    if (length === 0) return false;
    for (let i = 0; i < length; i++) if (!t(array[i])) return false;
    return true;
  }
  const found = new Uint8Array(count);
  let itemsFound = 0;
  for (let i = 0; i < length; i++) {
    const element = array[i];
    let allowed = false;
    for (let j = 0; j < count; j++) {
      if (allowed && found[j] === 1) continue;
      if (tests[j]!(element)) {
        allowed = true;
        if (found[j] === 0) {
          found[j] = 1;
          itemsFound++;
        }
      }
    }
    if (!allowed) return false;
  }
  return itemsFound === count;
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
export function arrayNode(items: readonly MatcherNode[], source: readonly unknown[]): MatcherNode {
  const tests = items.map((n) => n.test);
  const shown = patternText(source);
  const expected = `an array set-equal to ${shown}`;
  return {
    expected,
    shape: { kind: 'array', items },
    test: (v) => Array.isArray(v) && setEqual(tests, v),
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

/** A value that `$match` with an array tests item by item: a string, number, bigint, boolean or `Date`. */
export function isMatchScalar(value: unknown): boolean {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'bigint' || type === 'boolean' || value instanceof Date;
}

/** `$match` with an array: an array value contains a match of every item; a scalar matches one. */
export function matchArrayNode(items: readonly MatcherNode[], source: readonly unknown[]): MatcherNode {
  const tests = items.map((n) => n.test);
  const some = someOf(tests);
  const shown = patternText(source);
  const expected = `an array containing every item of ${shown}, or a scalar matching one of them`;
  return {
    expected,
    shape: { kind: 'matchArray', items },
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
export function objectNode(keys: readonly string[], nodes: readonly MatcherNode[]): MatcherNode {
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
    test = isMatchableObject;
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
    shape: { kind: 'object', keys, nodes },
    explain: (value, path, failures) => {
      if (!isMatchableObject(value)) {
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

/**
 * `{$gt/$gte: a, $lt/$lte: b}` with number arguments, fused: one closure that compares a number
 * value with both bounds; any other value goes through the operators one by one.
 */
export function numericRangeNode(keys: readonly string[], ops: Record<string, unknown>, all: MatcherNode): MatcherNode | undefined {
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
  return {
    test,
    explain: all.explain,
    expected: all.expected,
    shape: { kind: 'range', low, lowInclusive, high, highInclusive, all },
  };
}
