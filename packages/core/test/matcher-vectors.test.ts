/**
 * Runs every `matcher` vector of the shared file (spec §4–§5): `compilePattern(pattern).test(value)`
 * equals `expected`, or `compilePattern` throws a `PatternError` when `expected` is
 * `{"patternError": true}`. `test` must never throw, and `explain` must agree with it.
 *
 * `test` runs on closures for a pattern's first 500 calls (codegen.ts). To run every suite on
 * generated code, or on closures only, preload `globalThis.SQS_MEGA_CODEGEN = 'eager'` (or `'off'`):
 * `NODE_OPTIONS=--import=./set-mode.mjs npx vitest run`.
 */
import { describe, expect, it } from 'vitest';
import { PatternError } from '../src/errors.js';
import { compilePattern } from '../src/matcher/index.js';
import type { Pattern } from '../src/matcher/index.js';
import { untagPattern, untagValue, vectors } from './vectors.js';

interface MatcherVector {
  id: string;
  pattern: unknown;
  value: unknown;
  expected: boolean | { patternError: true };
}

const matcherVectors = vectors.matcher as MatcherVector[];

describe('matcher vectors', () => {
  it('has all 362 public matcher vectors', () => {
    expect(matcherVectors).toHaveLength(362);
  });

  for (const vector of matcherVectors) {
    it(vector.id, () => {
      const pattern = untagPattern(vector.pattern) as Pattern;
      if (typeof vector.expected === 'object') {
        expect(() => compilePattern(pattern)).toThrow(PatternError);
        return;
      }
      const compiled = compilePattern(pattern);
      const value = untagValue(vector.value);
      expect(compiled.test(value)).toBe(vector.expected);
      const explanation = compiled.explain(value);
      expect(explanation.match).toBe(vector.expected);
      if (vector.expected) expect(explanation.failures).toEqual([]);
      else expect(explanation.failures.length).toBeGreaterThan(0);
    });
  }
});
