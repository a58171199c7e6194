/**
 * Pattern text → which captured messages match, with core's own matcher: `eventPattern` for an
 * event subscriber (MEGA events only), `dataPattern` for a data subscriber (data objects only),
 * `compilePattern` over the whole decoded body for a message subscriber — the same rules
 * `@sqs-mega/core`'s dispatcher applies, so what matches here is what a subscriber would receive.
 * Pure: the worker runs it, and so do the unit tests.
 */
import {
  PatternError,
  compilePattern,
  dataPattern,
  eventPattern,
  type DecodedBody,
  type EventPatternAttributes,
  type MatchExplanation,
  type Pattern,
} from '@sqs-mega/core';
import { valueText } from '../messages/value-text.js';
import type { Evaluation, EvaluationFailure, ExplanationView, PatternProblem, PatternSource } from './protocol.js';

/** A compiled pattern for one kind of subscriber, over decoded bodies. */
export interface MessageMatcher {
  test(decoded: DecodedBody): boolean;
  /** Core's explanation, values rendered as text. */
  explain(decoded: DecodedBody): ExplanationView;
}

const KIND_NAMES: Record<DecodedBody['kind'], string> = {
  mega: 'a MEGA event',
  data: 'a data object',
  plaintext: 'plaintext',
  binary: 'binary',
};

function wrongKind(expected: string, decoded: DecodedBody): ExplanationView {
  return { match: false, failures: [{ path: [], expected, actual: KIND_NAMES[decoded.kind] }] };
}

/** Core's explanation made printable: each `actual` as bounded text, each error as its message. */
function view(explanation: MatchExplanation): ExplanationView {
  return {
    match: explanation.match,
    failures: explanation.failures.map((failure) => {
      const printable = { path: [...failure.path], expected: failure.expected, actual: valueText(failure.actual) };
      return failure.error === undefined ? printable : { ...printable, error: describeThrown(failure.error) };
    }),
  };
}

const everything: ExplanationView = { match: true, failures: [] };

/**
 * The offset JSON.parse names in its message (`… at position 12 …`), the end of the text for
 * `Unexpected end`, else `undefined` (the editor then finds the spot in its own syntax tree).
 */
function syntaxOffset(error: unknown, text: string): number | undefined {
  const message = String(error);
  const found = /position (\d+)/.exec(message);
  if (found !== null) return Number(found[1]);
  return /Unexpected end/.test(message) ? text.length : undefined;
}

function describeThrown(error: unknown): string {
  if (error instanceof RangeError) return 'The pattern is nested too deeply to compile.';
  return error instanceof Error ? error.message : String(error);
}

/** Parses and compiles a pattern; every failure becomes a {@link PatternProblem}, nothing throws. */
export function compileSource(source: PatternSource): { ok: true; matcher: MessageMatcher } | EvaluationFailure {
  let pattern: unknown = undefined;
  if (source.text.trim() !== '') {
    try {
      pattern = JSON.parse(source.text);
    } catch (error) {
      const offset = syntaxOffset(error, source.text);
      const problem: PatternProblem =
        offset === undefined
          ? { kind: 'syntax', message: describeThrown(error), path: [] }
          : { kind: 'syntax', message: describeThrown(error), path: [], offset };
      return { ok: false, problem };
    }
  }
  try {
    return { ok: true, matcher: matcherFor(source.kind, pattern) };
  } catch (error) {
    const path = error instanceof PatternError ? [...error.path] : [];
    return { ok: false, problem: { kind: 'pattern', message: describeThrown(error), path } };
  }
}

function matcherFor(kind: PatternSource['kind'], pattern: unknown): MessageMatcher {
  switch (kind) {
    case 'event': {
      const compiled = eventPattern((pattern ?? {}) as EventPatternAttributes);
      return {
        test: (d) => d.kind === 'mega' && compiled.test(d.payload),
        explain: (d) => (d.kind === 'mega' ? view(compiled.explain(d.payload)) : wrongKind('a MEGA event (an event subscriber sees only MEGA events)', d)),
      };
    }
    case 'data': {
      const compiled = dataPattern(pattern as Pattern | undefined);
      return {
        test: (d) => d.kind === 'data' && compiled.test(d.data),
        explain: (d) => (d.kind === 'data' ? view(compiled.explain(d.data)) : wrongKind('a data object (a data subscriber sees only data objects)', d)),
      };
    }
    case 'message': {
      if (pattern === undefined) return { test: () => true, explain: () => everything };
      const compiled = compilePattern(pattern as Pattern);
      return { test: (d) => compiled.test(d), explain: (d) => view(compiled.explain(d)) };
    }
  }
}

/** Tests every decoded body; a body the matcher cannot handle (a stack overflow) is a non-match. */
export function evaluateAll(source: PatternSource, decoded: readonly DecodedBody[], now: () => number): Evaluation | EvaluationFailure {
  const started = now();
  const compiled = compileSource(source);
  if (!compiled.ok) return compiled;
  const { matcher } = compiled;
  const matches = new Uint8Array(decoded.length);
  let matched = 0;
  for (let i = 0; i < decoded.length; i++) {
    let hit: boolean;
    try {
      hit = matcher.test(decoded[i]!);
    } catch {
      hit = false;
    }
    if (hit) {
      matches[i] = 1;
      matched++;
    }
  }
  return { ok: true, matches, matched, total: decoded.length, elapsedMs: now() - started };
}

/** Core's explanation for one body, with values rendered as text for the page. */
export function explainOne(source: PatternSource, decoded: DecodedBody): { ok: true; explanation: ExplanationView } | EvaluationFailure {
  const compiled = compileSource(source);
  if (!compiled.ok) return compiled;
  try {
    return { ok: true, explanation: compiled.matcher.explain(decoded) };
  } catch (error) {
    return {
      ok: true,
      explanation: { match: false, failures: [{ path: [], expected: 'a value the matcher can read', actual: 'unreadable', error: describeThrown(error) }] },
    };
  }
}
