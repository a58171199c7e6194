/**
 * What of a pattern can be indexed (spec §6 subscribers → router): the exact strings it requires,
 * or a literal prefix every matching string starts with. The router only uses these to pick
 * candidates; every candidate is still tested with its compiled pattern, so a key must be a
 * necessary condition of a match, never a sufficient one.
 */
import { dataKeyOf, isOperatorKey, isPatternObject } from '../matcher/compile.js';
import { literalPrefixOf } from '../matcher/regex.js';

/** A necessary condition on a string value: one of these exact strings, or this prefix. */
export type IndexKey =
  | { readonly kind: 'exact'; readonly values: readonly string[] }
  | { readonly kind: 'prefix'; readonly prefix: string };

/** Exact beats prefix; a longer prefix beats a shorter one. */
function better(a: IndexKey | undefined, b: IndexKey | undefined): IndexKey | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a.kind === 'exact') return b.kind === 'exact' && b.values.length < a.values.length ? b : a;
  if (b.kind === 'exact') return b;
  return b.prefix.length > a.prefix.length ? b : a;
}

function prefixKey(source: string, flags: string): IndexKey | undefined {
  if (flags.includes('i')) return undefined;
  const prefix = literalPrefixOf(source).text;
  return prefix === '' ? undefined : { kind: 'prefix', prefix };
}

function operatorKey(op: string, arg: unknown): IndexKey | undefined {
  switch (op) {
    case '$eq':
      return indexKeyOf(arg);
    case '$oneOf':
    case '$in':
      return Array.isArray(arg) && arg.every((item) => typeof item === 'string')
        ? { kind: 'exact', values: arg as string[] }
        : undefined;
    case '$match':
      if (typeof arg === 'string') return prefixKey(arg, '');
      return arg instanceof RegExp ? prefixKey(arg.source, arg.flags) : undefined;
    case '$and':
      return Array.isArray(arg) ? arg.map(indexKeyOf).reduce(better, undefined) : undefined;
    case '$or': {
      if (!Array.isArray(arg)) return undefined;
      const keys = arg.map(indexKeyOf);
      if (!keys.every((k) => k?.kind === 'exact')) return undefined;
      return { kind: 'exact', values: keys.flatMap((k) => (k?.kind === 'exact' ? k.values : [])) };
    }
    default:
      return undefined;
  }
}

/**
 * The index key of a (valid) pattern matched against a string value, or `undefined` when nothing
 * can be indexed (numbers, negations, predicates, regexes without a literal start…).
 */
export function indexKeyOf(pattern: unknown): IndexKey | undefined {
  if (typeof pattern === 'string') return { kind: 'exact', values: [pattern] };
  if (pattern instanceof RegExp) return prefixKey(pattern.source, pattern.flags);
  if (!isPatternObject(pattern)) return undefined;
  const keys = Object.keys(pattern);
  if (keys.length === 0 || !keys.every(isOperatorKey)) return undefined;
  return keys.map((op) => operatorKey(op, pattern[op])).reduce(better, undefined);
}

/** The data key of a data pattern to index on, with its key; `undefined` when there is none. */
export interface DataIndexKey {
  /** The key in the data object (`"$$type"` in the pattern means `"$type"`). */
  readonly dataKey: string;
  readonly key: IndexKey;
}

/**
 * Picks the best indexable key of a data pattern: an object pattern's key whose pattern requires
 * exact strings (or, failing that, a literal prefix); also looks into `$and` operands.
 */
export function dataIndexKeyOf(pattern: unknown): DataIndexKey | undefined {
  if (!isPatternObject(pattern)) return undefined;
  const keys = Object.keys(pattern);
  let best: DataIndexKey | undefined;
  const consider = (candidate: DataIndexKey | undefined): void => {
    if (candidate !== undefined && better(best?.key, candidate.key) === candidate.key) best = candidate;
  };
  if (keys.length > 0 && keys.every(isOperatorKey)) {
    const operands = pattern.$and;
    if (Array.isArray(operands)) for (const operand of operands) consider(dataIndexKeyOf(operand));
    return best;
  }
  for (const key of keys) {
    const found = indexKeyOf(pattern[key]);
    if (found !== undefined) consider({ dataKey: dataKeyOf(key), key: found });
  }
  return best;
}
