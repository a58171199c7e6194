/**
 * The time limit of one Lambda invocation, read once from `context.getRemainingTimeInMillis()`: a
 * signal that fires when `safetyMarginMs` remain (stop starting records, tell running handlers to
 * stop), then a moment `abortGraceMs` later when the handler stops waiting for them, so that its
 * response reaches Lambda before the timeout would fail the whole batch.
 */
import { LambdaDeadlineError } from './lambda-errors.js';
import type { LambdaContext } from './lambda-event.js';

/** The deadline of one invocation; `dispose()` clears its timers. */
export interface InvocationDeadline {
  /** Aborted with a {@link LambdaDeadlineError} once less than `safetyMarginMs` remain; never without a deadline. */
  readonly signal: AbortSignal;
  /** Resolves `abortGraceMs` after `signal` aborted; never without a deadline. */
  readonly givenUp: Promise<void>;
  /** The time left when the invocation started, when Lambda said. */
  readonly remainingAtStartMs: number | undefined;
  dispose(): void;
}

function remainingTime(context: LambdaContext | undefined): number | undefined {
  if (typeof context?.getRemainingTimeInMillis !== 'function') return undefined;
  try {
    const remaining = context.getRemainingTimeInMillis();
    return typeof remaining === 'number' && Number.isFinite(remaining) ? remaining : undefined;
  } catch {
    return undefined;
  }
}

/** The deadline of the invocation `context` describes (none when it cannot tell the time left). */
export function invocationDeadline(context: LambdaContext | undefined, safetyMarginMs: number, abortGraceMs: number): InvocationDeadline {
  const controller = new AbortController();
  const remainingAtStartMs = remainingTime(context);
  if (remainingAtStartMs === undefined) {
    return { signal: controller.signal, givenUp: new Promise<void>(() => undefined), remainingAtStartMs, dispose: () => undefined };
  }
  let giveUpTimer: ReturnType<typeof setTimeout> | undefined;
  let resolveGivenUp: () => void = () => undefined;
  const givenUp = new Promise<void>((resolve) => {
    resolveGivenUp = resolve;
  });
  const reachMargin = () => {
    controller.abort(new LambdaDeadlineError(safetyMarginMs));
    giveUpTimer = setTimeout(resolveGivenUp, abortGraceMs);
  };
  const untilMarginMs = remainingAtStartMs - safetyMarginMs;
  let marginTimer: ReturnType<typeof setTimeout> | undefined;
  if (untilMarginMs <= 0) reachMargin();
  else marginTimer = setTimeout(reachMargin, untilMarginMs);
  return {
    signal: controller.signal,
    givenUp,
    remainingAtStartMs,
    dispose: () => {
      clearTimeout(marginTimer);
      clearTimeout(giveUpTimer);
    },
  };
}
