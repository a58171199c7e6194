/**
 * A signal for one SQS call: aborted when the listener stops or when the call has run too long.
 * The SDK sets no request timeout by default, and a call hanging on a half-open connection would
 * otherwise silently take a receive slot (or a stop) with it forever.
 */

/** A per-call signal and the function that releases its timer and listener. */
export interface DeadlineSignal {
  readonly signal: AbortSignal;
  dispose(): void;
  /** What a failed call should report: the {@link CallTimeoutError} when the deadline cut it short, else `error`. */
  explain(error: unknown): unknown;
}

/** Thrown into a call that ran past its deadline. */
export class CallTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer from SQS within ${timeoutMs} ms`);
    this.name = 'CallTimeoutError';
  }
}

/** A signal aborted by `parent` (when given) or after `timeoutMs`, whichever comes first. */
export function deadlineSignal(parent: AbortSignal | undefined, timeoutMs: number): DeadlineSignal {
  const controller = new AbortController();
  const explain = (error: unknown) => (controller.signal.reason instanceof CallTimeoutError ? controller.signal.reason : error);
  if (parent?.aborted) {
    controller.abort(parent.reason);
    return { signal: controller.signal, dispose: () => undefined, explain };
  }
  const onAbort = () => controller.abort(parent?.reason);
  parent?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new CallTimeoutError(timeoutMs)), timeoutMs);
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
    explain,
  };
}
