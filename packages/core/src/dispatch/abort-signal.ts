/**
 * The type of the cancellation signal subscribers receive. Core runs in browsers, in Node and in
 * any other JavaScript runtime, and its published types must compile in every program that uses
 * them — also one with neither the DOM lib nor `@types/node`, where no global `AbortSignal` type
 * exists. So core never names the global: it names {@link PlatformAbortSignal}, which resolves to
 * the program's own `AbortSignal` when the program has one (a subscriber can pass it on to `fetch`
 * or an AWS SDK call) and to the structural {@link AbortSignalLike} when it has none. A global
 * declaration shipped with core's types instead would clash with the DOM lib's and Node's own
 * whenever their declarations drift apart, and would make `AbortSignal` seem to exist in programs
 * whose runtime core knows nothing about.
 */

/**
 * The members of the web-standard `AbortSignal` that subscribers rely on: the signal's state, its
 * reason, and the `abort` event. Every `AbortSignal` (browsers, Node, Deno, Bun, workers) has them.
 */
export interface AbortSignalLike {
  /** Whether the signal has been aborted. */
  readonly aborted: boolean;
  /** Why it was aborted (an error, usually); `undefined` while it has not been. */
  readonly reason: unknown;
  /** Throws {@link AbortSignalLike.reason} when the signal has been aborted. */
  throwIfAborted(): void;
  /** Calls `listener` once the signal aborts. */
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  /** Removes a listener added with {@link AbortSignalLike.addEventListener}. */
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * The program's own `AbortSignal` type when it has one (from the DOM lib or `@types/node`),
 * otherwise {@link AbortSignalLike}. Resolved where core's types are used, not where core was
 * built, so a Node or browser program sees exactly the `AbortSignal` it already knows.
 */
export type PlatformAbortSignal = typeof globalThis extends { AbortSignal: { prototype: infer Signal } }
  ? Signal
  : AbortSignalLike;
