/**
 * Evaluates the pattern over every capture in the worker as the user types (debounced), and
 * explains the selected message. Results that arrive after a newer request are dropped.
 */
import { useEffect, useState } from 'react';
import type { ExplainOutcome, MatchEngine } from '../worker/match-engine.js';
import type { Evaluation, EvaluationFailure, PatternSource } from '../worker/protocol.js';

/** The matching state the panels show. */
export type MatchState =
  | { readonly status: 'pending' }
  | { readonly status: 'done'; readonly result: Evaluation | EvaluationFailure; readonly roundTripMs: number };

const DEBOUNCE_MS = 40;

export function useMatching(engine: MatchEngine, source: PatternSource, version: number): MatchState {
  const [state, setState] = useState<MatchState>({ status: 'pending' });
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      const started = performance.now();
      void engine.evaluate(source).then((result) => {
        if (live && result !== undefined) setState({ status: 'done', result, roundTripMs: performance.now() - started });
      });
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [engine, source.kind, source.text, version]);
  return state;
}

export function useExplanation(engine: MatchEngine, source: PatternSource, index: number | undefined, version: number): ExplainOutcome | undefined {
  const [outcome, setOutcome] = useState<ExplainOutcome | undefined>(undefined);
  useEffect(() => {
    setOutcome(undefined);
    if (index === undefined) return;
    let live = true;
    const timer = setTimeout(() => {
      void engine.explain(source, index).then((result) => {
        if (live) setOutcome(result);
      });
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [engine, source.kind, source.text, index, version]);
  return outcome;
}
