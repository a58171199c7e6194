/**
 * Data subscriber patterns (spec §6, S2): an optional pattern matched against the data object of a
 * `kind: 'data'` result (data objects carrying `megaErrors` included).
 */
import { brandCompiled, compiledFromNode, compileNode, newCompileContext } from './compile.js';
import type { CompiledPattern, Pattern } from './pattern-form.js';

/** A compiled data subscriber pattern. */
export interface DataPattern extends CompiledPattern<Record<string, unknown>> {
  /** The declared pattern; `undefined` when the subscriber takes every data object. */
  readonly pattern: Pattern | undefined;
}

const everyDataObject = {
  test: (): boolean => true,
  explain: () => ({ match: true, failures: [] }),
} as const;

/**
 * Compiles a data subscriber's pattern (any pattern; normally an object pattern, matched
 * partially, §5.5). Without a pattern, `test` is always true: the subscriber receives every data
 * object.
 *
 * @param pattern - the pattern; omit it to receive every data object.
 * @throws PatternError (code `PATTERN_INVALID`) when the pattern is invalid.
 *
 * @example
 * ```ts
 * const notifications = dataPattern({ type: match('^user:notification:'), user: { id: gt(0) } });
 * if (decoded.kind === 'data' && notifications.test(decoded.data)) { ... }
 * ```
 */
export function dataPattern(pattern?: Pattern): DataPattern {
  if (pattern === undefined) return brandCompiled({ ...everyDataObject, pattern: undefined });
  const compiled = compiledFromNode<Record<string, unknown>>(compileNode(pattern, [], newCompileContext()));
  return brandCompiled({ test: compiled.test, explain: compiled.explain, pattern });
}
