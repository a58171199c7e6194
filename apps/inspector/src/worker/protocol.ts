/**
 * The messages between the page and the matching worker. The worker holds every captured body,
 * decoded once with `@sqs-mega/core`; the page sends patterns as text and gets back which messages
 * match, how long it took, and (for one message at a time) core's explanation.
 */

/** Which subscriber the pattern is written for, as in `@sqs-mega/core`'s dispatcher (spec §6). */
export type SubscriberKind = 'event' | 'data' | 'message';

/** A pattern as the user wrote it: JSON text (blank = no pattern) for one kind of subscriber. */
export interface PatternSource {
  readonly kind: SubscriberKind;
  readonly text: string;
}

/** One step of a path into a value or a pattern. */
export type PathStep = string | number;

/**
 * Why a pattern cannot be used: JSON that does not parse, a pattern core refuses, or a pattern so
 * slow (a catastrophic regex) that the worker was stopped.
 */
export interface PatternProblem {
  readonly kind: 'syntax' | 'pattern' | 'timeout';
  readonly message: string;
  /** `pattern`: the path into the pattern that core's `PatternError` names. */
  readonly path: readonly PathStep[];
  /** `syntax`: the character offset JSON.parse stopped at, when it says. */
  readonly offset?: number;
}

/** One failing place of core's `explain`, made printable (the worker renders `actual` as text). */
export interface FailureView {
  readonly path: readonly PathStep[];
  readonly expected: string;
  readonly actual: string;
  readonly error?: string;
}

/** The outcome of `explain` for one message. */
export interface ExplanationView {
  readonly match: boolean;
  readonly failures: readonly FailureView[];
}

/** Which messages match a pattern. */
export interface Evaluation {
  readonly ok: true;
  /** One byte per loaded message, in load order: 1 = match. */
  readonly matches: Uint8Array;
  readonly matched: number;
  readonly total: number;
  /** Time spent compiling the pattern and testing every message, in the worker. */
  readonly elapsedMs: number;
}

/** A pattern that could not be evaluated. */
export interface EvaluationFailure {
  readonly ok: false;
  readonly problem: PatternProblem;
}

/** Page → worker. */
export type WorkerRequest =
  | { readonly type: 'reset'; readonly bodies: readonly string[] }
  | { readonly type: 'append'; readonly bodies: readonly string[] }
  | { readonly type: 'evaluate'; readonly id: number; readonly source: PatternSource }
  | { readonly type: 'explain'; readonly id: number; readonly source: PatternSource; readonly index: number };

/** Worker → page. */
export type WorkerReply =
  | { readonly type: 'loaded'; readonly total: number; readonly elapsedMs: number }
  | { readonly type: 'evaluated'; readonly id: number; readonly result: Evaluation | EvaluationFailure }
  | {
      readonly type: 'explained';
      readonly id: number;
      readonly result: { readonly ok: true; readonly explanation: ExplanationView } | EvaluationFailure;
    };
