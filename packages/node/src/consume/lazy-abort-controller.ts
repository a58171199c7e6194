/**
 * An `AbortController` made only when someone reads its signal. The listener holds one per message,
 * and most handlers never look at `context.signal`: creating a real controller (and its signal,
 * which Node tracks for the GC) for each of them cost about a third of the listener's own CPU per
 * message at 0 ms handlers. Aborting before the signal exists is remembered: the signal, when made,
 * is already aborted with the same reason.
 */
export class LazyAbortController {
  #controller: AbortController | undefined;
  #aborted = false;
  #reason: unknown;

  /** The signal, created on first read. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** Whether `abort()` was called, without creating the signal. */
  get aborted(): boolean {
    return this.#aborted;
  }

  /** Aborts (once; later calls are ignored, as with `AbortController`). */
  abort(reason?: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}
