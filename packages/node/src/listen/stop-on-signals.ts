/**
 * Graceful shutdown on SIGINT/SIGTERM: the first signal awaits `stop()` of every listener given,
 * then exits; a second signal while stopping exits at once.
 *
 * Exit codes: `0` when every handler returned (messages settled, deletes flushed); `1` when a
 * handler had to be given up on after the stop timeout and its grace period, or `stop()` failed;
 * `128 + signal number` (130 for SIGINT, 143 for SIGTERM) when a second signal forced the exit.
 */
import { constants } from 'node:os';
import type { StopOptions, StopResult } from './listener-options.js';

/** Anything with an awaitable `stop()`, such as an {@link SqsListener}. */
export interface Stoppable {
  stop(options?: StopOptions): Promise<StopResult>;
}

/** Options of {@link stopOnSignals}. */
export interface StopOnSignalsOptions {
  /** The signals that stop the listeners. @defaultValue ['SIGINT', 'SIGTERM'] */
  readonly signals?: readonly NodeJS.Signals[];
  /** Passed to each `stop()`: how long running handlers may take. @defaultValue the listener's `stopTimeoutMs` */
  readonly timeoutMs?: number;
  /**
   * Call `process.exit(code)` once stopped. With `false`, only `process.exitCode` is set and the
   * signal handlers are removed, so the process ends when nothing else keeps it alive.
   * @defaultValue true
   */
  readonly exit?: boolean;
  /** Called when a signal arrives, before stopping (e.g. to log it). @defaultValue none */
  readonly onSignal?: (signal: NodeJS.Signals) => void;
}

/**
 * Stops `listeners` gracefully on SIGINT/SIGTERM, then exits (see the module's exit codes).
 *
 * @returns a function that removes the signal handlers.
 * @example
 * ```ts
 * listener.start();
 * stopOnSignals(listener, { timeoutMs: 25_000 });
 * ```
 */
export function stopOnSignals(listeners: Stoppable | readonly Stoppable[], options: StopOnSignalsOptions = {}): () => void {
  const targets: readonly Stoppable[] = Array.isArray(listeners) ? listeners : [listeners as Stoppable];
  const signals = options.signals ?? (['SIGINT', 'SIGTERM'] as const);
  const exit = options.exit ?? true;
  let stopping = false;

  const remove = () => {
    for (const signal of signals) process.off(signal, onSignal);
  };

  const finish = (code: number) => {
    process.exitCode = code;
    remove();
    if (exit) process.exit(code);
  };

  function onSignal(signal: NodeJS.Signals): void {
    if (stopping) {
      finish(128 + (constants.signals[signal] ?? 0));
      return;
    }
    stopping = true;
    options.onSignal?.(signal);
    const stopOptions: StopOptions = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
    Promise.all(targets.map((listener) => listener.stop(stopOptions))).then(
      (results) => finish(results.some((r) => r.abandoned > 0) ? 1 : 0),
      () => finish(1),
    );
  }

  for (const signal of signals) process.on(signal, onSignal);
  return remove;
}
