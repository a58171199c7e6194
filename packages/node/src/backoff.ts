/**
 * Exponential backoff with full jitter, shared by the publishers (failed batch entries), the
 * listener (receive errors, messages left for retry) and the delete batcher.
 */

/** How delays grow. */
export interface BackoffOptions {
  /** Delay of the first retry, in milliseconds. @defaultValue 100 */
  readonly baseMs?: number;
  /** Largest delay, in milliseconds. @defaultValue 20000 */
  readonly maxMs?: number;
  /** Growth factor per attempt. @defaultValue 2 */
  readonly factor?: number;
  /**
   * `full`: a uniformly random delay in [0, ceiling] (AWS's "full jitter", best at spreading
   * retries of many clients); `none`: exactly the ceiling.
   * @defaultValue 'full'
   */
  readonly jitter?: 'full' | 'none';
}

/**
 * The delay before retry number `attempt` (1 = the first retry): `min(maxMs, baseMs × factor^(attempt−1))`,
 * jittered. `random` is injectable for tests.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const base = options.baseMs ?? 100;
  const max = options.maxMs ?? 20_000;
  const factor = options.factor ?? 2;
  const ceiling = Math.min(max, base * factor ** Math.max(0, attempt - 1));
  return options.jitter === 'none' ? ceiling : Math.round(random() * ceiling);
}

/** Resolves after `ms` milliseconds, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
