/**
 * How the JSON pattern form is read (spec §4, FORM): which keys are operators, how `"$$"` escapes a
 * data key, and which objects are pattern objects. Shared by the compiler and the router's index.
 */
import type { PatternOperatorName } from './pattern-form.js';

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
