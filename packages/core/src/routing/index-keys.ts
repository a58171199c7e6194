/**
 * What of a pattern can be indexed (spec §6 subscribers → router): the exact strings it requires,
 * or a literal prefix every matching string starts with. The router only uses these to pick
 * candidates; every candidate is still tested with its compiled pattern, so a key must be a
 * necessary condition of a match, never a sufficient one.
 */
import { dataKeyOf, isOperatorKey, isPatternObject } from '../matcher/pattern-syntax.js';
import { literalPrefixOf } from '../matcher/regex.js';

/**
 * A necessary condition on a string value: one of these exact strings, or this prefix. When
 * `sufficient` is true the condition is also the whole pattern (`"a"`, `{$oneOf: ["a", "b"]}`,
 * `{$match: "^user\\."}`): a value found through the index matches without being tested.
 */
export type IndexKey =
  | { readonly kind: 'exact'; readonly values: readonly string[]; readonly sufficient: boolean }
  | { readonly kind: 'prefix'; readonly prefix: string; readonly sufficient: boolean };

function insufficient(key: IndexKey | undefined): IndexKey | undefined {
  return key === undefined || !key.sufficient ? key : { ...key, sufficient: false };
}

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
  const { text, complete } = literalPrefixOf(source);
  return text === '' ? undefined : { kind: 'prefix', prefix: text, sufficient: complete };
}

function operatorKey(op: string, arg: unknown): IndexKey | undefined {
  switch (op) {
    case '$eq':
      return indexKeyOf(arg);
    case '$oneOf':
    case '$in':
      return Array.isArray(arg) && arg.every((item) => typeof item === 'string')
        ? { kind: 'exact', values: arg as string[], sufficient: true }
        : undefined;
    case '$match':
      if (typeof arg === 'string') return prefixKey(arg, '');
      return arg instanceof RegExp ? prefixKey(arg.source, arg.flags) : undefined;
    case '$and': {
      if (!Array.isArray(arg)) return undefined;
      const best = arg.map(indexKeyOf).reduce(better, undefined);
      return arg.length === 1 ? best : insufficient(best);
    }
    case '$or': {
      if (!Array.isArray(arg)) return undefined;
      const keys = arg.map(indexKeyOf);
      if (!keys.every((k) => k?.kind === 'exact')) return undefined;
      return {
        kind: 'exact',
        values: keys.flatMap((k) => (k?.kind === 'exact' ? k.values : [])),
        sufficient: keys.every((k) => k?.sufficient === true),
      };
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
  if (typeof pattern === 'string') return { kind: 'exact', values: [pattern], sufficient: true };
  if (pattern instanceof RegExp) return prefixKey(pattern.source, pattern.flags);
  if (!isPatternObject(pattern)) return undefined;
  const keys = Object.keys(pattern);
  if (keys.length === 0 || !keys.every(isOperatorKey)) return undefined;
  const best = keys.map((op) => operatorKey(op, pattern[op])).reduce(better, undefined);
  return keys.length === 1 ? best : insufficient(best);
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
    if (best === undefined || (keys.length === 1 && Array.isArray(operands) && operands.length === 1)) return best;
    return { dataKey: best.dataKey, key: insufficient(best.key)! };
  }
  for (const key of keys) {
    const found = indexKeyOf(pattern[key]);
    if (found !== undefined) consider({ dataKey: dataKeyOf(key), key: keys.length === 1 ? found : insufficient(found)! });
  }
  return best;
}
