/**
 * The pattern matcher (spec §4–§6): the JSON pattern form, `compilePattern` (test / explain), DSL
 * helpers, and the event and data subscriber patterns.
 */
export type {
  CompiledPattern,
  ComparablePattern,
  DateOnlyPattern,
  DatePattern,
  DateTimePattern,
  MatchExplanation,
  MatchFailure,
  PathStep,
  Pattern,
  PatternLiteral,
  PatternObject,
  PatternOperatorName,
  PatternOperators,
  PatternPredicate,
} from './pattern-form.js';
export { MAX_PATTERN_DEPTH, compilePattern, isCompiledPattern } from './compile.js';
export { matcherCodegenEnabled, setMatcherCodegen, type MatcherCodegenMode } from './codegen.js';
export { eq, neq, gt, gte, lt, lte, match, oneOf, not, and, or, any, empty, type MatchArgument } from './dsl.js';
export {
  eventPattern,
  type EventAttributeName,
  type EventPattern,
  type EventPatternAttributes,
} from './event-pattern.js';
export { dataPattern, type DataPattern } from './data-pattern.js';
