/**
 * `compilePattern` (spec §4–§5): validates a pattern once and turns it into a tree of closures
 * (`matcher-nodes.ts`), so a message is tested without re-reading the pattern. Every problem is a
 * `PatternError` with the path of the pattern node at fault.
 */
import { PatternError } from '../errors.js';
import { generateTest, matcherCodegenEnabled, matcherCodegenMode } from './codegen.js';
import {
  patternDateFromDate,
  patternDateFromDateText,
  patternDateFromDateTimeText,
  type PatternDate,
} from './dates.js';
import {
  andNode,
  anyNode,
  arrayNode,
  bigintNode,
  booleanMatchNode,
  bytesNode,
  dateComparisonNode,
  dateNode,
  emptyNode,
  identityNode,
  matchArrayNode,
  notNode,
  numberNode,
  numericComparisonNode,
  numericRangeNode,
  objectNode,
  oneOfNode,
  orNode,
  predicateNode,
  regexNode,
  stringNode,
  type MatcherNode,
  type NodeTest,
} from './matcher-nodes.js';
import type { CompiledPattern, MatchExplanation, MatchFailure, PathStep, Pattern } from './pattern-form.js';
import { dataKeyOf, isOperatorKey, isOperatorObject, isPatternObject, OPERATOR_NAMES } from './pattern-syntax.js';
import { patternText } from './pattern-text.js';
import { compileMatchRegex, compileRegExpValue, type AnchoredRegex } from './regex.js';
import { checkObjectPrototype } from './value-shapes.js';

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
 * How deep a pattern may nest: the length of the longest path in it, where every data key, operator
 * key and array index is one step (`{"$or": [{"a": 1}]}` is 3 deep). Real patterns are a
 * handful of levels deep; the limit keeps a hostile one (say, typed into the inspector) from
 * exhausting the stack in compilation, code generation or `explain`.
 */
export const MAX_PATTERN_DEPTH = 1000;

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
  if (path.length >= MAX_PATTERN_DEPTH) {
    throw new PatternError(
      path,
      `the pattern is nested too deeply: more than ${MAX_PATTERN_DEPTH} levels (each key, operator and array ` +
        'item is one); match the outer levels and test the rest with a predicate',
    );
  }
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

/** The closures' `test`: refreshes the prototype-pollution flag, and turns a throw into false. */
function closureTest(test: NodeTest): (value: unknown) => boolean {
  return (value) => {
    checkObjectPrototype();
    try {
      return test(value);
    } catch {
      return false;
    }
  };
}

/**
 * How many calls a pattern's `test` runs on closures before its code is generated. Generating
 * costs ~100 µs (`new Function`) and saves a few hundred ns per call, so only patterns that are
 * actually used pay for it: a router with 10,000 subscribers does not compile 10,000 functions
 * up front, and its rarely matched subscribers keep sharing the closures' optimized code.
 */
const GENERATE_AFTER = 500;

/** `test` on closures for the first {@link GENERATE_AFTER} calls, then generated code when allowed. */
function tieredTest(node: MatcherNode): (value: unknown) => boolean {
  const closures = closureTest(node.test);
  if (!matcherCodegenEnabled()) return closures;
  if (matcherCodegenMode() === 'eager') return generateTest(node) ?? closures;
  let calls = 0;
  let current = (value: unknown): boolean => {
    if (++calls >= GENERATE_AFTER) current = generateTest(node) ?? closures;
    return closures(value);
  };
  return (value) => current(value);
}

/**
 * Wraps a compiled node as `{ test, explain }`: `test` never throws (a hostile value, such as one
 * whose getter throws deep inside an array, is a non-match), `explain` neither. `test` runs the node's
 * closures, and after {@link GENERATE_AFTER} calls generated code when code generation is on and
 * allowed (`codegen.ts`); `explain`
 * always runs the closures.
 */
export function compiledFromNode<T>(node: MatcherNode): CompiledPattern<T> {
  return {
    test: tieredTest(node),
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
 * // [{ path: ['type'], expected: 'matches /^user:/ from the start', actual: 'x' },
 * //  { path: ['user'], expected: 'an object', actual: undefined }]
 * ```
 */
export function compilePattern(pattern: Pattern): CompiledPattern {
  return brandCompiled(compiledFromNode(compileNode(pattern, [], newCompileContext())));
}
